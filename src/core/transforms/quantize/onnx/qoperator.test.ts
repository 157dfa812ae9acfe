import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { toFloat64 } from '../../../ir/tensor';
import type { Graph, Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import { quantizeModel } from '../index';
import type { QuantizeOptions, QuantizeResult } from '../types';
import { clipNet, movesNet, tinyCnn, tinyCnnRanges } from './test-models';

function tensor(g: Graph, id: string): Tensor {
  const t = g.tensors.find((x) => x.id === id);
  if (!t) throw new Error(`no tensor ${id}`);
  return t;
}
function node(g: Graph, id: string): Node {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}
function producer(g: Graph, id: string): Node {
  const n = g.nodes.find((x) => x.outputs.includes(id));
  if (!n) throw new Error(`nothing produces ${id}`);
  return n;
}
function values(g: Graph, id: string): number[] {
  const t = tensor(g, id);
  return Array.from(toFloat64(t.dtype, t.data!.bytes!)!);
}

const qop: QuantizeOptions = { mode: 'int8', activationRanges: tinyCnnRanges(), onnxFormat: 'qoperator' };

function pure(model: Model, options: QuantizeOptions): QuantizeResult {
  deepFreeze(model);
  const before = snapshotBytes(model);
  const result = quantizeModel(model, options);
  expect(snapshotBytes(model)).toEqual(before);
  expect(validateGraph(result.model.graph)).toEqual([]);
  expect(result.model.graph.inputs).toEqual(model.graph.inputs);
  expect(result.model.graph.outputs).toEqual(model.graph.outputs);
  return result;
}

/** Ranges of movesNet's tensors (a rough calibration: ReLU-side outputs ≥ 0). */
function movesRanges(): Map<string, { min: number; max: number }> {
  const ranges = new Map<string, { min: number; max: number }>();
  for (const id of ['x']) ranges.set(id, { min: -0.5, max: 1.5 });
  for (const id of ['c']) ranges.set(id, { min: -2, max: 2 });
  for (const id of ['r', 'p', 't', 's', 'h1', 'h2', 'cat', 'u', 'sq', 'g', 'tl', 'e', 'id', 'f', 'rs', 'both'])
    ranges.set(id, { min: 0, max: 2 });
  for (const id of ['sg', 'sf']) ranges.set(id, { min: 0.5, max: 0.9 });
  ranges.set('logits', { min: -3, max: 3 });
  ranges.set('probs', { min: 0, max: 1 });
  return ranges;
}

describe('static int8 in QOperator form', () => {
  it('writes integer operators: Q at the input, QLinearConv, int8 MaxPool / Flatten, DQ at the output', () => {
    const { model, report } = pure(tinyCnn(), qop);
    const g = model.graph;
    expect(g.nodes.map((n) => n.op)).toEqual([
      'QuantizeLinear',
      'QLinearConv',
      'MaxPool',
      'Flatten',
      'Unsqueeze',
      'QLinearConv',
      'Flatten',
      'DequantizeLinear',
    ]);
    // The layer keeps its id and name; the ReLU folded into its output range (zero point −128 = 0.0).
    const conv = node(g, 'conv');
    expect(conv.name).toBe('conv');
    expect(conv.outputs).toEqual(['relu_out_q']);
    expect(values(g, conv.inputs[7]!)).toEqual([-128]);
    expect(node(g, 'pool').inputs).toEqual(['relu_out_q']);
    expect(producer(g, 'logits').op).toBe('DequantizeLinear');
    // Float declarations of tensors that became int8 (or vanished) are gone, not left stale.
    for (const id of ['conv_out', 'relu_out', 'pool_out', 'flat_out'])
      expect(g.tensors.some((t) => t.id === id)).toBe(false);
    expect(report.warnings.join('\n')).toMatch(/1 Relu\/Clip node\(s\) folded/);
    expect(model.opsets).toEqual([{ domain: '', version: 13 }]);
  });

  it('uses the QDQ form parameters: same scales, zero points, int8 weights and int32 biases', () => {
    const qdq = quantizeModel(tinyCnn(), { ...qop, onnxFormat: 'qdq' }).model.graph;
    const g = pure(tinyCnn(), qop).model.graph;
    const conv = node(g, 'conv');
    const qIn = qdq.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0] === 'input')!;
    const qOut = qdq.nodes.find((n) => n.op === 'QuantizeLinear' && n.inputs[0] === 'relu_out')!;
    expect(values(g, conv.inputs[1]!)).toEqual(values(qdq, qIn.inputs[1]!));
    expect(values(g, conv.inputs[2]!)).toEqual(values(qdq, qIn.inputs[2]!));
    expect(values(g, conv.inputs[6]!)).toEqual(values(qdq, qOut.inputs[1]!));
    const wDq = producer(qdq, 'conv.weight');
    expect(values(g, conv.inputs[3]!)).toEqual(values(qdq, wDq.inputs[0]!));
    expect(values(g, conv.inputs[4]!)).toEqual(values(qdq, wDq.inputs[1]!));
    expect(tensor(g, conv.inputs[8]!).dtype).toBe('int32');
    expect(values(g, conv.inputs[8]!)).toEqual(values(qdq, producer(qdq, 'conv.bias').inputs[0]!));
    // One scalar zero point serves every symmetric weight.
    const fc = node(g, 'fc');
    expect(fc.inputs[5]).toBe(conv.inputs[5]);
    expect(tensor(g, conv.inputs[5]!).shape).toEqual([]);
  });

  it('a Gemm runs as a 1-D QLinearConv with an int32 bias; [K, N] weights are transposed to [N, K, 1]', () => {
    for (const transB of [true, false]) {
      const qdq = quantizeModel(tinyCnn({ transB }), { ...qop, onnxFormat: 'qdq' }).model.graph;
      const { model, report } = pure(tinyCnn({ transB }), qop);
      const g = model.graph;
      const fc = node(g, 'fc');
      expect(fc.op).toBe('QLinearConv');
      expect(producer(g, fc.inputs[0]!).op).toBe('Unsqueeze');
      expect(g.nodes.find((n) => n.inputs[0] === fc.outputs[0])?.op).toBe('Flatten');
      const w = tensor(g, fc.inputs[3]!);
      expect(w.shape).toEqual([3, 36, 1]);
      const original = values(qdq, producer(qdq, 'fc.weight').inputs[0]!);
      const expected = transB
        ? original
        : Array.from({ length: 108 }, (_, i) => original[(i % 36) * 3 + Math.floor(i / 36)]!);
      expect(values(g, fc.inputs[3]!)).toEqual(expected);
      expect(values(g, fc.inputs[8]!)).toEqual(values(qdq, producer(qdq, 'fc.bias').inputs[0]!));
      expect(report.warnings.join('\n')).toMatch(/Gemm layers run as a 1-D QLinearConv .*: Gemm "fc"$/m);
    }
  });

  it('a layer kept in float runs between DequantizeLinear and QuantizeLinear', () => {
    const { model, report } = pure(tinyCnn(), { ...qop, overrides: { conv: { keepFloat: true } } });
    const g = model.graph;
    const conv = node(g, 'conv');
    expect(conv.op).toBe('Conv');
    expect(tensor(g, 'conv.weight').dtype).toBe('float32');
    expect(node(g, 'relu').op).toBe('Relu');
    expect(producer(g, node(g, 'relu').inputs[0]!).op).toBe('DequantizeLinear');
    expect(producer(g, 'relu_out_q').op).toBe('QuantizeLinear');
    expect(node(g, 'pool').inputs).toEqual(['relu_out_q']);
    expect(report.layers.find((l) => l.tensor === 'conv.weight')?.keptFloat).toBe(true);
  });

  it('a 4-bit layer (no integer operator takes int4) falls back to DQ → float op → Q at opset 21', () => {
    const { model } = pure(tinyCnn(), { ...qop, overrides: { fc: { bits: 4 } } });
    const g = model.graph;
    expect(model.opsets).toEqual([{ domain: '', version: 21 }]);
    expect(node(g, 'conv').op).toBe('QLinearConv');
    expect(node(g, 'fc').op).toBe('Gemm');
    expect(tensor(g, producer(g, 'fc.weight').inputs[0]!).dtype).toBe('int4');
    expect(producer(g, node(g, 'fc').inputs[0]!).op).toBe('DequantizeLinear');
  });

  it('folds a Clip only when the output range already clamps to its bounds', () => {
    const ranges = (hi: number) =>
      new Map([
        ['x', { min: 0, max: 1 }],
        ['c', { min: -1, max: 7 }],
        ['k', { min: 0, max: hi }],
        ['y', { min: 0, max: hi }],
      ]);
    const folded = pure(clipNet(0, 6), { mode: 'int8', activationRanges: ranges(6), onnxFormat: 'qoperator' });
    expect(folded.model.graph.nodes.map((n) => n.op)).toEqual([
      'QuantizeLinear',
      'QLinearConv',
      'Flatten',
      'DequantizeLinear',
    ]);
    // Clip(0.3, …) cuts above the range's 0: the integers alone would not, so the layer stays float.
    const kept = pure(clipNet(0.3, 6), { mode: 'int8', activationRanges: ranges(6), onnxFormat: 'qoperator' });
    const ops = kept.model.graph.nodes.map((n) => n.op);
    expect(ops).toContain('Conv');
    expect(ops).toContain('Clip');
    expect(ops).not.toContain('QLinearConv');
    expect(kept.report.warnings.join('\n')).toMatch(
      /run in float between DequantizeLinear and QuantizeLinear .*: Conv "conv", Clip "clip"/,
    );
  });

  it('moves data on int8 tensors; ops without a standard integer form read a float view', () => {
    const { model, report } = pure(movesNet(), {
      mode: 'int8',
      activationRanges: movesRanges(),
      onnxFormat: 'qoperator',
    });
    const g = model.graph;
    for (const id of [
      'pool',
      'transpose',
      'slice',
      'split',
      'concat',
      'unsqueeze',
      'squeeze',
      'gather',
      'tile',
      'expand',
    ])
      expect(node(g, id).inputs[0], id).toMatch(/_q$/);
    expect(node(g, 'split').outputs).toEqual(['h1_q', 'h2_q']);
    expect(node(g, 'slice').inputs.slice(1)).toEqual(['starts', 'ends', 'axes']);
    // Sigmoid reads the Slice output dequantized under its own name, and its output is quantized again.
    expect(node(g, 'sigmoid').inputs).toEqual(['s']);
    expect(producer(g, 's').op).toBe('DequantizeLinear');
    expect(producer(g, 'sg_q').op).toBe('QuantizeLinear');
    // Softmax reads the logits graph output; its own output is a quantized graph output too.
    expect(node(g, 'softmax').inputs).toEqual(['logits']);
    expect(node(g, 'softmax').outputs).toEqual(['probs_float']);
    expect(producer(g, 'probs').op).toBe('DequantizeLinear');
    expect(report.warnings.join('\n')).toMatch(/2 node\(s\) .* Sigmoid "sigmoid", Softmax "softmax"/);
  });

  it('uint8 activations: uint8 zero points, same operators', () => {
    const { model } = pure(tinyCnn(), { ...qop, activationDType: 'uint8' });
    const conv = node(model.graph, 'conv');
    expect(conv.op).toBe('QLinearConv');
    expect(tensor(model.graph, conv.inputs[2]!).dtype).toBe('uint8');
    expect(values(model.graph, conv.inputs[7]!)).toEqual([0]);
  });

  it('refuses the QOperator form for other modes, and unknown forms', () => {
    const error = (options: QuantizeOptions): unknown => {
      try {
        quantizeModel(tinyCnn(), options);
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const weights = error({ mode: 'int8-weights', onnxFormat: 'qoperator' });
    expect(weights).toBeInstanceOf(TransformError);
    expect((weights as TransformError).code).toBe('invalid-options');
    expect((weights as Error).message).toMatch(/QOperator form applies to static int8 only/);
    const unknown = error({ ...qop, onnxFormat: 'qlinear' as never });
    expect((unknown as Error).message).toMatch(/qdq or qoperator, not "qlinear"/);
  });
});
