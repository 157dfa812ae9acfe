// The recipe editor's knowledge of steps: their names, one-line explanations, defaults, a summary line per
// step, and what stops a recipe from running — kept apart from the components so it can be tested alone.
import type {
  CleanupPass,
  ClusterInit,
  FormatId,
  PruneMethod,
  Recipe,
  RecipeStep,
  RecipeStepKind,
} from '../../../core';
import { formatCaps } from '../quantize/form';
import { MODES } from '../quantize/explain';

type Line = { readonly name: string; readonly line: string };

export const STEP_KINDS: Readonly<Record<RecipeStepKind, Line>> = {
  cleanup: {
    name: 'Clean up',
    line: 'The rewrites every converter does: fold BatchNorm, drop Identity, fold constants.',
  },
  prune: { name: 'Prune', line: 'Sets the smallest weights to zero, or removes whole channels.' },
  cluster: { name: 'Cluster', line: 'Shares weights: each layer keeps k distinct values (indices plus a codebook).' },
  quantize: { name: 'Quantize', line: 'Stores weights (and activations) in fewer bits.' },
  edit: { name: 'Edit graph', line: 'Graph edits (bypass, rename, rewire, …) replayed in order.' },
};

export const STEP_ORDER: readonly RecipeStepKind[] = ['cleanup', 'prune', 'cluster', 'quantize'];

export const CLEANUP_PASS_LINES = {
  'fold-constants': { name: 'Fold constants', line: 'Nodes whose inputs are all constants become their result.' },
  'remove-identity': { name: 'Remove no-ops', line: 'Identity, Dropout and Reshapes to the same shape go.' },
  'fold-batchnorm': { name: 'Fold BatchNorm', line: 'BatchNormalization after Conv / Gemm merges into its weights.' },
  'fuse-activations': { name: 'Fuse activations', line: 'TFLite: a RELU after a conv becomes its fused activation.' },
  'dead-nodes': { name: 'Remove dead nodes', line: 'Nodes and weights nothing reads on the way to an output.' },
} as const satisfies Record<CleanupPass, Line>;

/** Every clean-up pass in the order they run (the core's default order). */
export const CLEANUP_PASS_ORDER: readonly CleanupPass[] = [
  'fold-constants',
  'remove-identity',
  'fold-batchnorm',
  'fuse-activations',
  'dead-nodes',
];

export const PRUNE_METHODS = {
  magnitude: { name: 'Magnitude', line: 'The smallest |w| become zero: any sparsity, stored as a bitmask or CSR.' },
  'n-m': { name: '2:4 sparse', line: 'Two of every four weights are kept: 50 % sparsity sparse kernels can use.' },
  channels: {
    name: 'Channels',
    line: 'Removes whole filters with the smallest norm: the model really gets smaller and faster.',
  },
} as const satisfies Record<PruneMethod, Line>;

export const PRUNE_SCOPES = {
  layer: { name: 'Per layer', line: 'Every layer loses the same share of its weights.' },
  global: { name: 'Global', line: 'One threshold for all layers: big, redundant layers lose more.' },
} as const;

export const CLUSTER_INITS = {
  linear: { name: 'Linear', line: 'Centroids start evenly over [min, max] (Deep Compression\u2019s best).' },
  density: { name: 'Density', line: 'Centroids start at the quantiles: more of them where weights are dense.' },
  random: { name: 'Random', line: 'Centroids start at weights drawn at random (seeded).' },
} as const satisfies Record<ClusterInit, Line>;

/** Limits of the editor's inputs (the core checks them again). */
export const LIMITS = {
  sparsity: { min: 0, max: 0.99, step: 0.01 },
  clusters: { min: 2, max: 256 },
} as const;

/** A new step of a kind with sensible defaults for the model's format. */
export function defaultStep(kind: RecipeStepKind, format?: FormatId): RecipeStep {
  switch (kind) {
    case 'cleanup':
      return { kind: 'cleanup' };
    case 'prune':
      return { kind: 'prune', method: 'magnitude', sparsity: 0.5, scope: 'layer' };
    case 'cluster':
      return { kind: 'cluster', clusters: 16, init: 'linear', keepZeros: true };
    case 'quantize':
      // TFLite's own weight-only form is hybrid int8; both formats take int8 weights without data.
      return format === 'tflite' || format === 'onnx'
        ? { kind: 'quantize', mode: 'int8-weights', granularity: 'per-channel' }
        : { kind: 'quantize', mode: 'int8-weights' };
    case 'edit':
      // Edit steps come from the graph editor's history; a new one starts empty.
      return { kind: 'edit', ops: [] };
  }
}

