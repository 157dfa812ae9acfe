// Every TFLite model of the shared corpus reads, round-trips to an equal IR, re-writes byte-identically,
// keeps every field of the file (compared field by field with buffers and opcodes resolved), and gives
// the params, weight bytes, MACs, I/O and ops of corpus/MANIFEST.md.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeModel } from '../../analysis/analyze';
import { diffIR } from '../../ir/equal';
import type { Model } from '../../ir/types';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { FlatbufferReader } from './codec/decode';
import { num, tablesOf, type FbTable, type FbUnion, type FbValue } from './codec/values';
import { readTflite, writeTflite } from './index';
import { tableDef, type TableDef } from './schema';

const corpus = hasCorpus();
const dir = corpusPath('models/tflite');
const models = corpus ? listFiles(dir, ['.tflite']) : [];

interface ManifestRow {
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly arena: number;
  readonly input: string;
  readonly output: string;
  readonly ops: Record<string, number>;
}

/** The TFLite table of MANIFEST.md: file | bytes | precision | in → out | params | weight bytes | MACs | arena | ops. */
function manifest(): Map<string, ManifestRow> {
  const rows = new Map<string, ManifestRow>();
  const path = corpusPath('MANIFEST.md');
  if (!existsSync(path)) return rows;
  const count = (s: string) => Number(s.replace(/,/g, ''));
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const file = /^`(.+\.tflite)`$/.exec(cells[1] ?? '')?.[1];
    if (!file || cells.length < 11) continue;
    const [input = '', output = ''] = cells[4]!.split('→').map((s) => s.trim());
    const ops: Record<string, number> = {};
    for (const part of cells[9]!.split(',')) {
      const [op, n] = part.trim().split('×');
      if (op && n) ops[op] = Number(n);
    }
    rows.set(file, {
      params: count(cells[5]!),
      weightBytes: count(cells[6]!),
      macs: count(cells[7]!),
      arena: count(cells[8]!),
      input,
      output,
      ops,
    });
  }
  return rows;
}

// Current TFLM places, of two equal-sized buffers, the one added later first (greedy_memory_planner.cc
// fills its sort array from the tail); MANIFEST planned earlier-first. Only these two models differ.
const TFLM_ARENA: Readonly<Record<string, number>> = {
  'mlperf_vww_mobilenetv1_96_float.tflite': 294_912,
  'mlperf_vww_mobilenetv1_96_int8.tflite': 73_728,
};

/** A decoded table with default-valued scalars dropped, recursively (the writer omits them). */
function canonical(def: TableDef, table: FbTable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of def.fields) {
    const value = table[field.name];
    if (value === undefined) continue;
    const type = field.type;
    if (type.kind === 'scalar' || type.kind === 'enum') {
      if (num(value) !== num(field.defaultValue)) out[field.name] = value;
    } else if (type.kind === 'table') out[field.name] = canonical(tableDef(type.table), value as FbTable);
    else if (type.kind === 'union') {
      const u = value as FbUnion;
      out[field.name] = { type: u.type, value: canonical(tableDef(u.type as string), u.value!) };
    } else if (type.kind === 'vector' && type.element.kind === 'table') {
      const element = tableDef(type.element.table);
      out[field.name] = (value as FbTable[]).map((t) => canonical(element, t));
    } else out[field.name] = value;
  }
  return out;
}

/** Everything a runtime reads from the file, with buffer and operator-code indices resolved. */
function semantics(bytes: Uint8Array): unknown {
  const root = new FlatbufferReader(bytes).root(tableDef('Model'));
  const buffers = tablesOf(root['buffers']).map((b) => b['data'] as Uint8Array | undefined);
  const data = (index: FbValue | undefined) => {
    const d = buffers[num(index)];
    return d && d.byteLength ? d : undefined;
  };
  const opcodes = tablesOf(root['operator_codes']).map((c) => ({
    code: Math.max(num(c['builtin_code']), num(c['deprecated_builtin_code'])),
    custom: c['custom_code'],
    version: num(c['version'], 1),
  }));
  const model = canonical(tableDef('Model'), root);
  const subgraphs = tablesOf(root['subgraphs']).map((sg) => {
    const s = canonical(tableDef('SubGraph'), sg);
    // Not named `tensors`: diffIR compares arrays at such paths as sets keyed by `id`.
    delete s['tensors'];
    s['tensorTables'] = tablesOf(sg['tensors']).map((t) => {
      const c = canonical(tableDef('Tensor'), t);
      c['buffer'] = data(t['buffer']);
      // An empty QuantizationParameters table means "not quantized", as an absent one does.
      if (c['quantization'] && Object.keys(c['quantization'] as object).length === 0) delete c['quantization'];
      return c;
    });
    s['operators'] = tablesOf(sg['operators']).map((op) => ({
      ...canonical(tableDef('Operator'), op),
      opcode_index: opcodes[num(op['opcode_index'])],
    }));
    return s;
  });
  const metadata = tablesOf(root['metadata']).map((m) => ({ name: m['name'], data: data(m['buffer']) }));
  const signatures = tablesOf(root['signature_defs']).map((s) => canonical(tableDef('SignatureDef'), s));
  return {
    ...model,
    operator_codes: undefined,
    buffers: undefined,
    subgraphs,
    metadata,
    signature_defs: signatures.length ? signatures : undefined,
  };
}

