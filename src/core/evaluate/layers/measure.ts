// Per-layer error: a model and a reference run side by side on the same samples with their layers'
// tensors exposed, each matched layer's values compared batch by batch (SQNR, MSE, cosine, max |Δ|), so
// no run ever keeps more than one batch of intermediates.
import { ExecutionError } from '../../errors';
import { batches, type BatchPlan, type InputSpec } from '../../data/batches';
import type { AbortSignalLike } from '../../execute/run';
import { evaluationOrder, type EvaluateSource, type OutputTensor, type Runner } from '../evaluate';
import { ReferenceAccumulator, type ReferenceMetrics } from '../metrics';
import type { LayerMatch, LayerMatching, LayerRef, MatchedBy } from './match';
import type { Dequantization, TensorProbe } from './probe';

/** The samples both models run on, each fed as its own input wants them. */
export interface LayerErrorSource extends EvaluateSource {
  readonly referenceInput: InputSpec;
}

export interface LayerErrorOptions {
  /** Samples per run (default 16: every layer's tensors of a batch are held at once). */
  readonly batchSize?: number;
  /** Called after each batch with (samples done, samples in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between batches; the run rejects with ExecutionError 'cancelled' once it is aborted. */
  readonly signal?: AbortSignalLike;
}

/** One matched layer's error: the model's values against the reference's, over every sample. */
export interface LayerErrorRow extends LayerRef {
  readonly reference: LayerRef;
  readonly by: MatchedBy;
  /** The tensors compared (the model's, the reference's). */
  readonly tensor: string;
  readonly referenceTensor: string;
  /** One sample's shape as the runtime gave it (the model's side). */
  readonly shape: readonly number[];
  readonly samples: number;
  /** Mean squared difference per element. */
  readonly mse: number;
  /** 10·log10(Σ reference² / Σ difference²) in dB; Infinity when the values are identical. */
  readonly sqnr: number;
  /** Mean over samples of the cosine similarity of the two tensors. */
  readonly cosine: number;
  readonly maxAbsError: number;
  /** Why the layer could not be compared (its figures are NaN then). */
  readonly problem?: string;
}

export interface LayerErrorMeasure {
  readonly samples: number;
  readonly batches: number;
  /** Matched layers in the model's node order. */
  readonly rows: readonly LayerErrorRow[];
  readonly unmatched: readonly LayerRef[];
  /** The first graph outputs compared (agreement of top-1 classes included). */
  readonly output: ReferenceMetrics;
  /** How the data was fitted to each model, as sentences. */
  readonly notes: readonly string[];
}

/** Real values of a probed tensor: integers a runtime returned are dequantized. */
export function realOf(tensor: OutputTensor, dq: Dequantization | undefined): ArrayLike<number> {
  if (!dq) return tensor.data;
  const n = tensor.data.length;
  const out = new Float32Array(n);
  const count = dq.scale.length;
  const axis = dq.axis ?? 0;
  const rank = tensor.shape.length;
  const inner = count > 1 ? tensor.shape.slice(((axis + rank) % rank) + 1).reduce((a, b) => a * b, 1) : 1;
  for (let i = 0; i < n; i++) {
    const c = count > 1 ? Math.floor(i / inner) % count : 0;
    out[i] = dq.scale[c]! * (tensor.data[i]! - (dq.zeroPoint[c] ?? 0));
  }
  return out;
}

/** Both plans walk the same samples in batches of one size (size 1 when either input has no batch dim). */
function pairedPlans(source: LayerErrorSource, size: number): [BatchPlan, BatchPlan] {
  const indices = source.indices ?? evaluationOrder(source.dataset.count, source.samples);
  const options = { ...source.preprocess, ...(indices ? { indices } : {}) };
  const other = batches(source.dataset, source.referenceInput, size, options);
  let own = batches(source.dataset, source.input, other.batchSize, options);
  const paired =
    own.batchSize === other.batchSize ? other : batches(source.dataset, source.referenceInput, own.batchSize, options);
  if (paired.batchSize !== own.batchSize) own = batches(source.dataset, source.input, paired.batchSize, options);
  return [own, paired];
}

interface Slot {
  readonly match: LayerMatch;
  readonly metrics: ReferenceAccumulator;
  shape?: readonly number[];
  problem?: string;
}

