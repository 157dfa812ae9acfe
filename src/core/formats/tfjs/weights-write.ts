// IR constants → one weights manifest group and its shard files. Each weight is written in its stored
// encoding: quantized ones stay uint8/uint16 with their scale and min, float16 stays float16. Shards are
// cut every `shardBytes` of the concatenated stream, named as tfjs-converter names them.
import { ModelFormatError } from '../../errors';
import { dtypeByteLength } from '../../ir/dtype';
import { constantElementCount } from '../../ir/tensor';
import type { JsonValue, ModelFile, Tensor } from '../../ir/types';
import { isManifestDType, type ManifestDType } from './dtypes';
import { tfjsExtras } from './extras';
import { compact, isObject, type JsonObject } from './json';
import { logicalDtype, type TfjsQuantExtras, type TfjsWeightExtras } from './weights-read';

/** tfjs-converter's default shard size: 4 MiB. */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

/** A constant and the name its manifest entry gets (a graph model's Const node name, a layer weight's path). */
export interface NamedWeight {
  readonly name: string;
  readonly tensor: Tensor;
}

function unsupported(file: string, problem: string): ModelFormatError {
  return new ModelFormatError('unsupported', `${file}: cannot write the weights: ${problem}`, file);
}

/** The manifest's `quantization` for a uint8/uint16 tensor: the one read, while the IR still agrees with it. */
function quantizationOf(file: string, t: Tensor): JsonObject {
  const q = t.quant!;
  if (q.scale.length !== 1 || q.zeroPoint.length !== 1)
    throw unsupported(file, `weight "${t.name}" is quantized per channel, which TF.js weight files cannot hold`);
  const scale = q.scale[0]!;
  const zeroPoint = q.zeroPoint[0]!;
  const original = tfjsExtras<TfjsQuantExtras>(q.extras).quantization;
  if (isObject(original) && original['dtype'] === t.dtype && original['scale'] === scale) {
    const min = original['min'];
    if (typeof min === 'number' && (scale === 0 ? zeroPoint === 0 : -min / scale === zeroPoint)) return original;
  }
  return { dtype: t.dtype, scale, min: -zeroPoint * scale };
}

function entryOf(file: string, w: NamedWeight): { entry: JsonObject; bytes: Uint8Array } {
  const t = w.tensor;
  const shape = t.shape ?? [constantElementCount(t)];
  if (!shape.every((d): d is number => typeof d === 'number'))
    throw unsupported(file, `weight "${w.name}" has no fixed shape`);
  let dtype: ManifestDType;
  let quantization: JsonObject | undefined;
  if (t.dtype === 'float16') {
    dtype = 'float32';
    quantization = { dtype: 'float16' };
  } else if ((t.dtype === 'uint8' || t.dtype === 'uint16') && t.quant) {
    const declared = logicalDtype(t);
    dtype = declared === 'int32' ? 'int32' : 'float32';
    quantization = quantizationOf(file, t);
  } else if (isManifestDType(t.dtype)) dtype = t.dtype;
  else throw unsupported(file, `weight "${w.name}" is ${t.dtype}, which TF.js weight files cannot hold`);

  const rest = tfjsExtras<TfjsWeightExtras>(t.extras).entry ?? {};
  const entry = compact([
    ['name', w.name],
    ['shape', [...shape]],
    ['dtype', dtype],
    ['quantization', quantization],
    ...Object.entries(rest),
  ]);
  return { entry, bytes: bytesOf(file, w, shape) };
}

function bytesOf(file: string, w: NamedWeight, shape: readonly number[]): Uint8Array {
  const t = w.tensor;
  const count = shape.reduce((a, b) => a * b, 1);
  if (t.dtype === 'string') {
    const strings = t.data?.strings ?? [];
    if (strings.length !== count)
      throw unsupported(file, `weight "${w.name}" holds ${strings.length} of ${count} strings`);
    // Each string: its byte length as a little-endian uint32, then its bytes (tfjs-core io_utils.ts).
    const out = new Uint8Array(strings.reduce((n, s) => n + 4 + s.byteLength, 0));
    const view = new DataView(out.buffer);
    let at = 0;
    for (const s of strings) {
      view.setUint32(at, s.byteLength, true);
      out.set(s, at + 4);
      at += 4 + s.byteLength;
    }
    return out;
  }
  const bytes = t.data?.bytes;
  const expected = dtypeByteLength(t.dtype, count);
  if (!bytes) throw unsupported(file, `the values of weight "${w.name}" were not loaded`);
  if (bytes.byteLength !== expected)
    throw unsupported(file, `weight "${w.name}" holds ${bytes.byteLength} bytes, its shape needs ${expected}`);
  return bytes;
}

/** The weights manifest (one group) and its shard files. */
export function writeWeights(
  file: string,
  weights: readonly NamedWeight[],
  shardBytes = DEFAULT_SHARD_BYTES,
): { manifest: JsonValue[]; shards: ModelFile[] } {
  if (weights.length === 0) return { manifest: [], shards: [] };
  if (!(shardBytes >= 1)) throw unsupported(file, `the shard size must be at least one byte`);
  const parts = weights.map((w) => entryOf(file, w));
  const total = parts.reduce((n, p) => n + p.bytes.byteLength, 0);
  const stream = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    stream.set(p.bytes, at);
    at += p.bytes.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards: ModelFile[] = Array.from({ length: count }, (_, i) => ({
    name: `group1-shard${i + 1}of${count}.bin`,
    bytes: stream.subarray(i * shardBytes, Math.min(total, (i + 1) * shardBytes)),
  }));
  return {
    manifest: [{ paths: shards.map((s) => s.name), weights: parts.map((p) => p.entry) }],
    shards,
  };
}
