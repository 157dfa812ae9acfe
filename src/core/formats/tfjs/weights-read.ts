// The weights manifest → IR constant tensors. A manifest is a list of groups; a group's shard files are
// concatenated in order and its weights follow each other in that byte stream (tfjs-core io_utils.ts
// decodeWeights). Quantized weights keep their stored bytes: the tensor's dtype is the stored one
// (uint8/uint16/float16) and `quant` says how to get the values back.
import { ModelFormatError } from '../../errors';
import type { DType } from '../../ir/dtype';
import type { JsonValue, ModelFile, Quantization, Tensor, TensorData } from '../../ir/types';
import { isManifestDType, MANIFEST_BYTES, type ManifestDType } from './dtypes';
import { tfjsExtras } from './extras';
import { arrayOf, isObject, malformed, objectOf, otherEntries, stringOf, type JsonObject } from './json';

/** What `quant.extras.tfjs` holds for uint8/uint16 weights, so the writer restores the entry exactly. */
export interface TfjsQuantExtras {
  /** The dtype the weight has once dequantized (the manifest entry's `dtype`). */
  readonly dtype: ManifestDType;
  /** The manifest's `quantization` object as written ({dtype, scale, min}). */
  readonly quantization: JsonObject;
}

/** What `extras.tfjs` of a weight tensor holds: manifest entry keys the IR has no field for (e.g. `group`). */
export interface TfjsWeightExtras {
  readonly entry?: JsonObject;
}

/** The dtype a weight has once decoded: the declared one of a quantized weight, float32 for float16. */
export function logicalDtype(t: Tensor): DType {
  if (t.dtype === 'float16') return 'float32';
  if ((t.dtype === 'uint8' || t.dtype === 'uint16') && t.quant) {
    const ex = tfjsExtras<TfjsQuantExtras>(t.quant.extras);
    return ex.dtype ?? 'float32';
  }
  return t.dtype;
}

const ENTRY_KEYS = ['name', 'shape', 'dtype', 'quantization'];

