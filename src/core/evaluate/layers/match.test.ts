import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { quantizeModel } from '../../transforms/quantize/index';
import { cntkStyle, tinyCnn, tinyCnnRanges } from '../../transforms/quantize/onnx/test-models';
import type { Model } from '../../ir/types';
import { matchLayers, observedTensors } from './match';
import { layerNodes } from './probe';

const ranges = tinyCnnRanges();
const qdq = (model: Model): Model =>
  quantizeModel(model, { mode: 'int8', activationRanges: ranges, onnxFormat: 'qdq' }).model;

describe('matchLayers', () => {
  it('a model against itself: every layer pairs with itself by tensor, probes unchanged', () => {
    const model = deepFreeze(tinyCnn());
    const m = matchLayers(model, model);
    expect(m.pairs.map((p) => p.nodeId)).toEqual(['conv', 'relu', 'pool', 'flatten', 'fc']);
    for (const p of m.pairs) {
      expect(p.reference.nodeId).toBe(p.nodeId);
      expect(p.by).toBe('tensor');
      expect(p.probe).toEqual(p.referenceProbe);
      expect(p.probe.dequantize).toBeUndefined();
    }
    expect(m.unmatched).toEqual([]);
    expect(m.output.probe.tensor).toBe('logits');
  });

  it('a QDQ variant: its layers pair with the float ones and are read behind their DequantizeLinear', () => {
    const float = tinyCnn();
    const variant = qdq(float);
    // Quantization added conversions, which are never layers.
    expect(variant.graph.nodes.length).toBeGreaterThan(layerNodes(variant.graph).length);
    const m = matchLayers(variant, float);
    expect(m.pairs.map((p) => [p.nodeId, p.reference.nodeId, p.by])).toEqual([
      ['conv', 'conv', 'tensor'],
      ['relu', 'relu', 'tensor'],
      ['pool', 'pool', 'tensor'],
      ['flatten', 'flatten', 'tensor'],
      ['fc', 'fc', 'tensor'],
    ]);
    const probe = (id: string) => m.pairs.find((p) => p.nodeId === id)!;
    // Relu's output is quantized: the next layer reads the DequantizeLinear's output.
    expect(probe('relu').probe.tensor).toBe('relu_out_dq');
    expect(probe('relu').referenceProbe.tensor).toBe('relu_out');
    // The Conv feeding the Relu is fused with it (not quantized on its own).
    expect(probe('conv').probe.tensor).toBe('conv_out');
    // The Gemm writes a float copy of the graph output; the quantized output keeps the name.
    expect(probe('fc').probe.tensor).toBe('logits');
    expect(m.pairs.every((p) => p.probe.dequantize === undefined)).toBe(true);
    expect(observedTensors(m, 'model')).toContain('relu_out_dq');
    expect(observedTensors(m, 'reference')).toContain('relu_out');
  });

  it('the reverse direction (float against its QDQ variant) pairs the same layers', () => {
    const float = tinyCnn();
    const m = matchLayers(float, qdq(float));
    expect(m.pairs.map((p) => p.reference.nodeId)).toEqual(['conv', 'relu', 'pool', 'flatten', 'fc']);
    expect(m.pairs.find((p) => p.nodeId === 'pool')!.referenceProbe.tensor).toBe('pool_out_dq');
  });

  it('a QOperator variant: integer layers pair through `<tensor>_q` and are dequantized with their output scale', () => {
    const float = tinyCnn();
    const variant = quantizeModel(float, { mode: 'int8', activationRanges: ranges, onnxFormat: 'qoperator' }).model;
    const m = matchLayers(variant, float);
    const conv = m.pairs.find((p) => p.nodeId === 'conv')!;
    expect(conv.op).toBe('QLinearConv');
    // The Relu folded into the QLinearConv: its output is the Relu's.
    expect(conv.reference.nodeId).toBe('relu');
    expect(conv.probe.tensor).toBe('relu_out_q');
    const dq = conv.probe.dequantize!;
    expect(dq.scale).toHaveLength(1);
    // relu_out's range [0, 2.5] over int8: zero point −128, scale 2.5 / 255.
    expect(dq.scale[0]).toBeCloseTo(2.5 / 255, 6);
    expect(dq.zeroPoint[0]).toBe(-128);
    // MaxPool runs on the integers: it shares the parameters of its input.
    const pool = m.pairs.find((p) => p.nodeId === 'pool')!;
    expect(pool.probe.dequantize?.scale[0]).toBeCloseTo(dq.scale[0]!, 9);
    // The Gemm became Unsqueeze → 1×1 QLinearConv → Flatten: the layer keeps its pairing with the Gemm.
    const fc = m.pairs.find((p) => p.reference.nodeId === 'fc')!;
    expect([fc.nodeId, fc.op, fc.by]).toEqual(['fc', 'QLinearConv', 'node-id']);
    expect(fc.probe.dequantize).toBeDefined();
    expect(m.unmatched.map((l) => l.op).sort()).toEqual(['Flatten', 'Unsqueeze']);
  });

  it('a bias Add folded into its Conv (CNTK layout): the Conv pairs with the Add, whose output it now writes', () => {
    const float = cntkStyle();
    const calibrated = new Map(
      float.graph.tensors.filter((t) => t.data === undefined).map((t) => [t.id, { min: -3, max: 3 }]),
    );
    const variant = quantizeModel(float, { mode: 'int8', activationRanges: calibrated }).model;
    const m = matchLayers(variant, float);
    const conv = m.pairs.find((p) => p.nodeId === 'conv')!;
    expect(conv.reference.nodeId).toBe('plus');
    expect(conv.reference.op).toBe('Add');
    // The float model's own Conv (before its bias) has no counterpart; no variant layer was left over.
    expect(m.pairs.some((p) => p.reference.nodeId === 'conv')).toBe(false);
  });

  it('ONNX layers renamed by a transform still pair by node id', () => {
    const float = tinyCnn();
    const renamed: Model = {
      ...float,
      graph: {
        ...float.graph,
        nodes: float.graph.nodes.map((n) =>
          n.id === 'pool'
            ? { ...n, outputs: ['pooled'], name: 'pool' }
            : n.id === 'flatten'
              ? { ...n, inputs: ['pooled'] }
              : n,
        ),
        tensors: float.graph.tensors.map((t) => (t.id === 'pool_out' ? { ...t, id: 'pooled', name: 'pooled' } : t)),
      },
    };
    const m = matchLayers(renamed, float);
    const pool = m.pairs.find((p) => p.nodeId === 'pool')!;
    expect(pool.by).toBe('node-id');
    expect(pool.probe.tensor).toBe('pooled');
    expect(pool.referenceProbe.tensor).toBe('pool_out');
  });
});
