// A .tflite file → IR Model. The generic decoder (codec/decode.ts) checks every offset; this file turns
// its failures and the model's own index errors into ModelFormatErrors that name the file and what is
// wrong, and assembles the graphs (read-graph.ts), metadata and signatures.
import { ModelFormatError, type ModelFormatErrorCode } from '../../errors';
import type { KeyValue, Model, ModelFile } from '../../ir/types';
import type { ReadOptions } from '../format';
import { FlatbufferError, FlatbufferReader } from './codec/decode';
import { num, nums, str, tablesOf, type FbTable } from './codec/values';
import { extrasField, type MetadataEntry, type OpcodeKey, type SignatureDefinition } from './extras';
import { resolveOpcode, sameOpcode, type ResolvedOpcode } from './opcodes';
import { readSubgraph, type GraphReadContext, type ReadSubgraph } from './read-graph';
import { tableDef } from './schema';

export const TFLITE_IDENTIFIER = 'TFL3';

/** A plain Uint8Array over the same memory (views handed out stay plain too). */
function plain(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a TFLite model from `files[0]` (a .tflite flatbuffer; other files are ignored). */
export function readTflite(files: readonly ModelFile[], options: ReadOptions = {}): Model {
  const main = files[0];
  if (!main) throw new ModelFormatError('empty-file', 'no file was given');
  const file = main.name;
  const bytes = plain(main.bytes);
  const fail = (code: ModelFormatErrorCode, message: string): never => {
    throw new ModelFormatError(code, `${file}: ${message}`, file);
  };
  if (bytes.byteLength === 0) fail('empty-file', 'the file is empty');
  options.onProgress?.(0);

  const reader = new FlatbufferReader(bytes);
  const identified = reader.hasIdentifier(TFLITE_IDENTIFIER);
  if (!identified && !/\.tflite$/i.test(file))
    fail('unknown-format', `not a TFLite file (it does not carry the "${TFLITE_IDENTIFIER}" identifier)`);
  if (bytes.byteLength < 8)
    fail('truncated', `the file ends too early (it has ${bytes.byteLength} bytes; a TFLite model has far more)`);
  const root = decode(reader, bytes.byteLength, identified, fail);
  const model = assemble(root, bytes, fail);
  options.onProgress?.(1);
  return model;
}

function decode(
  reader: FlatbufferReader,
  size: number,
  identified: boolean,
  fail: (code: ModelFormatErrorCode, message: string) => never,
): FbTable {
  try {
    return reader.root(tableDef('Model'));
  } catch (error) {
    if (!(error instanceof FlatbufferError)) throw error;
    if (!identified)
      fail('unknown-format', 'not a TFLite file (no "TFL3" identifier, and its content does not parse as one)');
    const what = error.path ? `its "${error.path}" field` : 'its root table';
    if (error.problem === 'past-end')
      fail(
        'truncated',
        `the file ends too early: ${what} runs to byte ${error.end ?? error.at}, but the file has ${size} bytes; ` +
          'it was probably cut off while downloading or copying, or it is damaged',
      );
    if (error.problem === 'too-much')
      fail(
        'malformed',
        `not a valid TFLite file: its offsets make the same data appear over and over (at ${what}); the file is damaged`,
      );
    return fail(
      'malformed',
      `not a valid TFLite file: ${what} at byte ${error.at} is not where a record can be; the file is damaged`,
    );
  }
}

function assemble(
  root: FbTable,
  bytes: Uint8Array,
  fail: (code: ModelFormatErrorCode, message: string) => never,
): Model {
  const size = bytes.byteLength;
  const subgraphTables = tablesOf(root['subgraphs']);
  if (subgraphTables.length === 0) fail('malformed', 'the model has no graph (its subgraph list is empty)');
  const buffers = tablesOf(root['buffers']);
  // TFLite schema: Buffer.offset > 1 means the data lives after the flatbuffer, at that file offset.
  const external = (offset: number, length: number, user: string): Uint8Array => {
    if (offset + length > size)
      fail(
        'out-of-bounds',
        `${user} claims ${length} bytes at byte ${offset}, past the end of the file (${size} bytes); the file is cut short or damaged`,
      );
    return bytes.subarray(offset, offset + length);
  };
  const buffer = (index: number, user: string): Uint8Array | undefined => {
    const b = buffers[index];
    // Index 0 is the "no data" sentinel by convention, even in a file that lists no buffers at all.
    if (!b && index === 0) return undefined;
    if (!b) return fail('out-of-bounds', `${user} refers to buffer ${index}, but the model has ${buffers.length}`);
    const offset = num(b['offset']);
    const data = offset > 1 ? external(offset, num(b['size']), `the data of ${user} (buffer ${index})`) : b['data'];
    return data instanceof Uint8Array && data.byteLength > 0 ? data : undefined;
  };
  const opcodes = tablesOf(root['operator_codes']).map(resolveOpcode);
  const ctx: GraphReadContext = {
    fail: (code, message) => fail(code, message),
    buffer,
    external,
    opcodes,
    subgraphCount: subgraphTables.length,
  };
  const read = subgraphTables.map((sg, s) => readSubgraph(sg, s, ctx));
  const { metadata, entries } = readMetadata(root, buffer);
  const metadataBuffers = (nums(root['metadata_buffer']) ?? []).map(
    (i) => buffer(i, 'the model metadata') ?? new Uint8Array(0),
  );
  const description = str(root['description']);
  const version = num(root['version']);
  const [main, ...rest] = read;
  return {
    format: 'tflite',
    graph: main!.graph,
    ...(rest.length ? { subgraphs: rest.map((r) => r.graph) } : {}),
    opsets: [],
    ...(description !== undefined ? { producer: { name: description } } : {}),
    metadata,
    ...extrasField({
      version: version !== 3 ? version : undefined,
      operatorCodes: opcodeOrder(root, opcodes),
      metadata: entries,
      metadataBuffers,
      signatureDefs: readSignatures(root, read, fail),
    }),
  };
}

// Text metadata (e.g. min_runtime_version "1.14.0" padded with NULs) is shown as key/value pairs.
function printable(bytes: Uint8Array): string | undefined {
  let end = bytes.byteLength;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return undefined;
  let text = '';
  for (let i = 0; i < end; i++) {
    const c = bytes[i]!;
    if (c < 0x20 || c > 0x7e) return undefined;
    text += String.fromCharCode(c);
  }
  return text;
}

function readMetadata(
  root: FbTable,
  buffer: (index: number, user: string) => Uint8Array | undefined,
): { metadata: KeyValue[]; entries: MetadataEntry[] } {
  const entries = tablesOf(root['metadata']).map((m, i): MetadataEntry => {
    const name = str(m['name']) ?? '';
    return { name, bytes: buffer(num(m['buffer']), `metadata ${i} ("${name}")`) ?? new Uint8Array(0) };
  });
  const metadata: KeyValue[] = [];
  for (const e of entries) {
    const text = printable(e.bytes);
    if (text !== undefined) metadata.push({ key: e.name, value: text });
  }
  return { metadata, entries };
}

// The writer emits operator codes in order of first use; keep the file's order only when it differs.
function opcodeOrder(root: FbTable, opcodes: readonly ResolvedOpcode[]): OpcodeKey[] | undefined {
  const key = (o: ResolvedOpcode): OpcodeKey => ({
    code: o.code,
    ...(o.customCode !== undefined ? { customCode: o.customCode } : {}),
    version: o.version,
  });
  const used: OpcodeKey[] = [];
  for (const sg of tablesOf(root['subgraphs']))
    for (const op of tablesOf(sg['operators'])) {
      const k = key(opcodes[num(op['opcode_index'])]!);
      if (!used.some((u) => sameOpcode(u, k))) used.push(k);
    }
  const all = opcodes.map(key);
  const same = all.length === used.length && all.every((k, i) => sameOpcode(k, used[i]!));
  return same ? undefined : all;
}

function readSignatures(
  root: FbTable,
  graphs: readonly ReadSubgraph[],
  fail: (code: ModelFormatErrorCode, message: string) => never,
): SignatureDefinition[] {
  return tablesOf(root['signature_defs']).map((def, i) => {
    const subgraph = num(def['subgraph_index']);
    const ids = graphs[subgraph]?.ids;
    if (!ids)
      return fail('out-of-bounds', `signature ${i} names subgraph ${subgraph}, but the model has ${graphs.length}`);
    const map = (list: readonly FbTable[]) =>
      list.map((m) => {
        const index = num(m['tensor_index']);
        const tensor = ids[index];
        if (tensor === undefined)
          return fail('out-of-bounds', `signature ${i} names tensor ${index}, but its graph has ${ids.length}`);
        const name = str(m['name']);
        return { ...(name !== undefined ? { name } : {}), tensor };
      });
    const key = str(def['signature_key']);
    return {
      ...(key !== undefined ? { key } : {}),
      subgraph,
      inputs: map(tablesOf(def['inputs'])),
      outputs: map(tablesOf(def['outputs'])),
    };
  });
}
