import { describe, expect, it } from 'vitest';
import { TransformError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import { typedView } from '../../ir/tensor';
import type { Model } from '../../ir/types';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { onnxCnn, onnxDequantized, onnxGeneratedWeights, onnxMlp, tfliteMixed } from './test-models';
import { readWeight, requireWeights, searchWeights, storedBytes, writeWeights } from './index';

const byNode = (model: Model) => new Map(searchWeights(model).weights.map((w) => [w.nodeId, w]));

describe('finding weights', () => {
  it('ONNX Conv, depthwise Conv and Gemm (transB): axes, N:M runs, first / last', () => {
    const w = byNode(onnxCnn());
    expect([...w.keys()]).toEqual(['conv1', 'dw', 'fc']);
    const conv = w.get('conv1')!;
    expect(conv).toMatchObject({ tensor: 'conv1.w', shape: [8, 4, 3, 3], outputAxis: 0, reductionAxis: 1 });
    expect(conv.reduction).toEqual({ outer: 8, channels: 4, inner: 9 });
    expect(conv.first && !conv.last).toBe(true);
    // Depthwise: one input channel per filter, so the groups run over the 3×3 window.
    expect(w.get('dw')).toMatchObject({ depthwise: true, reduction: { outer: 8, channels: 9, inner: 1 } });
    expect(w.get('fc')).toMatchObject({
      outputAxis: 0,
      reductionAxis: 1,
      reduction: { outer: 3, channels: 32, inner: 1 },
    });
    expect(w.get('fc')!.last).toBe(true);
  });

  it('ONNX weights in a Constant node, behind a constant Reshape, and shared by two MatMuls', () => {
    const w = byNode(onnxMlp());
    expect([...w.keys()]).toEqual(['mm1', 'mm2', 'mm3a']);
    expect(w.get('mm1')).toMatchObject({
      storage: 'constant-node',
      constantNode: 'const',
      tensor: 'w1',
      shape: [16, 8],
    });
    // MatMul B [K, N]: output channels on axis 1, the sum over axis 0.
    expect(w.get('mm1')).toMatchObject({
      outputAxis: 1,
      reductionAxis: 0,
      reduction: { outer: 1, channels: 16, inner: 8 },
    });
    expect(w.get('mm2')).toMatchObject({
      tensor: 'w2_raw',
      storedShape: [2, 4, 8],
      shape: [8, 8],
      via: ['reshape_w2'],
    });
    expect(w.get('mm3a')!.readers).toEqual(['mm3a', 'mm3b']);
  });

  it('ONNX weights behind DequantizeLinear carry its scales and axis', () => {
    const [w] = searchWeights(onnxDequantized()).weights;
    expect(w).toMatchObject({ tensor: 'w_q', dtype: 'int8', via: ['dq'], quant: { axis: 1 } });
    expect(w!.quant!.scale).toEqual(Array.from(Float32Array.from([0.01, 0.02, 0.015, 0.03])));
  });

  it('TFLite int8 per-axis and float weights, [O, kh, kw, I] and [O, I]', () => {
    const w = byNode(tfliteMixed());
    expect(w.get('conv')).toMatchObject({
      dtype: 'int8',
      outputAxis: 0,
      reductionAxis: 3,
      reduction: { outer: 36, channels: 2, inner: 1 },
    });
    expect(w.get('fc')).toMatchObject({ dtype: 'float32', outputAxis: 0, reductionAxis: 1, elementBytes: 4 });
  });

  it('refuses a model whose weights are generated at run time, naming the model and the reason', () => {
    expect(() => requireWeights(onnxGeneratedWeights())).toThrow(TransformError);
    expect(() => requireWeights(onnxGeneratedWeights())).toThrow(
      'ONNX model "light": no prunable weights: weights are computed at run time by ConstantOfShape (1 of 1 layers)',
    );
  });

  it('refuses a model without layers', () => {
    const b = new GraphBuilder('plain');
    b.output(b.op('Relu', [b.input('x', 'float32', [1, 4])]));
    expect(() => requireWeights(b.model())).toThrow(
      'no prunable weights: it has no Conv, ConvTranspose, Gemm or MatMul layers',
    );
  });
});

describe('reading and writing weights', () => {
  it('int8 per-axis weights read dequantized and write back to the same integers', () => {
    const model = deepFreeze(tfliteMixed());
    const before = snapshotBytes(model);
    const ref = byNode(model).get('conv')!;
    const real = readWeight(model, ref);
    const q = typedView('int8', storedBytes(model, ref)) as Int8Array;
    const scales = [0.01, 0.02, 0.005, 0.04];
    expect(real[19]).toBeCloseTo(q[19]! * scales[1]!, 6);
    const out = writeWeights(model, new Map([[ref, real]]));
    expect(Array.from(typedView('int8', storedBytes(out, ref)) as Int8Array)).toEqual(Array.from(q));
    const changed = real.slice();
    changed[0] = 0;
    changed[19] = 0.2; // 10 steps of channel 1
    const q2 = typedView('int8', storedBytes(writeWeights(model, new Map([[ref, changed]])), ref)) as Int8Array;
    expect([q2[0], q2[19], q2[20]]).toEqual([0, 10, q[20]]);
    expect(snapshotBytes(model)).toEqual(before);
  });

  it('writes into a Constant node and behind a DequantizeLinear, leaving the structure alone', () => {
    const mlp = deepFreeze(onnxMlp());
    const ref = byNode(mlp).get('mm1')!;
    const zeros = new Float32Array(ref.elements);
    const out = writeWeights(mlp, new Map([[ref, zeros]]));
    expect(readWeight(out, ref).every((v) => v === 0)).toBe(true);
    expect(out.graph.nodes.map((n) => n.id)).toEqual(mlp.graph.nodes.map((n) => n.id));

    const qdq = deepFreeze(onnxDequantized());
    const [w] = searchWeights(qdq).weights;
    const values = readWeight(qdq, w!);
    values[5] = 0.04; // column 1 (scale 0.02): 2 steps
    const q = typedView('int8', storedBytes(writeWeights(qdq, new Map([[w!, values]])), w!)) as Int8Array;
    expect(q[5]).toBe(2);
  });
});
