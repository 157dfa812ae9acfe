import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { GraphBuilder } from '../../../ir/builder';
import { toFloat64 } from '../../../ir/tensor';
import type { Graph, Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import { quantizeModel } from '../index';
import type { QuantizeOptions, QuantizeResult } from '../types';
import { cntkStyle, tinyCnn, tinyCnnRanges } from './test-models';

function tensor(g: Graph, id: string): Tensor {
  const t = g.tensors.find((x) => x.id === id);
  if (!t) throw new Error(`no tensor ${id}`);
  return t;
}
function producer(g: Graph, id: string): Node {
  const n = g.nodes.find((x) => x.outputs.includes(id));
  if (!n) throw new Error(`nothing produces ${id}`);
  return n;
}
function values(t: Tensor): number[] {
  return Array.from(toFloat64(t.dtype, t.data!.bytes!)!);
}
function intAttr(n: Node, name: string): number | undefined {
  const a = n.attributes[name];
  return a?.type === 'int' ? a.value : undefined;
}

/** Runs the transform on a frozen input and checks purity and validity. */
function pure(model: Model, options: QuantizeOptions): QuantizeResult {
  deepFreeze(model);
  const before = snapshotBytes(model);
  const result = quantizeModel(model, options);
  expect(snapshotBytes(model)).toEqual(before);
  expect(validateGraph(result.model.graph)).toEqual([]);
  expect(result.model.graph.inputs).toEqual(model.graph.inputs.filter((id) => !tensor(model.graph, id).data));
  expect(result.model.graph.outputs).toEqual(model.graph.outputs);
  return result;
}

describe('weight-only int8', () => {
  it('per channel: int8 weights behind DequantizeLinear along the output axis; biases stay float', () => {
    const { model, report } = pure(tinyCnn(), { mode: 'int8-weights' });
    const g = model.graph;
    const dq = producer(g, 'conv.weight');
    expect(dq.op).toBe('DequantizeLinear');
    expect(intAttr(dq, 'axis')).toBe(0);
    const [q, scale, zp] = dq.inputs.map((id) => tensor(g, id));
    expect(q!.dtype).toBe('int8');
    expect(q!.shape).toEqual([4, 1, 3, 3]);
    expect(scale!.shape).toEqual([4]);
    expect(values(zp!)).toEqual([0, 0, 0, 0]);
    expect(Math.max(...values(q!).map(Math.abs))).toBe(127);
    // Gemm with transB: weight [N, K], output channels on axis 0.
    expect(intAttr(producer(g, 'fc.weight'), 'axis')).toBe(0);
    expect(tensor(g, 'conv.bias').dtype).toBe('float32');
    expect(report.layers.map((l) => [l.tensor, l.dtype, l.granularity])).toEqual([
      ['conv.weight', 'int8', 'per-channel'],
      ['fc.weight', 'int8', 'per-channel'],
    ]);
    for (const l of report.layers) expect(l.sqnrDb).toBeGreaterThan(35);
    expect(report.totals.bytesAfter).toBeLessThan(report.totals.bytesBefore);
  });

  it('Gemm without transB has its output channels on axis 1', () => {
    const { model } = pure(tinyCnn({ transB: false }), { mode: 'int8-weights' });
    const dq = producer(model.graph, 'fc.weight');
    expect(intAttr(dq, 'axis')).toBe(1);
    expect(tensor(model.graph, dq.inputs[1]!).shape).toEqual([3]);
  });

  it('per tensor: one scale, no axis; asymmetric weights are uint8 with a zero point', () => {
    const { model } = pure(tinyCnn(), { mode: 'int8-weights', granularity: 'per-tensor', symmetric: false });
    const dq = producer(model.graph, 'conv.weight');
    expect(dq.attributes['axis']).toBeUndefined();
    const [q, scale, zp] = dq.inputs.map((id) => tensor(model.graph, id));
    expect(q!.dtype).toBe('uint8');
    expect(scale!.shape).toEqual([]);
    expect(values(zp!)[0]).toBeGreaterThan(0);
  });

  it('keeps a layer in float when asked', () => {
    const { model, report } = pure(tinyCnn(), { mode: 'int8-weights', overrides: { conv: { keepFloat: true } } });
    expect(tensor(model.graph, 'conv.weight').dtype).toBe('float32');
    expect(report.layers.find((l) => l.tensor === 'conv.weight')?.keptFloat).toBe(true);
    expect(report.totals.keptFloatTensors).toBe(1);
  });
});

describe('weight-only int4', () => {
  it('packs int4 weights and raises the opset to 21 (IR 10)', () => {
    const { model, report } = pure(tinyCnn(), { mode: 'int4-weights' });
    expect(model.opsets).toEqual([{ domain: '', version: 21 }]);
    expect(model.irVersion).toBe(10);
    const q = tensor(model.graph, producer(model.graph, 'fc.weight').inputs[0]!);
    expect(q.dtype).toBe('int4');
    expect(q.data!.bytes!.byteLength).toBe(54);
    expect(Math.max(...values(q).map(Math.abs))).toBe(7);
    expect(report.warnings.join(' ')).toMatch(/opset was raised from 13 to 21/);
  });

  it('block-wise: block_size along the reduction axis, scales of the same rank', () => {
    const { model, report } = pure(tinyCnn(), { mode: 'int4-weights', blockSize: 16 });
    const dq = producer(model.graph, 'fc.weight');
    expect(intAttr(dq, 'block_size')).toBe(16);
    expect(intAttr(dq, 'axis')).toBe(1);
    expect(tensor(model.graph, dq.inputs[1]!).shape).toEqual([3, 3]);
    expect(report.layers.find((l) => l.tensor === 'fc.weight')?.granularity).toBe('per-block');
  });

  it('a layer may keep 8 bits', () => {
    const { model } = pure(tinyCnn(), { mode: 'int4-weights', overrides: { fc: { bits: 8 } } });
    expect(tensor(model.graph, producer(model.graph, 'fc.weight').inputs[0]!).dtype).toBe('int8');
    expect(tensor(model.graph, producer(model.graph, 'conv.weight').inputs[0]!).dtype).toBe('int4');
  });
});

describe('float16', () => {
  it('stores float32 constants as float16 behind a Cast to float', () => {
    const { model, report } = pure(tinyCnn(), { mode: 'float16', minElements: 1 });
    const cast = producer(model.graph, 'fc.weight');
    expect(cast.op).toBe('Cast');
    expect(intAttr(cast, 'to')).toBe(1);
    expect(tensor(model.graph, cast.inputs[0]!).dtype).toBe('float16');
    expect(model.opsets).toEqual([{ domain: '', version: 13 }]);
    expect(report.layers).toHaveLength(4);
    expect(report.totals.ratio).toBeCloseTo(0.5, 5);
    for (const l of report.layers) expect(l.sqnrDb).toBeGreaterThan(60);
  });
});

describe('static int8 (QDQ)', () => {
  const options: QuantizeOptions = { mode: 'int8', activationRanges: tinyCnnRanges() };

  it('quantizes activations with calibrated ranges; pooling and flatten share the ReLU output parameters', () => {
    const { model, report } = pure(tinyCnn(), options);
    const g = model.graph;
    const conv = g.nodes.find((n) => n.id === 'conv')!;
    // The input is read through Q → DQ.
    const dqIn = producer(g, conv.inputs[0]!);
    expect(dqIn.op).toBe('DequantizeLinear');
    expect(producer(g, dqIn.inputs[0]!).op).toBe('QuantizeLinear');
    // Conv → Relu is fused: the conv output goes to the Relu directly.
    expect(g.nodes.find((n) => n.id === 'relu')!.inputs).toEqual(['conv_out']);
    const paramsOf = (id: string) => {
      const q = g.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0] === id)!;
      return q.inputs.slice(1);
    };
    expect(paramsOf('pool_out')).toEqual(paramsOf('relu_out'));
    expect(paramsOf('flat_out')).toEqual(paramsOf('relu_out'));
    expect(paramsOf('relu_out')).not.toEqual(paramsOf('input'));
    const [scaleId, zpId] = paramsOf('relu_out');
    const zp = tensor(g, zpId!);
    expect(zp.dtype).toBe('int8');
    expect(values(zp)).toEqual([-128]);
    expect(values(tensor(g, scaleId!))[0]).toBeCloseTo(2.5 / 255, 7);
    // The graph output keeps its name, now written by the final DequantizeLinear.
    expect(producer(g, 'logits').op).toBe('DequantizeLinear');
    expect(g.nodes.find((n) => n.id === 'fc')!.outputs).toEqual(['logits_float']);
    expect(report.activations.map((a) => a.tensor).sort()).toEqual([
      'flat_out',
      'input',
      'logits',
      'pool_out',
      'relu_out',
    ]);
  });

  it('biases are int32 with scale s_input × s_weight (per channel) and zero point 0', () => {
    const { model, report } = pure(tinyCnn(), options);
    const g = model.graph;
    const wDq = producer(g, 'conv.weight');
    const bDq = producer(g, 'conv.bias');
    expect(bDq.inputs).toHaveLength(2);
    const bq = tensor(g, bDq.inputs[0]!);
    expect(bq.dtype).toBe('int32');
    const sIn = Math.fround(1 / 255);
    const sW = values(tensor(g, wDq.inputs[1]!));
    const sB = values(tensor(g, bDq.inputs[1]!));
    expect(sB).toEqual(sW.map((s) => Math.fround(sIn * Number(s))));
    expect(intAttr(bDq, 'axis')).toBe(0);
    expect(report.layers.filter((l) => l.role === 'bias').map((l) => l.dtype)).toEqual(['int32', 'int32']);
  });

  it('is compact: zero zero points of Conv weights left out, equal parameters shared, short names', () => {
    const { model, report } = pure(tinyCnn(), options);
    const g = model.graph;
    // DequantizeLinear's zero point defaults to 0; onnxruntime still fuses the Conv group without it…
    expect(producer(g, 'conv.weight').inputs).toEqual(['conv.weight_q', 'conv.weight_s']);
    // …but fuses a Gemm into QGemm only when the weight's DequantizeLinear has all three inputs.
    expect(producer(g, 'fc.weight').inputs).toEqual(['fc.weight_q', 'fc.weight_s', 'fc.weight_z']);
    const paramsOf = (id: string) =>
      g.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0] === id)!.inputs.slice(1);
    expect(paramsOf('input')).toEqual(['input_s', 'input_z']);
    // Input [0, 1] and ReLU output [0, 2.5] both get zero point −128: one initializer.
    expect(paramsOf('relu_out')).toEqual(['relu_out_s', 'input_z']);
    expect(g.tensors.filter((t) => t.data && t.id.endsWith('_z')).map((t) => t.id)).toEqual([
      'input_z',
      'logits_z',
      'fc.weight_z',
    ]);
    const bytes = (id: string) => report.layers.find((l) => l.tensor === id)!.bytesAfter;
    expect(bytes('conv.weight')).toBe(36 + 4 * 4);
    expect(bytes('fc.weight')).toBe(108 + 3 * 4 + 3);
  });

  it('Concat inputs and output share one scale and zero point: the union of their ranges', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2, 4, 4]);
    const r1 = b.op('Relu', [x], {}, { outputs: ['r1'] });
    const r2 = b.op('Sigmoid', [x], {}, { outputs: ['r2'] });
    const cat = b.op('Concat', [r1, r2], { axis: 1 }, { outputs: ['cat'] });
    const y = b.op('MaxPool', [cat], { kernel_shape: [2, 2] }, { outputs: ['y'] });
    const ranges = new Map([
      ['x', { min: -1, max: 5 }],
      ['r1', { min: 0, max: 5 }],
      ['r2', { min: 0.2, max: 0.99 }],
      ['cat', { min: 0, max: 5 }],
      ['y', { min: 0, max: 5 }],
    ]);
    const { model, report } = pure(b.output(y).model(), { mode: 'int8', activationRanges: ranges });
    const qParams = (id: string) =>
      model.graph.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0]?.startsWith(id))!.inputs.slice(1);
    expect(qParams('r2')).toEqual(qParams('r1'));
    expect(qParams('cat')).toEqual(qParams('r1'));
    expect(qParams('x')).not.toEqual(qParams('r1'));
    const r2Report = report.activations.find((a) => a.tensor === 'r2')!;
    expect(r2Report.calibrated).toEqual({ min: 0.2, max: 0.99 });
    expect(r2Report.range).toEqual({ min: 0, max: 5 });
  });

  it('uint8 activations when asked', () => {
    const { model } = pure(tinyCnn(), { ...options, activationDType: 'uint8' });
    const q = model.graph.nodes.find((n) => n.op === 'QuantizeLinear')!;
    expect(tensor(model.graph, q.inputs[2]!).dtype).toBe('uint8');
  });

  it('a bias that overflows int32 stays in float with a warning', () => {
    const ranges = new Map(tinyCnnRanges());
    ranges.set('input', { min: 0, max: 1e-7 });
    const { model, report } = pure(tinyCnn(), { mode: 'int8', activationRanges: ranges });
    expect(tensor(model.graph, 'conv.bias').dtype).toBe('float32');
    expect(report.warnings.join('\n')).toMatch(/bias "conv.bias" of Conv "conv" does not fit int32/);
    expect(report.layers.find((l) => l.tensor === 'conv.bias')?.keptFloat).toBe(true);
  });

  it('keeps a layer in float, and a layer may take 4-bit weights (opset 21)', () => {
    const { model, report } = pure(tinyCnn(), {
      ...options,
      overrides: { conv: { keepFloat: true }, fc: { bits: 4 } },
    });
    expect(tensor(model.graph, 'conv.weight').dtype).toBe('float32');
    expect(tensor(model.graph, producer(model.graph, 'fc.weight').inputs[0]!).dtype).toBe('int4');
    expect(model.opsets[0]!.version).toBe(21);
    expect(report.layers.find((l) => l.tensor === 'conv.weight')?.keptFloat).toBe(true);
  });

  it('upgrades an opset-8 CNTK-style graph: Add constants become biases, MatMul + Add a Gemm', () => {
    const { model, report } = pure(cntkStyle(), {
      mode: 'int8',
      activationRanges: new Map([
        ['x', { min: 0, max: 255 }],
        ['plus_out', { min: -3, max: 3 }],
        ['flat', { min: -3, max: 3 }],
        ['y', { min: -5, max: 5 }],
      ]),
    });
    const g = model.graph;
    expect(model.opsets[0]!.version).toBe(13);
    expect(model.irVersion).toBe(7);
    expect(g.nodes.filter((n) => n.op === 'Add')).toHaveLength(0);
    expect(g.nodes.filter((n) => n.op === 'Reshape').map((n) => n.id)).toEqual(['reshape']);
    const conv = g.nodes.find((n) => n.id === 'conv')!;
    expect(conv.outputs).toEqual(['plus_out']);
    // The folded biases keep the names of the Add constants they came from.
    expect(conv.inputs[2]).toBe('B');
    expect(producer(g, conv.inputs[2]!).op).toBe('DequantizeLinear');
    const gemm = g.nodes.find((n) => n.id === 'times')!;
    expect(gemm.op).toBe('Gemm');
    expect(gemm.inputs[2]).toBe('B2');
    expect(tensor(g, producer(g, gemm.inputs[1]!).inputs[0]!).shape).toEqual([32, 5]);
    expect(report.warnings.join('\n')).toMatch(/opset was raised from 8 to 13/);
  });

  it('refuses without calibrated ranges, and refuses a model that is already quantized', () => {
    expect(() => quantizeModel(tinyCnn(), { mode: 'int8' })).toThrow(/calibrated activation ranges/);
    const once = quantizeModel(tinyCnn(), options).model;
    const error = (() => {
      try {
        quantizeModel(once, options);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TransformError);
    expect((error as TransformError).code).toBe('not-applicable');
  });
});