const pct = (fraction: number): string => `${Math.round(fraction * 100)} %`;

/** One line saying what a step will do. */
export function stepSummary(step: RecipeStep): string {
  switch (step.kind) {
    case 'cleanup': {
      const passes = step.passes;
      if (!passes) return 'All clean-up passes';
      if (passes.length === 0) return 'No pass selected';
      return passes.map((p) => CLEANUP_PASS_LINES[p].name).join(', ');
    }
    case 'prune': {
      const parts: string[] = [];
      if (step.method === 'n-m') parts.push(`${step.n ?? 2}:${step.m ?? 4} semi-structured`);
      else if (step.method === 'channels')
        parts.push(`${pct(step.sparsity ?? 0.5)} of channels`, `${(step.norm ?? 'l1').toUpperCase()} norm`);
      else
        parts.push(`${pct(step.sparsity ?? 0.5)} of weights`, PRUNE_SCOPES[step.scope ?? 'layer'].name.toLowerCase());
      if (step.excludeFirstLast) parts.push('first and last layer kept');
      return parts.join(' · ');
    }
    case 'cluster': {
      const parts = [
        `${step.clusters ?? 16} clusters`,
        `${CLUSTER_INITS[step.init ?? 'linear'].name.toLowerCase()} init`,
      ];
      if (step.keepZeros === false) parts.push('zeros clustered too');
      if (step.excludeFirstLast) parts.push('first and last layer kept');
      return parts.join(' · ');
    }
    case 'quantize': {
      const parts: string[] = [MODES[step.mode].name];
      if (step.mode !== 'float16') parts.push(step.granularity === 'per-tensor' ? 'per tensor' : 'per channel');
      return parts.join(' · ');
    }
    case 'edit':
      return `${step.ops.length} graph edit${step.ops.length === 1 ? '' : 's'}`;
  }
}

/** A step's title in the list: the user's label, else the kind's name. */
export function stepTitle(step: RecipeStep): string {
  return step.label?.trim() || STEP_KINDS[step.kind].name;
}

/** Why a step cannot run on this format, as a sentence; undefined when it can. */
export function stepProblem(step: RecipeStep, format: FormatId): string | undefined {
  if (step.enabled === false) return undefined;
  const name = format === 'tfjs' ? 'TF.js' : format === 'tflite' ? 'TFLite' : format.toUpperCase();
  if ((step.kind === 'prune' || step.kind === 'cluster') && format === 'tfjs')
    return `${STEP_KINDS[step.kind].name} does not support ${name} models yet.`;
  if (step.kind === 'quantize') {
    const caps = formatCaps(format);
    if (!caps) return `The studio cannot quantize ${name} models yet.`;
    if (!caps.modes.includes(step.mode)) return `${MODES[step.mode].name} is not available for ${name} models.`;
  }
  if (step.kind === 'cleanup' && step.passes?.length === 0) return 'Choose at least one clean-up pass.';
  return undefined;
}

/** True when an enabled step quantizes to static int8 (it needs calibration data). */
export function needsCalibration(recipe: Recipe): boolean {
  return recipe.steps.some((s) => s.enabled !== false && s.kind === 'quantize' && s.mode === 'int8');
}

/** The first enabled static int8 quantize step, by index (-1: none). */
export function calibrationStep(recipe: Recipe): number {
  return recipe.steps.findIndex((s) => s.enabled !== false && s.kind === 'quantize' && s.mode === 'int8');
}

/** Why Run cannot start, naming the step; undefined when it can. */
export function recipeBlocker(recipe: Recipe, format: FormatId): string | undefined {
  if (!recipe.name.trim()) return 'Give the recipe a name: the variant it makes is named after it.';
  if (recipe.steps.length === 0) return 'Add a step, or start from a preset.';
  if (!recipe.steps.some((s) => s.enabled !== false)) return 'Every step is disabled: enable at least one.';
  for (const [i, step] of recipe.steps.entries()) {
    const problem = stepProblem(step, format);
    if (problem) return `Step ${i + 1} (${stepTitle(step)}): ${problem}`;
  }
  return undefined;
}
