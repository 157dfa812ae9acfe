// IR Model → .tflite bytes (file identifier TFL3). Buffer data is 16-byte aligned (schema force_align);
// with `externalBuffers` (automatic past 2 GB, where a flatbuffer cannot reach) the data goes after the
// flatbuffer and Buffer.offset/size point at it, as TFLite's converter does for large models.
import { ModelFormatError, type ModelFormatErrorCode } from '../../errors';
import type { Model, ModelFile } from '../../ir/types';
import type { WriteOptions } from '../format';
import { FlatbufferWriter } from './codec/encode';
import type { FbTable, FbValue } from './codec/values';
import { tfliteExtras, type MetadataEntry, type OpcodeKey, type TfliteModelExtras } from './extras';
import { opcodeTable, sameOpcode } from './opcodes';
import { TFLITE_IDENTIFIER } from './reader';
import { tableDef } from './schema';
import { writeSubgraph, type GraphWriteContext, type WrittenSubgraph } from './write-graph';

export interface TfliteWriteOptions extends WriteOptions {
  /**
   * Store buffer data and custom options after the flatbuffer (Buffer.offset/size,
   * Operator.large_custom_options_*) instead of inside it. Default: only when the data would not fit
   * the 2 GB a flatbuffer can address.
   */
  readonly externalBuffers?: boolean;
}

const ALIGNMENT = 16;
// Leave room for the tables themselves under the 2 GiB flatbuffer limit.
const INLINE_LIMIT = 2 ** 31 - 2 ** 26;

const FORMAT_NAMES: Readonly<Record<string, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

const alignUp = (n: number): number => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/** Collects buffers: index 0 is the empty sentinel; views over the same bytes share one buffer. */
class Buffers {
  readonly list: Uint8Array[] = [new Uint8Array(0)];
  private readonly seen = new Map<ArrayBufferLike, Map<string, number>>();

  add(bytes: Uint8Array | undefined): number {
    if (!bytes || bytes.byteLength === 0) return 0;
    let byPlace = this.seen.get(bytes.buffer);
    if (!byPlace) this.seen.set(bytes.buffer, (byPlace = new Map()));
    const place = `${bytes.byteOffset}:${bytes.byteLength}`;
    const known = byPlace.get(place);
    if (known !== undefined) return known;
    this.list.push(bytes);
    byPlace.set(place, this.list.length - 1);
    return this.list.length - 1;
  }
}

function baseNameOf(model: Model, options: WriteOptions): string {
  const raw = (options.baseName ?? model.graph.name).replace(/\.tflite$/i, '');
  const safe = raw.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return safe || 'model';
}

/** Bytes of a text metadata value (UTF-8). */
function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

// True when `bytes` hold `text` (ASCII), possibly padded with NULs as min_runtime_version is.
function sameText(bytes: Uint8Array, text: string): boolean {
  if (bytes.byteLength < text.length) return false;
  for (let i = 0; i < bytes.byteLength; i++) if (bytes[i] !== (i < text.length ? text.charCodeAt(i) : 0)) return false;
  return true;
}

// Metadata entries as read (binary ones included), with text values the IR's key/value list changed,
// then the key/value pairs the file did not have.
function metadataEntries(model: Model, kept: readonly MetadataEntry[]): MetadataEntry[] {
  const text = new Map(model.metadata.map((kv) => [kv.key, kv.value]));
  const entries = kept.map((e) => {
    const value = text.get(e.name);
    if (value === undefined) return e;
    return sameText(e.bytes, value) ? e : { name: e.name, bytes: utf8(value) };
  });
  const names = new Set(kept.map((e) => e.name));
  for (const kv of model.metadata) if (!names.has(kv.key)) entries.push({ name: kv.key, bytes: utf8(kv.value) });
  return entries;
}

