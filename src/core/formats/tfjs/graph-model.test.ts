// Graph models: GraphDef details survive read → write (control inputs, multi-output references, devices,
// every attribute kind), and graphs built in code are written as loadable GraphDefs.
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import { toFloat64 } from '../../ir/tensor';
import type { JsonValue, Model, ModelFile } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { readTfjs, writeTfjs } from './index';

type Json = Record<string, unknown>;
const encode = (json: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(json));
const decode = (file: ModelFile): Json => JSON.parse(new TextDecoder().decode(file.bytes)) as Json;
const nodesOf = (file: ModelFile) => (decode(file)['modelTopology'] as { node: Json[] }).node;

const shape = (...dims: number[]) => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } });

const NODES: JsonValue[] = [
  { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, ...{ shape: shape(-1, 4) } } },
  { name: 'init', op: 'NoOp' },
  {
    name: 'parts',
    op: 'Unpack',
    input: ['x', '^init'],
    device: '/device:CPU:0',
    attr: { num: { i: '4' }, axis: { i: '1' }, T: { type: 'DT_FLOAT' } },
  },
  { name: 'second', op: 'Identity', input: ['parts:1'], attr: { T: { type: 'DT_FLOAT' } } },
  { name: 'fourth', op: 'Relu', input: ['parts:3'] },
  {
    name: 'kinds',
    op: 'Custom',
    input: ['second', 'fourth'],
    attr: {
      b: { b: true },
      f: { f: 'NaN' },
      ls: { list: { s: ['YQ==', 'YmM='] } },
      lt: { list: { type: ['DT_INT32'] } },
      lb: { list: { b: [false, true] } },
      ls2: { list: { shape: [{ dim: [{ size: '2' }] }] } },
      empty: { list: {} },
      sh: shape(-1, 3),
      raw: { somethingNew: 1 },
    },
    experimentalDebugInfo: { originalNodeNames: ['k'] },
  },
];

describe('GraphDef details', () => {
  const files: ModelFile[] = [
    {
      name: 'model.json',
      bytes: encode({ format: 'graph-model', modelTopology: { node: NODES, versions: { producer: 808 } } }),
    },
  ];
  const model = readTfjs(files);

  it('reads output references, control inputs and every node as written', () => {
    const byId = new Map(model.graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('parts')!.outputs).toEqual(['parts', 'parts:1', 'parts:2', 'parts:3']);
    expect(byId.get('parts')!.inputs).toEqual(['x']);
    expect(byId.get('parts')!.extras?.['tfjs']).toMatchObject({
      control: ['init'],
      nodeRest: { device: '/device:CPU:0' },
    });
    expect(byId.get('init')!.outputs).toEqual([]);
    expect(byId.get('second')!.inputs).toEqual(['parts:1']);
    expect(model.graph.inputs).toEqual(['x']);
    // Without a signature the outputs are the nodes nothing reads.
    expect(model.graph.outputs).toEqual(['kinds']);
    expect(model.graph.tensors.find((t) => t.id === 'x')).toEqual({
      id: 'x',
      name: 'x',
      dtype: 'float32',
      shape: ['batch', 4],
    });
    expect(validateGraph(model.graph)).toEqual([]);
  });

  it('writes every node back as it was', () => {
    const written = writeTfjs(model);
    expect(nodesOf(written[0]!)).toEqual(NODES);
    expect(decode(written[0]!)['modelTopology']).toMatchObject({ versions: { producer: 808 } });
    expect(diffIR(model, readTfjs(written))).toBeUndefined();
  });

  it('accepts "name:0" for output 0 and writes it as "name"', () => {
    const nodes = [NODES[0]!, { name: 'y', op: 'Relu', input: ['x:0'] }];
    const m = readTfjs([{ name: 'model.json', bytes: encode({ modelTopology: { node: nodes } }) }]);
    expect(m.graph.nodes[1]!.inputs).toEqual(['x']);
    expect(nodesOf(writeTfjs(m)[0]!)[1]).toEqual({ name: 'y', op: 'Relu', input: ['x'] });
  });

  it('drops control inputs on nodes a transform removed', () => {
    const pruned: Model = {
      ...model,
      graph: { ...model.graph, nodes: model.graph.nodes.filter((n) => n.id !== 'init') },
    };
    const parts = nodesOf(writeTfjs(pruned)[0]!).find((n) => n['name'] === 'parts')!;
    expect(parts['input']).toEqual(['x']);
  });
});

