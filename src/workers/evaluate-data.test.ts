// The pure pieces of the evaluate path: preprocessing fitted to a model input, which sample shapes are
// drawn as pictures, where external data is found, and values to and from the TFLite interpreter.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, preprocessImage, type Tensor } from '../core';
import { fittedPreprocessing } from './evaluate-data';
import { externalDataOf } from './evaluate-job';
import { pictureLayout } from './evaluate-preview';
import { realValues, toInterpreter } from './runtimes/tflite-values';

const input = (shape: Tensor['shape'], extra: Partial<Tensor> = {}): Tensor =>
  ({ id: 'x', name: 'x', dtype: 'float32', shape, ...extra }) as Tensor;

describe('preprocessing fitted to a model input', () => {
  it('float inputs: the core default (pixels / 255), a square grey image for flat inputs', () => {
    expect(fittedPreprocessing(input([1, 3, 32, 32]))).toMatchObject({ width: 32, channels: 3, layout: 'NCHW' });
    expect(fittedPreprocessing(input(['batch', 784]))).toMatchObject({ width: 28, height: 28, channels: 1 });
    expect(fittedPreprocessing(input([1, 784])).scale).toBeCloseTo(1 / 255, 12);
    expect(() => fittedPreprocessing(input(['batch', 8]))).toThrow(/"x" \[batch, 8\] is not an image input/);
  });

  it('int8 inputs: pixels span the integer range, so the model gets pixel − 128 (TFLM person detection)', () => {
    // tflm_person_detect_int8.tflite: input int8, scale 2/255, zero point −1 (real values −1..1).
    const person = input([1, 96, 96, 1], { dtype: 'int8', quant: { scale: [0.007843137718737125], zeroPoint: [-1] } });
    const p = fittedPreprocessing(person);
    expect(p).toMatchObject({ width: 96, height: 96, channels: 1, layout: 'NHWC' });
    const grey = Uint8ClampedArray.from({ length: 4 * 4 }, (_, i) => (i % 4 === 3 ? 255 : 200));
    const real = preprocessImage(grey, 2, 2, p);
    // Quantized with the input's own scale and zero point, as the runtime does.
    const q = Math.round(real[0]! / 0.007843137718737125) - 1;
    expect(q).toBe(200 - 128);
    // mlperf_ic_resnet8_int8: scale 1, zero point −128 → real values are the raw pixels.
    const resnet = input([1, 32, 32, 3], { dtype: 'int8', quant: { scale: [1], zeroPoint: [-128] } });
    expect(fittedPreprocessing(resnet)).toMatchObject({ scale: 1, mean: [0] });
  });
});

describe('pictures of samples', () => {
  it('draws image-like shapes, not others', () => {
    expect(pictureLayout([784])).toEqual({ width: 28, height: 28, channels: 1, layout: 'NCHW' });
    expect(pictureLayout([1, 28, 28])).toEqual({ width: 28, height: 28, channels: 1, layout: 'NCHW' });
    expect(pictureLayout([32, 32, 3])).toEqual({ width: 32, height: 32, channels: 3, layout: 'NHWC' });
    expect(pictureLayout([1, 1, 96, 96])).toEqual({ width: 96, height: 96, channels: 1, layout: 'NCHW' });
    expect(pictureLayout([640])).toBeUndefined();
    expect(pictureLayout([8])).toBeUndefined();
    expect(pictureLayout([5, 128])).toBeUndefined();
  });
});

describe('ONNX external data', () => {
  it('is found among the companions by the location the model gives, or by its base name', () => {
    const b = new GraphBuilder('ext');
    const x = b.input('x', 'float32', [1, 2]);
    const w = b.constant('w', Float32Array.from([1, 2]), [1, 2]);
    b.output(b.op('Add', [x, w]));
    const model = b.model();
    const external = {
      ...model,
      graph: {
        ...model.graph,
        tensors: model.graph.tensors.map((t) =>
          t.id === 'w' ? { ...t, data: { external: { location: 'weights/w.bin' } } } : t,
        ),
      },
    };
    const bytes = Uint8Array.from([1, 2, 3]);
    const files = [
      { name: 'ext.onnx', bytes: new Uint8Array(4) },
      { name: 'w.bin', bytes },
    ];
    expect(externalDataOf(external, files)).toEqual([{ path: 'weights/w.bin', data: bytes }]);
    expect(externalDataOf(model, files)).toEqual([]);
  });
});

describe('values to and from the TFLite interpreter', () => {
  const int8 = { dtype: 'int8' as const, shape: [1, 4], quantization: { scale: [0.5], zeroPoint: [3], axis: 0 } };

  it('quantizes real feeds with the input scale and zero point, rounding half away from zero, saturating', () => {
    const q = toInterpreter(Float32Array.from([0, 1.25, -1.25, 1000]), int8);
    expect(q).toBeInstanceOf(Int8Array);
    expect(Array.from(q)).toEqual([3, 6, 0, 127]);
    // Values already in the tensor's type pass through untouched.
    const raw = Int8Array.from([1, 2, 3, 4]);
    expect(toInterpreter(raw, int8)).toBe(raw);
  });

  it('dequantizes outputs, per tensor and per axis; float outputs stay as they are', () => {
    expect(Array.from(realValues(Int8Array.from([3, 5, -1, 127]), int8))).toEqual([0, 1, -2, 62]);
    const perAxis = {
      dtype: 'int8' as const,
      shape: [2, 2],
      quantization: { scale: [1, 0.5], zeroPoint: [0, 2], axis: 0 },
    };
    expect(Array.from(realValues(Int8Array.from([4, 4, 4, 4]), perAxis))).toEqual([4, 4, 1, 1]);
    const float = { dtype: 'float32' as const, shape: [2] };
    expect(Array.from(realValues(Float32Array.from([0.25, -3]), float))).toEqual([0.25, -3]);
  });
});