/** Encodes a model as a .tflite file. */
export function writeTflite(model: Model, options: TfliteWriteOptions = {}): ModelFile[] {
  const file = `${baseNameOf(model, options)}.tflite`;
  const fail = (code: ModelFormatErrorCode, message: string): never => {
    throw new ModelFormatError(code, `${file}: ${message}`, file);
  };
  if (model.format !== 'tflite')
    fail('unsupported', `converting ${FORMAT_NAMES[model.format] ?? model.format} to TFLite is not supported yet`);
  const extras = tfliteExtras<TfliteModelExtras>(model.extras);

  const buffers = new Buffers();
  const opcodes: OpcodeKey[] = [...(extras.operatorCodes ?? [])];
  const customOptions: Uint8Array[] = [];
  const ctx: GraphWriteContext = {
    buffer: (bytes) => buffers.add(bytes),
    opcode: (key) => {
      const found = opcodes.findIndex((k) => sameOpcode(k, key));
      if (found >= 0) return found;
      opcodes.push(key);
      return opcodes.length - 1;
    },
    // Placed for real once the layout is known (see encode below).
    customOptions: (bytes) => {
      customOptions.push(bytes);
      return { custom_options: bytes };
    },
    fail,
  };
  const graphs = [model.graph, ...(model.subgraphs ?? [])];
  const written = graphs.map((g, s) => writeSubgraph(g, s === 0 ? 'the main graph' : `subgraph ${s}`, ctx));
  const metadata = metadataEntries(model, extras.metadata ?? []).map((e) => ({
    name: e.name,
    buffer: buffers.add(e.bytes),
  }));
  const metadataBuffers = (extras.metadataBuffers ?? []).map((b) => buffers.add(b));

  const root: Record<string, FbValue> = {
    version: extras.version ?? 3,
    operator_codes: opcodes.map(opcodeTable),
    subgraphs: written.map((w) => w.table),
  };
  const description = model.producer?.name ?? model.docString;
  if (description !== undefined) root['description'] = description;
  if (metadataBuffers.length) root['metadata_buffer'] = metadataBuffers;
  if (metadata.length) root['metadata'] = metadata;
  const signatures = (extras.signatureDefs ?? []).map((sig) => signatureTable(sig, written, fail));
  if (signatures.length) root['signature_defs'] = signatures;

  const dataBytes = buffers.list.reduce((n, b) => n + b.byteLength, 0);
  const external = options.externalBuffers ?? dataBytes > INLINE_LIMIT;
  const bytes = external
    ? encodeExternal(root, buffers.list, written, customOptions)
    : encodeInline(root, buffers.list, dataBytes + 64 * 1024 + 256 * countRecords(model));
  return [{ name: file, bytes }];
}

function countRecords(model: Model): number {
  return [model.graph, ...(model.subgraphs ?? [])].reduce((n, g) => n + g.nodes.length + g.tensors.length, 0);
}

function encodeInline(root: Record<string, FbValue>, buffers: readonly Uint8Array[], sizeHint: number): Uint8Array {
  const table = { ...root, buffers: buffers.map((data): FbTable => (data.byteLength ? { data } : {})) };
  return new FlatbufferWriter(sizeHint).finish(tableDef('Model'), table, TFLITE_IDENTIFIER);
}

// Two passes: the offsets are ulong fields of fixed width, so the flatbuffer's size does not depend on
// their values; the first pass measures it, the second writes the real offsets.
function encodeExternal(
  root: Record<string, FbValue>,
  buffers: readonly Uint8Array[],
  written: readonly WrittenSubgraph[],
  customOptions: readonly Uint8Array[],
): Uint8Array {
  const chunks = [...buffers.slice(1), ...customOptions];
  const build = (offsets: readonly number[]): Uint8Array => {
    const where = new Map<Uint8Array, number>();
    chunks.forEach((c, i) => where.set(c, offsets[i] ?? 2));
    const place = (data: Uint8Array): FbTable =>
      data.byteLength ? { offset: where.get(data) ?? 2, size: data.byteLength } : {};
    const subgraphs = written.map((w) => ({
      ...w.table,
      operators: (w.table['operators'] as readonly FbTable[]).map((op) => {
        const custom = op['custom_options'];
        if (!(custom instanceof Uint8Array)) return op;
        const { custom_options: _inline, ...rest } = op;
        return {
          ...rest,
          large_custom_options_offset: where.get(custom) ?? 2,
          large_custom_options_size: custom.byteLength,
        };
      }),
    }));
    const table = { ...root, subgraphs, buffers: buffers.map(place) };
    return new FlatbufferWriter(64 * 1024).finish(tableDef('Model'), table, TFLITE_IDENTIFIER);
  };
  const measured = build([]).byteLength;
  const offsets: number[] = [];
  let end = alignUp(measured);
  for (const c of chunks) {
    offsets.push(end);
    end = alignUp(end + c.byteLength);
  }
  const flatbuffer = build(offsets);
  if (flatbuffer.byteLength !== measured) throw new Error('tflite writer: the flatbuffer changed size between passes');
  const out = new Uint8Array(end);
  out.set(flatbuffer, 0);
  chunks.forEach((c, i) => out.set(c, offsets[i]!));
  return out;
}

function signatureTable(
  sig: NonNullable<TfliteModelExtras['signatureDefs']>[number],
  written: readonly WrittenSubgraph[],
  fail: (code: ModelFormatErrorCode, message: string) => never,
): FbTable {
  const graph = written[sig.subgraph];
  if (!graph)
    return fail('malformed', `signature "${sig.key ?? ''}" names subgraph ${sig.subgraph}, which does not exist`);
  const map = (list: typeof sig.inputs): FbTable[] =>
    list.map((m) => ({ ...(m.name !== undefined ? { name: m.name } : {}), tensor_index: graph.index(m.tensor) }));
  return {
    inputs: map(sig.inputs),
    outputs: map(sig.outputs),
    ...(sig.key !== undefined ? { signature_key: sig.key } : {}),
    subgraph_index: sig.subgraph,
  };
}
