import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSummary, TensorInfo } from '../../../workers/protocol';
import { DEFAULT_QUANTIZE_FORM } from '../../store/quantize-slice';
import type { OpenModel } from '../../store/types';
import { openTinyVariant, type VariantFixture } from '../../test-fixtures';
import { blocker, formatCaps, isMnistShaped, resolveForm, settingsOf, weightLayers } from './form';
import { sqnrSeries, worstLayer } from './report-view';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

const input = (shape: TensorInfo['shape']): ModelSummary =>
  ({
    inputs: [{ id: 'x', name: 'x', dtype: 'float32', shape, shapeText: '', isConstant: false }],
  }) as unknown as ModelSummary;

describe('quantize form', () => {
  it('recognises MNIST-shaped inputs whatever singleton dims surround the 28×28', () => {
    expect(isMnistShaped(input([1, 1, 28, 28]))).toBe(true);
    expect(isMnistShaped(input(['N', 28, 28, 1]))).toBe(true);
    expect(isMnistShaped(input([1, 784]))).toBe(false);
    expect(isMnistShaped(input([1, 3, 28, 28]))).toBe(false);
    expect(isMnistShaped(input(undefined))).toBe(false);
  });

  it('defaults: MNIST data only for MNIST-shaped inputs, pixel range from the card', () => {
    const tiny = resolveForm(DEFAULT_QUANTIZE_FORM, fx.model);
    // The tiny model's input is 1×1×8×8: the user's own data is needed, and Run says so.
    expect([tiny.data, tiny.pixelScale, tiny.pixelScaleFrom]).toEqual(['file', '0..1', 'assumed']);
    expect(blocker(tiny, formatCaps('onnx'), 'onnx')).toMatch(/Choose a \.npz or \.npy file/);
    const digits: OpenModel = {
      ...fx.model,
      summary: { ...fx.model.summary, inputs: input([1, 1, 28, 28]).inputs },
      card: { inputRange: '0..255' },
    };
    const resolved = resolveForm(DEFAULT_QUANTIZE_FORM, digits);
    expect([resolved.data, resolved.pixelScale, resolved.pixelScaleFrom]).toEqual(['mnist', '0..255', 'card']);
    expect(blocker(resolved, formatCaps('onnx'), 'onnx')).toBeUndefined();
    expect(blocker({ ...resolved, samples: 0 }, formatCaps('onnx'), 'onnx')).toMatch(/samples/);
    expect(blocker(resolved, formatCaps('tfjs'), 'tfjs')).toMatch(/TF\.js/);
  });

  it('sends only what applies: no bits a format cannot store, no override equal to the mode', () => {
    const caps = formatCaps('onnx')!;
    const form = resolveForm(
      {
        ...DEFAULT_QUANTIZE_FORM,
        mode: 'int8-weights',
        symmetric: false,
        overrides: { conv: { bits: 4 }, gone: { keepFloat: true } },
      },
      fx.model,
    );
    expect(settingsOf(form, fx.model, caps)).toEqual({
      mode: 'int8-weights',
      granularity: 'per-channel',
      symmetric: false,
      overrides: { conv: { bits: 4 } },
    });
    const tflite = formatCaps('tflite')!;
    expect(settingsOf(form, fx.model, tflite)).toEqual({ mode: 'int8-weights', granularity: 'per-channel' });
    const fp16 = resolveForm({ ...DEFAULT_QUANTIZE_FORM, mode: 'float16', overrides: { conv: { bits: 8 } } }, fx.model);
    expect(settingsOf(fp16, fx.model, caps)).toEqual({ mode: 'float16' });
    expect(tflite.modes).not.toContain('int4-weights');
  });

  it('sends the int8 form of each format only to that format', () => {
    const form = resolveForm({ ...DEFAULT_QUANTIZE_FORM, onnxFormat: 'qoperator', ioType: 'float' }, fx.model);
    expect(settingsOf(form, fx.model, formatCaps('onnx')!)).toMatchObject({ mode: 'int8', onnxFormat: 'qoperator' });
    expect(settingsOf(form, fx.model, formatCaps('onnx')!)).not.toHaveProperty('ioType');
    expect(settingsOf(form, fx.model, formatCaps('tflite')!)).toMatchObject({ mode: 'int8', ioType: 'float' });
    expect(settingsOf(form, fx.model, formatCaps('tflite')!)).not.toHaveProperty('onnxFormat');
    const weightsOnly = resolveForm({ ...form, mode: 'int8-weights' }, fx.model);
    expect(settingsOf(weightsOnly, fx.model, formatCaps('onnx')!)).not.toHaveProperty('onnxFormat');
  });

  it('lists the layers with weights, and the SQNR rows of the variant', () => {
    expect(weightLayers(fx.model.summary).map((l) => l.nodeId)).toEqual(['conv']);
    const points = sqnrSeries(fx.variant.variant.report, fx.variant.graph);
    expect(points.map((p) => [p.nodeId, p.op, p.dtype])).toEqual([['conv', 'Conv', 'int8']]);
    expect(worstLayer(points)?.sqnrDb).toBeGreaterThan(30);
  });
});
