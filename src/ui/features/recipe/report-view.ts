// What the studio shows of a recipe run: the headline totals across steps, and per-step rows.
import type { StepReport } from '../../../core';
import type { RecipeVariantInfo } from '../../../workers/protocol';

export type PruneStepReport = Extract<StepReport, { kind: 'prune'; report: unknown }>;
export type ClusterStepReport = Extract<StepReport, { kind: 'cluster'; report: unknown }>;
export type CleanupStepReport = Extract<StepReport, { kind: 'cleanup'; report: unknown }>;
export type QuantizeStepReport = Extract<StepReport, { kind: 'quantize'; report: unknown }>;

/** A step that ran (as opposed to one skipped, which says why). */
export function ran(step: StepReport): step is Exclude<StepReport, { skipped: string }> {
  return 'report' in step;
}

function last<T extends StepReport['kind']>(
  steps: readonly StepReport[],
  kind: T,
): Extract<StepReport, { kind: T; report: unknown }> | undefined {
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.kind === kind && ran(s)) return s as Extract<StepReport, { kind: T; report: unknown }>;
  }
  return undefined;
}

/** The headline figures of a recipe variant. */
export interface RecipeTotals {
  /** Zero weights of the variant's layers, of all their weights. */
  readonly zeros: number;
  readonly elements: number;
  readonly sparsity: number;
  /** The last prune step's storage figures (dense / bitmask / CSR bytes). */
  readonly prune?: PruneStepReport['report']['totals'] & { readonly method: PruneStepReport['report']['method'] };
  /** MACs before and after structured pruning. */
  readonly macs?: { readonly before: number; readonly after: number };
  /** The last cluster step's Deep Compression sizes and ratio. */
  readonly cluster?: ClusterStepReport['report']['totals'];
  /** The last quantize step's totals (bytes and weight SQNR). */
  readonly quantize?: QuantizeStepReport['report']['totals'];
  /** Lowest SQNR of a clustered layer, in dB. */
  readonly clusterSqnrDb?: number;
}

export function recipeTotals(variant: RecipeVariantInfo): RecipeTotals {
  let zeros = 0;
  let elements = 0;
  for (const l of variant.layers) {
    zeros += l.zeros;
    elements += l.elements;
  }
  const prune = last(variant.steps, 'prune');
  const cluster = last(variant.steps, 'cluster');
  const quantize = last(variant.steps, 'quantize');
  const channels = variant.steps.filter(
    (s): s is PruneStepReport => s.kind === 'prune' && ran(s) && s.report.macsBefore !== undefined,
  );
  const first = channels[0]?.report.macsBefore;
  const final = channels[channels.length - 1]?.report.macsAfter;
  const sqnrs = cluster?.report.layers.filter((l) => !l.skipped).map((l) => l.sqnrDb) ?? [];
  return {
    zeros,
    elements,
    sparsity: elements ? zeros / elements : 0,
    ...(prune ? { prune: { ...prune.report.totals, method: prune.report.method } } : {}),
    ...(first !== undefined && final !== undefined ? { macs: { before: first, after: final } } : {}),
    ...(cluster ? { cluster: cluster.report.totals } : {}),
    ...(quantize ? { quantize: quantize.report.totals } : {}),
    ...(sqnrs.length ? { clusterSqnrDb: Math.min(...sqnrs) } : {}),
  };
}

export const percent = (ratio: number): string => `${(100 * ratio).toFixed(1)} %`;

/** SQNR as text: `41.0 dB`, or `exact`. */
export const db = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(1)} dB` : 'exact');

/** A compression ratio: `12.3×`. */
export const times = (ratio: number): string => `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
