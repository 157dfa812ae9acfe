import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../core';
import { fusedActivation, QUANT_VIEW_LIMIT, quantView } from './quant-view';

describe('quantView', () => {
  it('is undefined for tensors without scales', () => {
    expect(quantView(undefined)).toBeUndefined();
    expect(quantView({ scale: [], zeroPoint: [] })).toBeUndefined();
  });

  it('shows a per-tensor pair as it is', () => {
    expect(quantView({ scale: [0.02], zeroPoint: [-128] })).toEqual({
      channels: 1,
      scale: [0.02],
      zeroPoint: [-128],
      scaleRange: [0.02, 0.02],
      zeroPointRange: [-128, -128],
    });
  });

  it('keeps the axis, the ranges over every channel and at most the display limit of values', () => {
    const scale = Array.from({ length: 100 }, (_, i) => (i + 1) / 1000);
    const view = quantView({ scale, zeroPoint: scale.map(() => 0), axis: 3 });
    expect(view?.axis).toBe(3);
    expect(view?.channels).toBe(100);
    expect(view?.scale).toHaveLength(QUANT_VIEW_LIMIT);
    expect(view?.scaleRange).toEqual([0.001, 0.1]);
  });
});

describe('fusedActivation', () => {
  const node = (op: string, attributes: Record<string, string | string[]>) => {
    const b = new GraphBuilder();
    b.op(op, [b.input('x', 'float32', [1])], attributes);
    return b.graph().nodes[0]!;
  };

  it('reads TFLite fused_activation_function, hiding NONE', () => {
    expect(fusedActivation(node('CONV_2D', { fused_activation_function: 'RELU6' }))).toBe('RELU6');
    expect(fusedActivation(node('ADD', { fused_activation_function: 'NONE' }))).toBeUndefined();
  });

  it('reads the activations among TF.js fused_ops', () => {
    expect(fusedActivation(node('_FusedMatMul', { fused_ops: ['BiasAdd', 'Relu'] }))).toBe('Relu');
    expect(fusedActivation(node('_FusedConv2D', { fused_ops: ['BiasAdd'] }))).toBeUndefined();
  });

  it('is undefined for ops without fusion', () => {
    expect(fusedActivation(node('Conv', {}))).toBeUndefined();
  });
});
