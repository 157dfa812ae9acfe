import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import type { Model } from '../ir/types';
import type { ShapeInference } from '../shape/types';
import { analyzeModel } from './analyze';

// The TFLM hello-world sine MLP (1 → 16 → 16 → 1) as keras2onnx writes it, with a symbolic batch N.
function sineMlp(): Model {
  const b = new GraphBuilder('sine');
  const x = b.input('x', 'float32', ['N', 1]);
  let h = x;
  const widths = [1, 16, 16, 1];
  for (let i = 0; i < 3; i++) {
    const [inW, outW] = [widths[i]!, widths[i + 1]!];
    const w = b.constant(`w${i}`, new Float32Array(inW * outW).fill(0.5), [inW, outW]);
    const bias = b.constant(`b${i}`, new Float32Array(outW), [outW]);
    const mm = b.op('MatMul', [h, w], {}, { name: `mm${i}`, dtype: 'float32', shape: ['N', outW] });
    h = b.op('Add', [mm, bias], {}, { name: `add${i}`, dtype: 'float32', shape: ['N', outW] });
    if (i < 2) h = b.op('Relu', [h], {}, { name: `relu${i}`, dtype: 'float32', shape: ['N', outW] });
  }
  return b.output(h).model({ opset: 9 });
}

describe('analyzeModel', () => {
  it('gives the sine MLP its 321 params and 288 MACs at N = 1', () => {
    const a = analyzeModel(sineMlp());
    expect(a).toMatchObject({
      format: 'onnx',
      nodeCount: 8,
      params: 321,
      weightBytes: 1284,
      macs: 288,
      unknownMacsNodes: 0,
    });
    expect(a.opsHistogram).toEqual({ MatMul: 3, Add: 3, Relu: 2 });
    expect(a.inputs).toEqual([{ id: 'x', name: 'x', dtype: 'float32', shape: ['N', 1] }]);
    expect(a.layers.map((l) => l.macs)).toEqual([16, 0, 0, 256, 0, 0, 16, 0]);
    expect(a.layers.map((l) => l.params)).toEqual([16, 16, 0, 256, 16, 0, 16, 1]);
    expect(a.layers.map((l) => l.outputBytes)).toEqual([64, 64, 64, 64, 64, 64, 4, 4]);
    expect(a.layers.reduce((sum, l) => sum + l.params, 0)).toBe(a.params);
  });

  it('plans activation memory: peak, timeline and a TFLM-aligned arena', () => {
    const a = analyzeModel(sineMlp());
    // Step 0 holds x (4 B) and mm0's output (64 B); later steps hold two 64-byte tensors.
    expect(a.timeline).toEqual([68, 128, 128, 128, 128, 128, 68, 8]);
    expect(a).toMatchObject({ peakActivationBytes: 128, peakStep: 1, arenaBytes: 128, unknownSizeTensors: 0 });
    expect(analyzeModel(sineMlp(), { alignment: 1 }).arenaBytes).toBe(128);
    const planned = a.activations.filter((t) => t.offset !== undefined);
    expect(planned).toHaveLength(a.activations.length);
  });

  it('counts float activations as one byte per element with activationDType int8', () => {
    const a = analyzeModel(sineMlp(), { activationDType: 'int8' });
    expect(a.peakActivationBytes).toBe(32);
    // 16-byte TFLM alignment makes each 1- or 16-byte buffer 16 bytes.
    expect(a.arenaBytes).toBe(32);
    expect(a.activationDType).toBe('int8');
  });

  it('uses a precomputed shape inference and reports unknown sizes', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const y = b.op('Relu', [x], {}, { name: 'relu', outputs: ['y'] });
    const z = b.op('Relu', [y], {}, { name: 'relu2', outputs: ['z'] });
    const model = b.output(z).model();
    const blind = analyzeModel(model, { inference: { types: new Map(), folded: new Map(), problems: [] } });
    expect(blind.unknownSizeTensors).toBe(2);
    expect(blind.peakActivationBytes).toBe(24);
    const inference: ShapeInference = {
      types: new Map([
        ['y', { dtype: 'float32', shape: [2, 3] }],
        ['z', { dtype: 'float32', shape: [2, 3] }],
      ]),
      folded: new Map(),
      problems: [],
    };
    const seen = analyzeModel(model, { inference });
    expect(seen).toMatchObject({ unknownSizeTensors: 0, peakActivationBytes: 48 });
    expect(seen.layers[0]!.outputShapes).toEqual([[2, 3]]);
  });

  it('does not mutate the model', () => {
    const model = sineMlp();
    const frozen = JSON.stringify(model, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    analyzeModel(model, { activationDType: 'int8' });
    expect(JSON.stringify(model, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(frozen);
  });
});