const shapeText = (shape: readonly number[]): string => shape.join('×') || 'scalar';

/** Adds one batch of one layer to its slot (or records why it cannot be compared). */
function addBatch(
  slot: { readonly metrics: ReferenceAccumulator; shape?: readonly number[]; problem?: string },
  own: OutputTensor | undefined,
  other: OutputTensor | undefined,
  probes: { readonly probe: TensorProbe; readonly referenceProbe: TensorProbe },
  rows: number,
): void {
  if (slot.problem) return;
  if (!own || !other) {
    const missing = own ? probes.referenceProbe.tensor : probes.probe.tensor;
    slot.problem = `the runtime did not give the tensor "${missing}"`;
    return;
  }
  const perSample = (t: OutputTensor) => (t.shape[0] === rows ? t.shape.slice(1) : t.shape);
  slot.shape ??= perSample(own);
  if (own.data.length !== other.data.length) {
    slot.problem = `the tensors differ in size: ${shapeText(perSample(own))} here, ${shapeText(perSample(other))} in the reference`;
    return;
  }
  // A tensor whose first axis is not the batch is compared as one row (SQNR and MSE are unaffected).
  const n = own.data.length % rows === 0 ? rows : 1;
  const per = own.data.length / n;
  slot.metrics.add(
    { data: realOf(own, probes.probe.dequantize), rows: n, per },
    { data: realOf(other, probes.referenceProbe.dequantize), rows: n, per },
  );
}

/**
 * Runs `model` and `reference` on the source's samples, batch by batch, and compares every matched
 * layer. The runners must return the tensors of `observedTensors(matching, …)` by tensor id, besides
 * the graph outputs. Throws a DatasetError before running when the data does not fit an input.
 */
export async function measureLayerError(
  model: Runner,
  reference: Runner,
  matching: LayerMatching,
  source: LayerErrorSource,
  options: LayerErrorOptions = {},
): Promise<LayerErrorMeasure> {
  const [plan, referencePlan] = pairedPlans(source, options.batchSize ?? 16);
  const otherBatches = referencePlan[Symbol.iterator]();
  const slots: Slot[] = matching.pairs.map((match) => ({ match, metrics: new ReferenceAccumulator() }));
  const output: { metrics: ReferenceAccumulator; shape?: readonly number[]; problem?: string } = {
    metrics: new ReferenceAccumulator(),
  };
  let done = 0;
  for (const batch of plan) {
    if (options.signal?.aborted) throw new ExecutionError('cancelled', 'the per-layer error run was cancelled');
    const other = otherBatches.next();
    if (other.done) break;
    const own = await model({ [source.input.name]: batch.feed });
    const theirs = await reference({ [source.referenceInput.name]: other.value.feed });
    const rows = batch.samples.length;
    for (const slot of slots)
      addBatch(slot, own[slot.match.probe.tensor], theirs[slot.match.referenceProbe.tensor], slot.match, rows);
    addBatch(
      output,
      own[matching.output.probe.tensor],
      theirs[matching.output.referenceProbe.tensor],
      matching.output,
      rows,
    );
    done += rows;
    options.onProgress?.(done, plan.samples);
  }
  if (output.problem)
    throw new ExecutionError('shape-mismatch', `the two models' outputs cannot be compared: ${output.problem}`);
  const rows = slots.map((slot): LayerErrorRow => {
    const { match } = slot;
    const m = slot.metrics.result();
    return {
      nodeId: match.nodeId,
      name: match.name,
      op: match.op,
      reference: match.reference,
      by: match.by,
      tensor: match.probe.tensor,
      referenceTensor: match.referenceProbe.tensor,
      shape: slot.shape ?? [],
      samples: done,
      ...(slot.problem
        ? { mse: NaN, sqnr: NaN, cosine: NaN, maxAbsError: NaN, problem: slot.problem }
        : { mse: m.mse, sqnr: m.sqnr, cosine: m.cosine, maxAbsError: m.maxAbsError }),
    };
  });
  return {
    samples: done,
    batches: plan.batchCount,
    rows,
    unmatched: matching.unmatched,
    output: output.metrics.result(),
    // The reference's own notes only where its input was fitted differently.
    notes: [
      ...plan.notes,
      ...referencePlan.notes.filter((n) => !plan.notes.includes(n)).map((n) => `for the reference model: ${n}`),
    ],
  };
}