describe.skipIf(!corpus)('TFLite corpus models', () => {
  const expected = manifest();

  it('finds the corpus models and their manifest rows', () => {
    expect(models.length).toBeGreaterThanOrEqual(13);
    for (const path of models) expect(expected.has(basename(path))).toBe(true);
  });

  it.each(models.map((m) => [basename(m), m]))('%s reads, round-trips and re-writes stably', (name, path) => {
    const bytes = readBytes(path);
    const model = readTflite([{ name, bytes }]);
    const written = writeTflite(model)[0]!.bytes;
    const back = readTflite([{ name, bytes: written }]);
    expect(diffIR(model, back)).toBeUndefined();
    // diffIR compares typed arrays by their bytes (vitest's toEqual is slow on megabytes).
    expect(diffIR(writeTflite(back)[0]!.bytes, written)).toBeUndefined();
    expect(diffIR(semantics(written), semantics(bytes))).toBeUndefined();

    // Tensors in file order; constant data viewed in place, not copied.
    const root = new FlatbufferReader(bytes).root(tableDef('Model'));
    const names = tablesOf(tablesOf(root['subgraphs'])[0]!['tensors']).map((t) => t['name'] ?? '');
    expect(model.graph.tensors.map((t) => t.name)).toEqual(names);
    for (const t of model.graph.tensors) if (t.data?.bytes) expect(t.data.bytes.buffer).toBe(bytes.buffer);
  });

  it.each(models.map((m) => [basename(m), m]))('%s has the figures of MANIFEST.md', (name, path) => {
    const row = expected.get(name)!;
    const model: Model = readTflite([{ name, bytes: readBytes(path) }]);
    const a = analyzeModel(model);
    expect({ params: a.params, weightBytes: a.weightBytes, macs: a.macs }).toEqual({
      params: row.params,
      weightBytes: row.weightBytes,
      macs: row.macs,
    });
    expect(a.opsHistogram).toEqual(row.ops);
    expect(a.inputs.map((t) => JSON.stringify(t.shape)).join()).toBe(row.input.replace(/ /g, ''));
    expect(a.outputs.map((t) => JSON.stringify(t.shape)).join()).toBe(row.output.replace(/ /g, ''));
    expect(a.unknownMacsNodes).toBe(0);
    expect(a.unknownSizeTensors).toBe(0);
    // MANIFEST's "greedy arena" planned equal sizes earlier-first; TFLM today plans them later-first.
    expect(analyzeModel(model, { tieBreak: 'earlier-first' }).arenaBytes).toBe(row.arena);
    expect(a.arenaBytes).toBe(TFLM_ARENA[name] ?? row.arena);
    expect(a.peakActivationBytes).toBeLessThanOrEqual(a.arenaBytes);
  });

  it("plans TFLM's own 7,744 bytes for its test conv model", () => {
    const model = readTflite([
      {
        name: 'tflm_test_conv_model.tflite',
        bytes: readBytes(corpusPath('models/tflite/tflm_test_conv_model.tflite')),
      },
    ]);
    expect(analyzeModel(model).arenaBytes).toBe(7_744);
  });

  it('reads the person detection model as the manifest describes it', () => {
    const model = readTflite([
      { name: 'person.tflite', bytes: readBytes(corpusPath('models/tflite/tflm_person_detect_int8.tflite')) },
    ]);
    expect(model.producer).toEqual({ name: 'TOCO Converted.' });
    const conv = model.graph.nodes.find((n) => n.op === 'DEPTHWISE_CONV_2D')!;
    expect(conv.attributes['fused_activation_function']).toEqual({ type: 'string', value: 'RELU6' });
    expect(conv.attributes['padding']).toEqual({ type: 'string', value: 'SAME' });
    expect(conv.extras).toEqual({ tflite: { version: 3 } });
    const weights = model.graph.tensors.find((t) => t.id === conv.inputs[1])!;
    expect(weights.dtype).toBe('int8');
    expect(weights.quant?.axis).toBe(3);
    expect(weights.quant?.scale.length).toBe(weights.shape?.[3]);
  });

  it('keeps min_runtime_version as text metadata', () => {
    const model = readTflite([
      { name: 'hello.tflite', bytes: readBytes(corpusPath('models/tflite/tflm_hello_world_int8.tflite')) },
    ]);
    expect(model.metadata).toEqual([{ key: 'min_runtime_version', value: '1.14.0' }]);
    expect(model.extras?.['tflite']).toMatchObject({ signatureDefs: [{ key: 'serving_default', subgraph: 0 }] });
  });
});
