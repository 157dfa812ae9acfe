import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, readBytes } from '../../../../test-support/corpus';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import { readTflite, writeTflite } from '../../../formats/tflite';
import { realValues } from '../../../ir/quantization';
import { bytesOf, halfToFloat, typedView } from '../../../ir/tensor';
import type { Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { quantizeTflite, type TfliteQuantizeOptions } from './index';
import { floatCnn } from './test-models';

const tensorOf = (model: Model, id: string): Tensor => model.graph.tensors.find((x) => x.id === id)!;
const versionOf = (n: Node): number => (n.extras?.['tflite'] as { version?: number } | undefined)?.version ?? 1;

function run(options: TfliteQuantizeOptions) {
  const model = deepFreeze(floatCnn());
  const bytes = snapshotBytes(model);
  const result = quantizeTflite(model, options);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  // Every result re-reads with the TFLite reader.
  const back = readTflite(writeTflite(result.model));
  expect(back.graph.nodes.map((n) => n.op)).toEqual(result.model.graph.nodes.map((n) => n.op));
  return result;
}

describe('dynamic-range (hybrid) int8 weights', () => {
  it('stores conv, depthwise and dense weights as int8 read by the hybrid kernels', () => {
    // The converter skips weights under 1024 elements; the test model's are smaller.
    const { model, report } = run({ mode: 'int8-weights', minElements: 1 });
    const versions = Object.fromEntries(model.graph.nodes.map((n) => [n.op, versionOf(n)]));
    expect(versions).toMatchObject({ CONV_2D: 5, DEPTHWISE_CONV_2D: 6, FULLY_CONNECTED: 3, ADD: 1, SOFTMAX: 1 });
    expect(tensorOf(model, 'conv/weights')).toMatchObject({ dtype: 'int8', quant: { axis: 0 } });
    expect(tensorOf(model, 'conv/weights').quant!.scale).toHaveLength(4);
    expect(tensorOf(model, 'fc/weights').quant!.scale).toHaveLength(1);
    // Biases and activations stay float.
    expect(tensorOf(model, 'conv/bias').dtype).toBe('float32');
    expect(tensorOf(model, 'conv').dtype).toBe('float32');
    expect(report.layers.map((l) => l.tensor)).toEqual(['conv/weights', 'dw/weights', 'fc/weights']);
    expect(report.totals.minWeightSqnrDb).toBeGreaterThan(30);
  });

  it('writes per-tensor depthwise weights with their scale repeated per channel (what the kernel reads)', () => {
    const { model, report } = run({ mode: 'int8-weights', minElements: 1, granularity: 'per-tensor' });
    const dw = tensorOf(model, 'dw/weights').quant!;
    expect(dw.axis).toBe(3);
    expect(new Set(dw.scale).size).toBe(1);
    expect(dw.scale).toHaveLength(4);
    expect(report.layers.find((l) => l.tensor === 'dw/weights')!.granularity).toBe('per-tensor');
    expect(versionOf(model.graph.nodes.find((n) => n.op === 'CONV_2D')!)).toBe(2);
  });

  it('leaves weights under 1024 elements in float by default, as the converter does', () => {
    const { model, report } = run({ mode: 'int8-weights' });
    expect(tensorOf(model, 'conv/weights').dtype).toBe('float32');
    expect(report.warnings.join(' ')).toMatch(/1024/);
  });

  it('keeps an overridden layer in float', () => {
    const conv = floatCnn().graph.nodes[0]!;
    const { model, report } = run({
      mode: 'int8-weights',
      minElements: 1,
      overrides: { [conv.id]: { keepFloat: true } },
    });
    expect(tensorOf(model, 'conv/weights').dtype).toBe('float32');
    expect(report.layers.find((l) => l.tensor === 'conv/weights')!.keptFloat).toBe(true);
  });
});

describe('float16 weights', () => {
  it('stores every float constant as float16 behind a DEQUANTIZE', () => {
    const original = floatCnn();
    const { model, report } = run({ mode: 'float16' });
    const g = model.graph;
    const dequantize = g.nodes.filter((n) => n.op === 'DEQUANTIZE');
    expect(dequantize).toHaveLength(6);
    expect(dequantize.every((n) => versionOf(n) === 3)).toBe(true);
    // The ops still read the float32 tensors, now made by DEQUANTIZE; the file holds float16.
    expect(g.nodes.find((n) => n.op === 'CONV_2D')!.inputs).toEqual(original.graph.nodes[0]!.inputs);
    expect(tensorOf(model, 'conv/weights').data).toBeUndefined();
    const half = tensorOf(model, dequantize[0]!.inputs[0]!);
    expect(half.dtype).toBe('float16');
    const before = typedView('float32', tensorOf(original, 'conv/weights').data!.bytes!) as Float32Array;
    const after = typedView('float16', half.data!.bytes!) as Uint16Array;
    after.forEach((bits, i) => expect(Math.abs(halfToFloat(bits) - before[i]!)).toBeLessThan(1e-3));
    expect(report.totals.ratio).toBeCloseTo(0.5, 1);
    expect(report.layers.every((l) => l.dtype === 'float16')).toBe(true);
  });
});

describe.skipIf(!hasCorpus())(
  'hybrid int8 weights mirror the converter’s mlperf_kws_dscnn_float32_hybrid.tflite',
  () => {
    it('re-quantizes the float version of the hybrid file to the same int8 weights and kernel versions', () => {
      const name = 'mlperf_kws_dscnn_float32_hybrid.tflite';
      const hybrid = readTflite([{ name, bytes: readBytes(corpusPath(`models/tflite/${name}`)) }]);
      // The float model the converter started from, as far as the file tells: int8 weights dequantized.
      const float: Model = {
        ...hybrid,
        graph: {
          ...hybrid.graph,
          tensors: hybrid.graph.tensors.map((t) => {
            const real = t.dtype === 'int8' && t.data ? realValues(t) : undefined;
            if (!real) return t;
            const { quant: _q, ...rest } = t;
            return { ...rest, dtype: 'float32', data: { bytes: bytesOf(Float32Array.from(real.values)) } };
          }),
          nodes: hybrid.graph.nodes.map((n) => ({ ...n, extras: undefined })),
        },
      };
      const { model, report } = quantizeTflite(float, { mode: 'int8-weights', granularity: 'per-tensor' });
      for (const t of hybrid.graph.tensors.filter((x) => x.dtype === 'int8')) {
        const ours = tensorOf(model, t.id);
        expect(ours.dtype).toBe('int8');
        expect(ours.data!.bytes).toEqual(t.data!.bytes);
        expect(ours.quant!.scale[0]).toBeCloseTo(t.quant!.scale[0]!, 9);
      }
      const convs = (m: Model) =>
        m.graph.nodes.filter((n) => n.op !== 'FULLY_CONNECTED').map((n) => `${n.op} v${versionOf(n)}`);
      expect(convs(model)).toEqual(convs(hybrid));
      expect(report.layers).toHaveLength(5);
    });
  },
);
