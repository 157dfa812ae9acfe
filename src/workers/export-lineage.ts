// A variant's lineage (how it was derived from the opened file) as the plain sentences the C header's comment
// and the reports print: one line per quantization, one per recipe step that ran.
import type { QuantizeSettings, RecipeStep } from './protocol';
import type { RecipeStep as CoreRecipeStep } from '../core';
import { MODE_LABELS } from './quantize-job';

/** One step of the lineage, as text. */
export interface LineageLine {
  readonly kind: string;
  readonly summary: string;
}

type Calibration = Extract<RecipeStep, { kind: 'quantize' }>['calibration'];

const percent = (fraction: number): string => `${Math.round(fraction * 1000) / 10}%`;

function calibrationText(calibration: Calibration): string {
  if (!calibration) return '';
  const data = calibration.data === 'mnist' ? 'the built-in MNIST digits' : calibration.data;
  const range = calibration.pixelScale ? `, pixels ${calibration.pixelScale}` : '';
  const method =
    calibration.method === 'percentile' && calibration.percentile !== undefined
      ? `percentile ${calibration.percentile}`
      : calibration.method;
  return `; calibrated on ${data} (${calibration.samples} samples${range}, ${method} ranges)`;
}

function quantizeText(options: QuantizeSettings | Omit<QuantizeSettings, 'overrides'>): string {
  const parts: string[] = [MODE_LABELS[options.mode].label];
  if (options.mode !== 'float16') {
    parts.push(options.granularity === 'per-tensor' ? 'per tensor' : 'per channel');
    parts.push(options.symmetric === false ? 'asymmetric' : 'symmetric');
  }
  if (options.mode === 'int8' && options.activationDType) parts.push(`${options.activationDType} activations`);
  if (options.onnxFormat) parts.push(options.onnxFormat === 'qoperator' ? 'QOperator' : 'QDQ');
  if (options.ioType) parts.push(`${options.ioType} inputs and outputs`);
  if (options.blockSize) parts.push(`blocks of ${options.blockSize}`);
  return parts.join(', ');
}

function recipeStepText(step: CoreRecipeStep): string {
  switch (step.kind) {
    case 'cleanup':
      return step.passes ? `clean-up passes: ${step.passes.join(', ') || 'none'}` : 'all clean-up passes';
    case 'prune':
      if (step.method === 'n-m') return `prune ${step.n ?? 2}:${step.m ?? 4} semi-structured`;
      if (step.method === 'channels') return `prune ${percent(step.sparsity ?? 0.5)} of channels`;
      return `prune ${percent(step.sparsity ?? 0.5)} of weights (${step.scope ?? 'layer'} magnitude)`;
    case 'cluster':
      return `cluster weights into ${step.clusters ?? 16} shared values (${step.init ?? 'linear'} init)`;
    case 'quantize':
      return `quantize: ${quantizeText(step)}`;
    case 'edit':
      return `edit: ${step.ops.length} operation${step.ops.length === 1 ? '' : 's'}`;
  }
}

/** The lineage of a model: empty for an opened file; a step per quantization and per recipe step that ran. */
export function lineageLines(steps: readonly RecipeStep[]): LineageLine[] {
  const lines: LineageLine[] = [];
  for (const step of steps) {
    if (step.kind === 'quantize') {
      const overrides = Object.keys(step.options.overrides ?? {}).length;
      const extra = overrides ? `; ${overrides} layer override${overrides === 1 ? '' : 's'}` : '';
      lines.push({
        kind: 'quantize',
        summary: `${quantizeText(step.options)}${extra}${calibrationText(step.calibration)}`,
      });
      continue;
    }
    const name = step.recipe.name.trim() || 'recipe';
    const ran = step.recipe.steps.filter((s) => s.enabled !== false);
    ran.forEach((s, i) => {
      const label = s.label?.trim() ? ` "${s.label.trim()}"` : '';
      const calibrated = s.kind === 'quantize' && s.mode === 'int8' ? calibrationText(step.calibration) : '';
      lines.push({
        kind: s.kind,
        summary: `${name}, step ${i + 1}${label}: ${recipeStepText(s)}${calibrated}`,
      });
    });
  }
  return lines;
}