describe('constants', () => {
  it('reads values written inline in the GraphDef, and writes them to the weight files', () => {
    const nodes = [
      {
        name: 'c',
        op: 'Const',
        attr: {
          dtype: { type: 'DT_FLOAT' },
          value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape(3).shape, floatVal: [1.5] } },
        },
      },
      {
        name: 'i',
        op: 'Const',
        attr: {
          dtype: { type: 'DT_INT32' },
          value: { tensor: { dtype: 'DT_INT32', tensorShape: shape(2).shape, tensorContent: 'BwAAAPj///8=' } },
        },
      },
      { name: 'y', op: 'Mul', input: ['c', 'c'] },
    ];
    const model = readTfjs([{ name: 'model.json', bytes: encode({ modelTopology: { node: nodes } }) }]);
    const value = (id: string) =>
      Array.from(
        toFloat64(
          model.graph.tensors.find((t) => t.id === id)!.dtype,
          model.graph.tensors.find((t) => t.id === id)!.data!.bytes!,
        )!,
      );
    expect(value('c')).toEqual([1.5, 1.5, 1.5]);
    expect(value('i')).toEqual([7, -8]);
    const written = writeTfjs(model);
    expect(decode(written[0]!)['weightsManifest']).toEqual([
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'c', shape: [3], dtype: 'float32' },
          { name: 'i', shape: [2], dtype: 'int32' },
        ],
      },
    ]);
    expect(nodesOf(written[0]!)[0]).toEqual({
      name: 'c',
      op: 'Const',
      attr: { dtype: { type: 'DT_FLOAT' }, value: { tensor: { dtype: 'DT_FLOAT', tensorShape: shape(3).shape } } },
    });
    const again = readTfjs(written);
    expect(diffIR(again, readTfjs(writeTfjs(again)))).toBeUndefined();
    expect(diffIR(again.graph.tensors, model.graph.tensors, 'graph.tensors')).toBeUndefined();
  });

  it('keeps a Const value dtype that differs from its weight (int64 stored as int32)', () => {
    const node = {
      name: 'k',
      op: 'Const',
      attr: { value: { tensor: { dtype: 'DT_INT64', tensorShape: {} } }, dtype: { type: 'DT_INT64' } },
    };
    const json = {
      format: 'graph-model',
      modelTopology: { node: [node] },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [], dtype: 'int32' }] }],
    };
    const model = readTfjs([
      { name: 'model.json', bytes: encode(json) },
      { name: 'w.bin', bytes: new Uint8Array(4) },
    ]);
    expect(model.graph.tensors[0]!.dtype).toBe('int32');
    expect(nodesOf(writeTfjs(model)[0]!)).toEqual([node]);
  });

  it('keeps weights no Const node reads', () => {
    const json = {
      format: 'graph-model',
      modelTopology: { node: [NODES[0]!, { name: 'y', op: 'Relu', input: ['x'] }] },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'spare', shape: [2], dtype: 'int32' }] }],
    };
    const model = readTfjs([
      { name: 'model.json', bytes: encode(json) },
      { name: 'w.bin', bytes: new Uint8Array(8).fill(1) },
    ]);
    expect(model.graph.tensors.find((t) => t.id === 'spare')?.data?.bytes?.byteLength).toBe(8);
    const written = writeTfjs(model);
    expect((decode(written[0]!)['weightsManifest'] as { weights: unknown[] }[])[0]!.weights).toEqual(
      json.weightsManifest[0]!.weights,
    );
    expect(diffIR(model, readTfjs(written))).toBeUndefined();
  });
});

describe('graphs built in code', () => {
  function built(): Model {
    const b = new GraphBuilder('g');
    b.input('x', 'float32', ['N', 8]);
    const w = b.constant('w', new Float32Array(8 * 3).fill(0.25), [8, 3]);
    const bias = b.constant('bias', Float32Array.from([1, 2, 3]), [3]);
    const mm = b.op(
      'MatMul',
      ['x', w],
      { transpose_a: { type: 'json', value: false }, transpose_b: { type: 'json', value: false } },
      { name: 'mm' },
    );
    const y = b.op('BiasAdd', [mm, bias], { data_format: attr.string('NHWC') }, { name: 'add' });
    const z = b.op('Relu', [y], {}, { name: 'relu' });
    // `add` is read by `relu` and is also an output: TF.js needs a signature to know.
    b.output(y, z);
    return b.model({ format: 'tfjs', producer: 'test' });
  }

  it('get Placeholder and Const nodes, and a signature when the outputs are not the leaves', () => {
    const files = writeTfjs(built());
    const json = decode(files[0]!);
    expect(json['format']).toBe('graph-model');
    expect(nodesOf(files[0]!).map((n) => [n['name'], n['op']])).toEqual([
      ['x', 'Placeholder'],
      ['w', 'Const'],
      ['bias', 'Const'],
      ['mm', 'MatMul'],
      ['add', 'BiasAdd'],
      ['relu', 'Relu'],
    ]);
    expect(json['signature']).toEqual({
      inputs: { 'x:0': { name: 'x:0', dtype: 'DT_FLOAT', tensorShape: shape(-1, 8).shape } },
      outputs: {
        'add:0': { name: 'add:0', tensorShape: { unknownRank: true } },
        'relu:0': { name: 'relu:0', tensorShape: { unknownRank: true } },
      },
    });
    const model = readTfjs(files);
    expect(model.graph.inputs).toEqual(['x']);
    expect(model.graph.outputs).toEqual(['add', 'relu']);
    expect(diffIR(model, readTfjs(writeTfjs(model)))).toBeUndefined();
  });

  it('get no signature when TF.js would find the same inputs and outputs', () => {
    const b = new GraphBuilder('g');
    b.input('x', 'float32', [2]);
    b.output(b.op('Relu', ['x'], {}, { name: 'r' }));
    const json = decode(writeTfjs(b.model({ format: 'tfjs' }))[0]!);
    expect(json['signature']).toBeUndefined();
    expect(json['weightsManifest']).toEqual([]);
  });

  it('say which tensor cannot be written', () => {
    const b = new GraphBuilder('g');
    b.output(b.op('Relu', ['nowhere'], {}, { name: 'r' }));
    expect(() => writeTfjs(b.model({ format: 'tfjs' }))).toThrow(/model\.json: .*tensor "nowhere" is read/);
    const c = new GraphBuilder('g');
    c.input('x', 'float32', [2]);
    c.constant('big', new BigInt64Array(2), [2]);
    c.output(c.op('Add', ['x', 'big'], {}, { name: 'a' }));
    expect(() => writeTfjs(c.model({ format: 'tfjs' }))).toThrow(
      /weight "big" is int64, which TF\.js weight files cannot hold/,
    );
  });
});