/** Thousands separators, independent of the locale. */
export function formatBytes(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The shard files of one group seen as one byte stream; slices are views unless they straddle two shards. */
class ShardStream {
  private readonly starts: number[] = [];
  readonly size: number;

  constructor(private readonly shards: readonly Uint8Array[]) {
    let at = 0;
    for (const shard of shards) {
      this.starts.push(at);
      at += shard.byteLength;
    }
    this.size = at;
  }

  slice(start: number, end: number): Uint8Array {
    let i = this.starts.length - 1;
    while (i > 0 && this.starts[i]! > start) i--;
    const shard = this.shards[i];
    const offset = this.starts[i] ?? 0;
    if (shard && end - offset <= shard.byteLength) return shard.subarray(start - offset, end - offset);
    // A weight split across shard files: the one place a copy is needed.
    const out = new Uint8Array(end - start);
    for (let k = i; k < this.shards.length && offset < end; k++) {
      const s = this.shards[k]!;
      const from = this.starts[k]!;
      const lo = Math.max(start, from);
      const hi = Math.min(end, from + s.byteLength);
      if (hi > lo) out.set(s.subarray(lo - from, hi - from), lo - start);
    }
    return out;
  }

  uint32(at: number): number {
    const b = this.slice(at, at + 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }
}

interface Entry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly stored: DType;
  readonly count: number;
  readonly quant?: Quantization;
  readonly extras?: { readonly tfjs: TfjsWeightExtras };
}

function parseShape(file: string, value: unknown, name: string): number[] {
  const shape = arrayOf(file, value, `the shape of weight "${name}"`);
  if (!shape.every((d): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 0))
    throw malformed(file, `weight "${name}" has shape [${shape.join(', ')}]; dims must be whole numbers`);
  return [...shape];
}

function parseEntry(file: string, raw: JsonValue): Entry {
  const entry = objectOf(file, raw, 'a weights manifest entry');
  const name = stringOf(file, entry['name'], 'the name of a weight');
  const shape = parseShape(file, entry['shape'], name);
  const dtype = entry['dtype'];
  if (!isManifestDType(dtype))
    throw new ModelFormatError(
      'unsupported',
      `${file}: weight "${name}" has dtype ${JSON.stringify(dtype)}, which TF.js weight files do not use ` +
        `(float32, int32, bool, string, complex64)`,
      file,
    );
  const count = shape.reduce((a, b) => a * b, 1);
  const rest = otherEntries(entry, ENTRY_KEYS);
  const extras = rest ? { extras: { tfjs: { entry: rest } satisfies TfjsWeightExtras } } : {};
  const q = entry['quantization'];
  if (q === undefined || q === null) return { name, shape, stored: dtype, count, ...extras };
  const quantization = objectOf(file, q, `the quantization of weight "${name}"`);
  const qtype = quantization['dtype'];
  if (qtype === 'float16') {
    if (dtype !== 'float32')
      throw malformed(file, `weight "${name}" is stored as float16 but declared ${dtype}; only float32 can be`);
    return { name, shape, stored: 'float16', count, ...extras };
  }
  if (qtype !== 'uint8' && qtype !== 'uint16')
    throw new ModelFormatError(
      'unsupported',
      `${file}: weight "${name}" is quantized to ${JSON.stringify(qtype)}, which TF.js does not define ` +
        `(uint8, uint16, float16)`,
      file,
    );
  const scale = quantization['scale'];
  const min = quantization['min'];
  if (typeof scale !== 'number' || typeof min !== 'number')
    throw malformed(file, `weight "${name}" is quantized to ${qtype} but lacks a numeric scale and min`);
  if (dtype !== 'float32' && dtype !== 'int32')
    throw malformed(file, `weight "${name}" is ${dtype}, which cannot be quantized (only float32 and int32 can)`);
  // real = q·scale + min (tfjs-core decodeWeight) is scale·(q − zeroPoint) with zeroPoint = −min/scale.
  const quant: Quantization = {
    scale: [scale],
    zeroPoint: [scale === 0 ? 0 : -min / scale],
    extras: { tfjs: { dtype, quantization } satisfies TfjsQuantExtras },
  };
  return { name, shape, stored: qtype, count, quant, ...extras };
}

function storedBytes(entry: Entry): number {
  if (entry.stored === 'uint8') return entry.count;
  if (entry.stored === 'uint16' || entry.stored === 'float16') return 2 * entry.count;
  return MANIFEST_BYTES[entry.stored as ManifestDType] * entry.count;
}

function shardFiles(file: string, paths: readonly string[], companions: readonly ModelFile[]): Uint8Array[] {
  return paths.map((path) => {
    const wanted = baseName(path);
    const found = companions.find((c) => c.name === path) ?? companions.find((c) => baseName(c.name) === wanted);
    if (!found)
      throw new ModelFormatError(
        'missing-file',
        `${file}: its weights are in ${wanted}, which was not given; drop that file together with ${file}`,
        wanted,
      );
    return found.bytes;
  });
}

function sizeError(
  file: string,
  group: number,
  paths: readonly string[],
  found: number,
  expected: number,
  atLeast = false,
) {
  const names = paths.map(baseName).join(', ');
  const fewer = atLeast || found < expected;
  return new ModelFormatError(
    fewer ? 'truncated' : 'malformed',
    `${file}: the weight files of group ${group} (${names}) hold ${formatBytes(found)} bytes, but the weights ` +
      `manifest describes ${atLeast ? 'at least ' : ''}${formatBytes(expected)} bytes` +
      (fewer ? '; a file is cut short or belongs to another model' : '; a file belongs to another model'),
    file,
  );
}

/** Reads one group's weights from its shards. */
function readGroup(file: string, index: number, group: JsonObject, companions: readonly ModelFile[]): Tensor[] {
  const paths = arrayOf(file, group['paths'] ?? [], `"paths" of weight group ${index + 1}`).map((p) =>
    stringOf(file, p, `a path of weight group ${index + 1}`),
  );
  const entries = arrayOf(file, group['weights'] ?? [], `"weights" of weight group ${index + 1}`).map((e) =>
    parseEntry(file, e),
  );
  if (entries.length === 0) return [];
  const stream = new ShardStream(shardFiles(file, paths, companions));
  const fail = (expected: number, atLeast = false) => sizeError(file, index + 1, paths, stream.size, expected, atLeast);
  const hasStrings = entries.some((e) => e.stored === 'string');
  if (!hasStrings) {
    const expected = entries.reduce((sum, e) => sum + storedBytes(e), 0);
    if (expected !== stream.size) throw fail(expected);
  }
  let offset = 0;
  const tensors: Tensor[] = [];
  for (const entry of entries) {
    let data: TensorData;
    if (entry.stored === 'string') {
      // Each string: its byte length as a little-endian uint32, then its bytes (tfjs-core io_utils.ts).
      const strings: Uint8Array[] = [];
      for (let k = 0; k < entry.count; k++) {
        if (offset + 4 > stream.size) throw fail(offset + 4, true);
        const length = stream.uint32(offset);
        if (offset + 4 + length > stream.size) throw fail(offset + 4 + length, true);
        strings.push(stream.slice(offset + 4, offset + 4 + length));
        offset += 4 + length;
      }
      data = { strings };
    } else {
      const size = storedBytes(entry);
      if (offset + size > stream.size) throw fail(offset + size, true);
      data = { bytes: stream.slice(offset, offset + size) };
      offset += size;
    }
    tensors.push({
      id: entry.name,
      name: entry.name,
      dtype: entry.stored,
      shape: entry.shape,
      data,
      ...(entry.quant ? { quant: entry.quant } : {}),
      ...(entry.extras ? { extras: entry.extras } : {}),
    });
  }
  if (offset !== stream.size) throw fail(offset);
  return tensors;
}

/**
 * Every weight of a manifest as a constant tensor (id = name), in manifest order. `companions` are the
 * files given with model.json; shards are found by the base name of their manifest path.
 */
export function readWeights(file: string, manifest: unknown, companions: readonly ModelFile[]): Tensor[] {
  if (manifest === undefined || manifest === null) return [];
  const groups = arrayOf(file, manifest, '"weightsManifest"');
  const tensors: Tensor[] = [];
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    if (!isObject(g)) throw malformed(file, `weight group ${i + 1} should be an object`);
    for (const t of readGroup(file, i, g, companions)) {
      if (seen.has(t.name)) throw malformed(file, `the weights manifest lists weight "${t.name}" twice`);
      seen.add(t.name);
      tensors.push(t);
    }
  });
  return tensors;
}
