// Feeds as the executor holds them: float32 values with a concrete shape, checked against the model's
// declared inputs. Quantized TFLite inputs fed as integers are dequantized to their real values.
import { ExecutionError } from '../errors';
import { isQuantized } from '../ir/quantization';
import type { Tensor } from '../ir/types';
import { roundHalfAway } from './ops/math';
import type { ExecutionPlan } from './plan';
import { fmtDims, fmtShape, sizeOf } from './shape-util';
import type { RuntimeTensor } from './types';

/** Typed arrays a feed may come in. */
export type FeedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array;

/** A feed: elements (shape taken from the model input, batch dim from the length) or elements with a shape. */
export type Feed = FeedArray | { readonly data: FeedArray; readonly shape: readonly number[] };

function label(t: Tensor): string {
  return `input "${t.name || t.id}"`;
}

function fail(t: Tensor, message: string): never {
  throw new ExecutionError('bad-feed', `${label(t)}: ${message}`, t.id);
}

/** The feed's shape: given, or the declared shape with the leading dim worked out from the length. */
function feedShape(t: Tensor, feed: Feed): readonly number[] {
  if (!ArrayBuffer.isView(feed)) return feed.shape;
  const declared = t.shape;
  if (declared === undefined) return [feed.length];
  if (declared.length === 0) return [];
  const rest = declared.slice(1);
  if (!rest.every((d): d is number => typeof d === 'number'))
    fail(t, `its shape ${fmtDims(declared)} has unknown dims: pass the feed with a shape`);
  const per = sizeOf(rest as number[]);
  if (per === 0 || feed.length % per !== 0)
    fail(t, `${feed.length} values are not a whole number of samples of ${per} values (shape [N, ${rest.join(', ')}])`);
  return [feed.length / per, ...(rest as number[])];
}

/** Checks a feed's shape against the declared one (the leading, batch dim may differ). */
function checkShape(t: Tensor, shape: readonly number[], length: number): void {
  if (sizeOf(shape) !== length)
    fail(t, `the feed has ${length} values but its shape ${fmtShape(shape)} needs ${sizeOf(shape)}`);
  const declared = t.shape;
  if (declared === undefined) return;
  const want = fmtDims(declared);
  if (declared.length !== shape.length)
    fail(
      t,
      `the model wants shape ${want} but the feed has ${fmtShape(shape)} (rank ${shape.length}, not ${declared.length})`,
    );
  declared.forEach((d, i) => {
    if (i > 0 && typeof d === 'number' && d !== shape[i])
      fail(t, `the model wants shape ${want} but the feed has ${fmtShape(shape)} (dimension ${i}: ${shape[i]} ≠ ${d})`);
  });
}

const GRID: Partial<Record<Tensor['dtype'], readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

/**
 * Elements as float32. A quantized input (TFLite int8 I/O) holds real values: integer feeds are its stored
 * values and are dequantized (real = scale × (q − zero point)); float feeds are real values and are
 * snapped onto its grid, as quantizing them for the integer model would.
 */
function toFloat(t: Tensor, data: FeedArray): Float32Array {
  const out = new Float32Array(data.length);
  const integer = !(data instanceof Float32Array || data instanceof Float64Array);
  const range = GRID[t.dtype];
  if (range && isQuantized(t) && t.quant.scale.length === 1) {
    const s = t.quant.scale[0]!;
    const z = t.quant.zeroPoint[0] ?? 0;
    const [lo, hi] = range;
    for (let i = 0; i < data.length; i++) {
      const q = integer ? Number(data[i]) : Math.min(hi, Math.max(lo, roundHalfAway(Number(data[i]) / s) + z));
      out[i] = s * (q - z);
    }
    return out;
  }
  for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
  return out;
}

/** Every needed feed as a run-time tensor (a fresh float32 copy: the caller's arrays are never written). */
export function normalizeFeeds(plan: ExecutionPlan, feeds: Readonly<Record<string, Feed>>): Map<string, RuntimeTensor> {
  const values = new Map<string, RuntimeTensor>();
  for (const t of plan.feedInputs) {
    const feed = feeds[t.id] ?? feeds[t.name];
    if (feed === undefined) fail(t, 'no feed was given for it');
    const data = ArrayBuffer.isView(feed) ? feed : feed.data;
    const shape = feedShape(t, feed);
    checkShape(t, shape, data.length);
    values.set(t.id, { dtype: t.dtype, shape: [...shape], data: toFloat(t, data) });
  }
  return values;
}