describe('quantizeModel', () => {
  it('rejects bad options with a clear message', () => {
    const bad = (options: unknown) => () => quantizeModel(tinyCnn(), options as QuantizeOptions);
    expect(bad({ mode: 'int3' })).toThrow(/unknown quantization mode "int3"/);
    expect(bad({ mode: 'int4-weights', blockSize: -1 })).toThrow(/block size/);
    expect(bad({ mode: 'int8-weights', blockSize: 32 })).toThrow(/int4-weights only/);
    expect(bad({ mode: 'int8-weights', overrides: { conv: { bits: 2 } } })).toThrow(/bits must be 4 or 8/);
  });

  it('says TF.js models cannot be quantized yet', () => {
    const b = new GraphBuilder();
    const m = b.output(b.op('Relu', [b.input('x', 'float32', [1])])).model({ format: 'tfjs' });
    expect(() => quantizeModel(m, { mode: 'float16' })).toThrow(/quantizing TF\.js models is not supported yet/);
  });

  it('folds Constant-node weights and reshaped initializers before quantizing them', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const w = b.op(
      'Constant',
      [],
      {
        value: {
          id: 'v',
          name: 'v',
          dtype: 'float32',
          shape: [4, 4],
          data: { bytes: new Uint8Array(new Float32Array(16).fill(0.5).buffer) },
        },
      },
      { outputs: ['W'] },
    );
    const y = b.op('MatMul', [x, w], {}, { name: 'mm', outputs: ['y'] });
    const { model, report } = pure(b.output(y).model(), { mode: 'int8-weights' });
    expect(model.graph.nodes.map((n) => n.op)).toEqual(['DequantizeLinear', 'MatMul']);
    expect(report.layers[0]!.sqnrDb).toBe(Infinity);
  });
});
