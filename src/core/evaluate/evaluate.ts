// The evaluation driver: feeds a dataset batch by batch to a runner (any runtime behind one function:
// onnxruntime, tfjs, the reference executor) and folds the outputs into the streaming metrics. It knows
// nothing of runtimes, so the studio's worker and the CLI share it.
import { ExecutionError } from '../errors';
import { batches, type BatchOptions, type InputSpec } from '../data/batches';
import { classLabels, type Dataset } from '../data/dataset';
import type { AbortSignalLike } from '../execute/run';
import type { Feed } from '../execute/feeds';
import { seededOrder } from '../util/random';
import {
  ClassificationAccumulator,
  ReferenceAccumulator,
  StatisticsAccumulator,
  type ClassificationMetrics,
  type OutputStatistics,
  type ReferenceMetrics,
  type ScoreRows,
} from './metrics';

/** One output of a run: values in row-major order and their shape. */
export interface OutputTensor {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** A model behind a runtime: feeds by input name in, outputs by name out (in the model's output order). */
export type Runner = (feeds: Readonly<Record<string, Feed>>) => Promise<Readonly<Record<string, OutputTensor>>>;

/** Seed of the subset evaluated when fewer samples than the dataset holds are asked for. */
export const EVALUATION_SEED = 20240607;

/** What to evaluate on: a dataset, the model input it feeds, and how its values are preprocessed. */
export interface EvaluateSource {
  readonly dataset: Dataset;
  /** The model's data input; feeds are keyed by its name. */
  readonly input: InputSpec;
  readonly preprocess?: Pick<BatchOptions, 'scale' | 'mean' | 'std'>;
  /** Exactly these samples, in this order (default: all, or a seeded subset of `samples`). */
  readonly indices?: ArrayLike<number>;
  /** At most this many samples: a seeded random subset, so a class-sorted file gives every class. */
  readonly samples?: number;
}

export interface EvaluateOptions {
  /** Class label per dataset sample; default: the dataset's y when it holds class labels; false: none. */
  readonly labels?: ArrayLike<number> | false;
  /** Runs on the same samples; the outputs are compared with it (agreement, MSE, SQNR, cosine). */
  readonly reference?: Runner;
  /**
   * The reference model's data input when it is not the model's (another name, dtype or quantization):
   * the reference then gets the samples cast for its own input. Default: the model's feeds.
   */
  readonly referenceInput?: InputSpec;
  /** The output scored (default: the runner's first). The reference's first output is compared with it. */
  readonly output?: string;
  /** Samples per run (default 32). */
  readonly batchSize?: number;
  /** Called after each batch with (samples done, samples in all). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between batches; the evaluation rejects with ExecutionError 'cancelled' once it is aborted. */
  readonly signal?: AbortSignalLike;
}

export interface EvaluationResult {
  readonly samples: number;
  readonly batches: number;
  /** The output scored and how many values it has per sample. */
  readonly output: string;
  readonly valuesPerSample: number;
  /** How the data was fitted to the model (casts, singleton dims, scaling) and what was not scored. */
  readonly notes: readonly string[];
  /** With class labels and more than one value per sample. */
  readonly classification?: ClassificationMetrics;
  /** With a reference runner. */
  readonly reference?: ReferenceMetrics;
  readonly statistics: OutputStatistics;
}

/** The samples evaluated: all of them, or the first `samples` of a seeded shuffle. */
export function evaluationOrder(count: number, samples?: number): Int32Array | undefined {
  if (samples === undefined || samples >= count) return undefined;
  return seededOrder(count, EVALUATION_SEED).slice(0, Math.max(1, Math.floor(samples)));
}

function rowsOf(tensor: OutputTensor, rows: number, name: string, who: string): ScoreRows {
  const length = tensor.data.length;
  if (rows === 0 || length % rows !== 0)
    throw new ExecutionError(
      'shape-mismatch',
      `${who} output "${name}" has ${length} values for ${rows} samples: not a whole number per sample`,
      name,
    );
  return { data: tensor.data, rows, per: length / rows };
}

function pick(outputs: Readonly<Record<string, OutputTensor>>, name: string | undefined, who: string) {
  const names = Object.keys(outputs);
  const chosen = name ?? names[0];
  const tensor = chosen === undefined ? undefined : outputs[chosen];
  if (chosen === undefined || !tensor)
    throw new ExecutionError(
      'unsupported-case',
      `${who} has no output${name ? ` named "${name}" (it has ${names.map((n) => `"${n}"`).join(', ')})` : 's'}`,
      name,
    );
  return { name: chosen, tensor };
}

/**
 * Evaluates `runner` on `source`, batch by batch. Throws a DatasetError before running when the data does
 * not fit the input (naming the dimension that disagrees) or when a label exceeds the model's classes.
 */
export async function evaluate(
  runner: Runner,
  source: EvaluateSource,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const { dataset, input } = source;
  const indices = source.indices ?? evaluationOrder(dataset.count, source.samples);
  const batchOptions = { ...source.preprocess, ...(indices ? { indices } : {}) };
  const size = options.batchSize ?? 32;
  // Both plans walk the same samples in batches of one size (size 1 when either input has no batch dim).
  const referencePlan =
    options.reference && options.referenceInput
      ? batches(dataset, options.referenceInput, size, batchOptions)
      : undefined;
  const plan = batches(dataset, input, referencePlan?.batchSize ?? size, batchOptions);
  const paired =
    referencePlan && referencePlan.batchSize !== plan.batchSize
      ? batches(dataset, options.referenceInput!, plan.batchSize, batchOptions)
      : referencePlan;
  const referenceBatches = paired?.[Symbol.iterator]();
  const notes = [...plan.notes, ...(paired?.notes ?? []).map((note) => `for the reference model: ${note}`)];
  const labels = options.labels === false ? undefined : (options.labels ?? (dataset.y && classLabels(dataset.y)));
  if (options.labels === undefined && dataset.y && !labels)
    notes.push(`${dataset.name}: y does not hold class labels, so accuracy is not measured`);
  const key = input.name;
  const classification = new ClassificationAccumulator();
  const reference = options.reference ? new ReferenceAccumulator() : undefined;
  const statistics = new StatisticsAccumulator();
  let output = '';
  let per = 0;
  let done = 0;
  let scored = false;
  for (const batch of plan) {
    if (options.signal?.aborted) throw new ExecutionError('cancelled', 'the evaluation was cancelled');
    const feeds = { [key]: batch.feed };
    const rows = batch.samples.length;
    const chosen = pick(await runner(feeds), options.output, 'the model');
    output = chosen.name;
    const scores = rowsOf(chosen.tensor, rows, chosen.name, 'the model');
    per = scores.per;
    statistics.add(scores.data);
    if (labels && per > 1) {
      scored = true;
      classification.add(
        scores,
        Array.from(batch.samples, (s) => labels[s]!),
        dataset.name,
      );
    }
    if (reference && options.reference) {
      const own = referenceBatches?.next();
      const referenceFeeds = own && !own.done ? { [options.referenceInput!.name]: own.value.feed } : feeds;
      const other = pick(await options.reference(referenceFeeds), undefined, 'the reference model');
      reference.add(scores, rowsOf(other.tensor, rows, other.name, 'the reference model'));
    }
    done += rows;
    options.onProgress?.(done, plan.samples);
  }
  if (labels && !scored) notes.push(`the output "${output}" has one value per sample, so class labels are not scored`);
  return {
    samples: plan.samples,
    batches: plan.batchCount,
    output,
    valuesPerSample: per,
    notes,
    ...(scored ? { classification: classification.result() } : {}),
    ...(reference ? { reference: reference.result() } : {}),
    statistics: statistics.result(),
  };
}

/**
 * A runner for a model whose batch dim is fixed at `size` (often 1): a larger batch of `input` is cut
 * into runs of `size` rows and the outputs are joined along their first axis.
 */
export function withFixedBatch(runner: Runner, input: string, size: number): Runner {
  return async (feeds) => {
    const feed = feeds[input];
    if (!feed || ArrayBuffer.isView(feed) || (feed.shape[0] ?? 0) <= size) return runner(feeds);
    const rows = feed.shape[0]!;
    const per = feed.data.length / rows;
    const parts: Readonly<Record<string, OutputTensor>>[] = [];
    for (let start = 0; start < rows; start += size) {
      const count = Math.min(size, rows - start);
      const data = feed.data.subarray(start * per, (start + count) * per);
      parts.push(await runner({ ...feeds, [input]: { data, shape: [count, ...feed.shape.slice(1)] } }));
    }
    const joined: Record<string, OutputTensor> = {};
    for (const name of Object.keys(parts[0]!)) {
      const pieces = parts.map((p) => p[name]!);
      const data = new Float32Array(pieces.reduce((n, p) => n + p.data.length, 0));
      let at = 0;
      for (const p of pieces) {
        data.set(p.data, at);
        at += p.data.length;
      }
      const first = pieces[0]!.shape;
      joined[name] = { data, shape: [pieces.reduce((n, p) => n + (p.shape[0] ?? 1), 0), ...first.slice(1)] };
    }
    return joined;
  };
}
