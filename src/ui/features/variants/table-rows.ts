// The rows of the variants table: one per member of the family, with its figures, its latest evaluation and
// its differences from the original — pure, so the table, the Pareto chart and the tests share them.
import type { ModelId, RecipeStep, VariantInfo } from '../../../workers/protocol';
import type { EvaluationRecord } from '../../store';
import type { VariantEntry } from '../../store/types';
import { MODES } from '../quantize/explain';
import { stepSummary, stepTitle } from '../recipe/steps';

/** Figures a row carries and the table can sort by. */
export type Metric = 'fileBytes' | 'weightBytes' | 'macs' | 'peakBytes' | 'top1' | 'agreement';

export interface VariantRow {
  readonly id: ModelId;
  readonly label: string;
  readonly fileName: string;
  /** Position in the family (the original is 0). */
  readonly order: number;
  readonly isOriginal: boolean;
  /** How it was made, in a line ("int8 static · per channel"), and one line per step. */
  readonly madeBy: string;
  readonly steps: readonly string[];
  readonly fileBytes: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly peakBytes: number;
  /** Top-1 of its latest evaluation (0..1), when it was evaluated on labelled data. */
  readonly top1?: number;
  /** Share of samples where its top-1 class is the original's (variants evaluated against the original). */
  readonly agreement?: number;
  /** What it was evaluated on, as the evaluate panel says it. */
  readonly evaluatedOn?: string;
  /**
   * Against the original: relative changes of the sizes (−0.74 for 74 % smaller) and the accuracy
   * difference in percentage points (only when both ran on the same data).
   */
  readonly delta: Partial<Record<'fileBytes' | 'weightBytes' | 'macs' | 'peakBytes', number>> & {
    readonly top1Points?: number;
  };
}

const quantizeLine = (options: Extract<RecipeStep, { kind: 'quantize' }>['options']): string =>
  [
    MODES[options.mode].name,
    ...(options.mode === 'float16' ? [] : [options.granularity === 'per-tensor' ? 'per tensor' : 'per channel']),
    ...(options.onnxFormat === 'qoperator' ? ['QOperator'] : []),
  ].join(' · ');

/** How a variant was made: a headline and one line per step of its lineage. */
export function madeBy(variant: VariantInfo | undefined): { line: string; steps: string[] } {
  if (!variant) return { line: 'The model as it was opened', steps: [] };
  const lines: string[] = [];
  const heads: string[] = [];
  for (const step of variant.recipe) {
    if (step.kind === 'quantize') {
      const line = quantizeLine(step.options);
      const data = step.calibration
        ? `, calibrated on ${step.calibration.samples} samples of ${step.calibration.data}`
        : '';
      heads.push(`Quantize: ${line}`);
      lines.push(`Quantize: ${line}${data}`);
    } else {
      const enabled = step.recipe.steps.filter((s) => s.enabled !== false);
      heads.push(`${step.recipe.name}: ${enabled.map(stepTitle).join(' → ') || 'no step'}`);
      for (const s of enabled) lines.push(`${stepTitle(s)}: ${stepSummary(s)}`);
    }
  }
  return { line: heads.join('; ') || variant.label, steps: lines };
}

const totalFileBytes = (entry: VariantEntry): number => entry.model.summary.files.reduce((sum, f) => sum + f.bytes, 0);

const relative = (value: number, base: number): number | undefined => (base > 0 ? value / base - 1 : undefined);

/** One row per member of the family, in family order (the original first). */
export function variantRows(
  family: readonly VariantEntry[],
  evaluations: Readonly<Record<ModelId, EvaluationRecord>>,
): VariantRow[] {
  const original = family[0];
  const base = original
    ? {
        fileBytes: totalFileBytes(original),
        metrics: original.model.summary.metrics,
        evaluation: evaluations[original.id],
      }
    : undefined;
  return family.map((entry, order) => {
    const m = entry.model.summary.metrics;
    const fileBytes = totalFileBytes(entry);
    const evaluation = evaluations[entry.id];
    const top1 = evaluation?.result.result.classification?.top1;
    // The original's agreement with itself says nothing; a variant's needs the original as its reference.
    const reference = evaluation?.result.result.reference;
    const agreement =
      order > 0 && reference && evaluation?.result.referenceId === original?.id ? reference.agreement : undefined;
    const baseTop1 = base?.evaluation?.result.result.classification?.top1;
    const sameData = base?.evaluation?.dataLabel === evaluation?.dataLabel;
    const delta: VariantRow['delta'] = {};
    if (base && order > 0) {
      const put = (key: 'fileBytes' | 'weightBytes' | 'macs' | 'peakBytes', value: number, from: number) => {
        const r = relative(value, from);
        if (r !== undefined) (delta as Record<string, number>)[key] = r;
      };
      put('fileBytes', fileBytes, base.fileBytes);
      put('weightBytes', m.weightBytes, base.metrics.weightBytes);
      put('macs', m.macs, base.metrics.macs);
      put('peakBytes', m.peakActivationBytes, base.metrics.peakActivationBytes);
      if (top1 !== undefined && baseTop1 !== undefined && sameData)
        (delta as { top1Points?: number }).top1Points = 100 * (top1 - baseTop1);
    }
    const made = madeBy(entry.model.variant);
    return {
      id: entry.id,
      label: entry.label,
      fileName: entry.model.summary.fileName,
      order,
      isOriginal: order === 0,
      madeBy: made.line,
      steps: made.steps,
      fileBytes,
      weightBytes: m.weightBytes,
      macs: m.macs,
      peakBytes: m.peakActivationBytes,
      ...(top1 !== undefined ? { top1 } : {}),
      ...(agreement !== undefined ? { agreement } : {}),
      ...(evaluation ? { evaluatedOn: evaluation.dataLabel } : {}),
      delta,
    };
  });
}

export type SortKey = 'order' | 'label' | Metric;
export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

/** The rows sorted by one column; rows without the figure (not evaluated) go last either way. */
export function sortRows(rows: readonly VariantRow[], sort: Sort): VariantRow[] {
  const value = (r: VariantRow): number | string | undefined =>
    sort.key === 'label' ? r.label.toLowerCase() : sort.key === 'order' ? r.order : r[sort.key];
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === undefined || vb === undefined) return va === vb ? a.order - b.order : va === undefined ? 1 : -1;
    if (va === vb) return a.order - b.order;
    return (va < vb ? -1 : 1) * sign;
  });
}

/** A relative change as the table shows it: `−74 %`, `+3.1 %`, `±0 %` (true minus sign). */
export function formatRelative(fraction: number): string {
  const pct = 100 * fraction;
  const abs = Math.abs(pct);
  const digits = abs > 0 && abs < 10 ? 1 : 0;
  const text = abs.toFixed(digits);
  if (Number(text) === 0) return '±0 %';
  return `${pct < 0 ? '−' : '+'}${text} %`;
}

/** An accuracy difference in percentage points: `−0.3 pt`, `+1.2 pt`, `±0 pt`. */
export function formatPoints(points: number): string {
  // Hundredths only for changes under a tenth of a point (one digit in 10,000 samples).
  const text = Math.abs(points).toFixed(Math.abs(points) >= 0.095 ? 1 : 2);
  if (Number(text) === 0) return '±0 pt';
  return `${points < 0 ? '−' : '+'}${text} pt`;
}
