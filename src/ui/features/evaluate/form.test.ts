import { describe, expect, it } from 'vitest';
import type { Dim } from '../../../core';
import type { DataPreview } from '../../../workers/protocol';
import {
  DEFAULT_EVALUATE_FORM,
  DEFAULT_IMAGE_FIELDS,
  type EvaluateForm,
  type EvaluatePreview,
} from '../../store/evaluate-slice';
import type { OpenModel, SampleCard, VariantEntry } from '../../store/types';
import { csvColumns, guessLabelColumn } from './csv-columns';
import {
  dataKey,
  dataLabel,
  evaluateBlocker,
  evaluationQueue,
  parseNumberList,
  requestOf,
  resolveEvaluateForm,
} from './form';

/** Just what the panel's rules read of a model: its inputs and its card. */
function modelWith(shape: readonly Dim[], card?: SampleCard, extraInputs = 0): OpenModel {
  const input = (name: string, isConstant = false) => ({
    id: name,
    name,
    dtype: 'float32',
    shape,
    shapeText: shape.join('×'),
    isConstant,
  });
  const inputs = [input('x'), input('w', true), ...Array.from({ length: extraInputs }, (_, i) => input(`x${i + 2}`))];
  return { summary: { inputs }, ...(card ? { card } : {}) } as unknown as OpenModel;
}

const form = (patch: Partial<EvaluateForm> = {}): EvaluateForm => ({ ...DEFAULT_EVALUATE_FORM, ...patch });
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);
const ready = (key: string, preview: Partial<DataPreview>) =>
  ({ status: 'ready', key, preview: { samples: 1, input: 'x', sampleShape: '1', images: [], ...preview } }) as const;

describe('evaluate form defaults', () => {
  it('a digit model starts on the built-in digits, in the pixel range its card gives', () => {
    const r = resolveEvaluateForm(form(), modelWith(['N', 1, 28, 28], { inputRange: '0..255' }));
    expect([r.data, r.pixelScale, r.pixelScaleFrom, r.mnistShaped]).toEqual(['mnist', '0..255', 'card', true]);
    const bare = resolveEvaluateForm(form(), modelWith([1, 1, 28, 28]));
    expect([bare.pixelScale, bare.pixelScaleFrom]).toEqual(['0..1', 'assumed']);
    expect(resolveEvaluateForm(form({ pixelScale: '0..255' }), modelWith([1, 1, 28, 28])).pixelScaleFrom).toBe('user');
  });

  it('an image model starts on a folder of images, preprocessed to fit its input', () => {
    const nchw = resolveEvaluateForm(form(), modelWith([1, 3, 32, 40]));
    expect(nchw.data).toBe('images');
    expect(nchw.image).toEqual({
      width: 40,
      height: 32,
      channels: 3,
      layout: 'NCHW',
      scale: 1 / 255,
      mean: [0],
      std: [1],
    });
    const nhwc = resolveEvaluateForm(form(), modelWith(['batch', 96, 96, 1]));
    expect(nhwc.image).toMatchObject({ width: 96, height: 96, channels: 1, layout: 'NHWC' });
    const typed = resolveEvaluateForm(
      form({
        imageFields: { ...DEFAULT_IMAGE_FIELDS, channels: 3, mean: '0.485, 0.456, 0.406', std: '0.229 0.224 0.225' },
      }),
      modelWith([1, 3, 224, 224]),
    );
    expect(typed.image).toMatchObject({ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
  });

  it('a tabular model starts on a file of its own', () => {
    expect(resolveEvaluateForm(form(), modelWith([1, 4])).data).toBe('file');
  });
});

describe('what stops Run', () => {
  const digits = modelWith([1, 1, 28, 28]);
  const blocker = (
    f: EvaluateForm,
    model = digits,
    preview: Parameters<typeof evaluateBlocker>[1] = { status: 'idle' },
  ) => {
    const r = resolveEvaluateForm(f, model);
    return evaluateBlocker(r, preview, dataKey(r), true);
  };

  it('asks for the data each choice needs', () => {
    expect(blocker(form())).toBeUndefined();
    expect(blocker(form({ data: 'file' }))).toMatch(/Choose a \.npz or \.npy file/);
    expect(blocker(form({ data: 'csv' }))).toMatch(/CSV file/);
    expect(blocker(form({ data: 'images' }))).toMatch(/folder of images/);
    expect(blocker(form({ allSamples: false, samples: 0 }))).toMatch(/whole number above 0/);
    expect(blocker(form({ data: 'file', file: file('a.npy'), std: 0 }))).toMatch(/std/);
  });

  it('an image size the model leaves open must be chosen', () => {
    const open = modelWith([1, 3, null, null]);
    const images = { name: 'flowers', zip: false, files: [{ path: 'flowers/a/1.png', file: file('1.png') }] };
    expect(blocker(form({ data: 'images', images }), open)).toMatch(/width and height/);
    const sized = { ...DEFAULT_IMAGE_FIELDS, width: 64, height: 64 };
    expect(blocker(form({ data: 'images', images, imageFields: sized }), open)).toBeUndefined();
    expect(blocker(form({ data: 'images', images: { ...images, files: [] } }), open)).toMatch(/holds no images/);
  });

  it("the preview's verdict counts only for the data it was made for", () => {
    const f = form({ data: 'file', file: file('x.npy') });
    const key = dataKey(resolveEvaluateForm(f, digits));
    const problem = 'x.npy: x holds samples of 784 values, but the model input "x" [1, 1, 28, 28] takes 28×28';
    expect(blocker(f, digits, ready(key, { problem }))).toBe(problem);
    expect(blocker(f, digits, ready('other data', { problem }))).toBeUndefined();
    const failed: EvaluatePreview = {
      status: 'failed',
      key,
      error: { code: 'bad-magic', fileName: 'x.npy', message: 'x.npy: not .npy' },
    };
    expect(blocker(f, digits, failed)).toBe('x.npy cannot be used: x.npy: not .npy');
    // A failure that blames the model, not the data, does not stop Run (Run reports it).
    const model: EvaluatePreview = { ...failed, error: { ...failed.error, fileName: 'model.onnx' } };
    expect(blocker(f, digits, model)).toBeUndefined();
  });

  it('models with several data inputs are not evaluated', () => {
    const r = resolveEvaluateForm(form(), modelWith([1, 4], undefined, 1));
    expect(evaluateBlocker(r, { status: 'idle' }, dataKey(r), false)).toMatch(/one data input/);
  });
});

describe('the request and its label', () => {
  const digits = modelWith([1, 1, 28, 28]);
  const source = {
    kind: 'mnist',
    pixelScale: '0..1',
    file: { name: 'mnist-digits.npz', bytes: new ArrayBuffer(0) },
  } as const;

  it('sends only what differs from feeding the data as it is', () => {
    const plain = resolveEvaluateForm(form(), digits);
    expect(requestOf(plain, source)).toEqual({ source });
    const scaled = resolveEvaluateForm(form({ allSamples: false, samples: 500, scale: 255 }), digits);
    expect(requestOf(scaled, source, 'm1')).toEqual({ source, samples: 500, scale: 255, referenceId: 'm1' });
    expect(dataLabel(scaled, 500)).toBe('MNIST digits (500, 0..1, ×255)');
    const normalised = resolveEvaluateForm(form({ pixelScale: '0..255', mean: 0.1307, std: 0.3081 }), digits);
    expect(dataLabel(normalised, 10_000)).toBe('MNIST digits (10,000, 0..255, −0.1307 ÷0.3081)');
  });

  it('the key changes with the data and its settings, not with the models chosen', () => {
    const a = dataKey(resolveEvaluateForm(form(), digits));
    expect(dataKey(resolveEvaluateForm(form({ scope: 'family' }), digits))).toBe(a);
    expect(dataKey(resolveEvaluateForm(form({ pixelScale: '0..255' }), digits))).not.toBe(a);
    expect(dataKey(resolveEvaluateForm(form({ allSamples: false }), digits))).not.toBe(a);
  });

  it('numbers typed per channel', () => {
    expect(parseNumberList('0.5')).toEqual([0.5]);
    expect(parseNumberList('1, 2;3 4')).toEqual([1, 2, 3, 4]);
    expect(parseNumberList('1, x')).toBeUndefined();
    expect(parseNumberList(' ')).toBeUndefined();
  });
});

describe('which models run', () => {
  const family = [{ id: 'o' }, { id: 'v1' }, { id: 'v2' }] as unknown as VariantEntry[];

  it('all: the original, then each variant against it', () => {
    expect(evaluationQueue('family', family, 'v1')).toEqual([
      { modelId: 'o' },
      { modelId: 'v1', referenceId: 'o' },
      { modelId: 'v2', referenceId: 'o' },
    ]);
  });

  it('the model shown: a variant against the original, the original alone', () => {
    expect(evaluationQueue('shown', family, 'v2')).toEqual([{ modelId: 'v2', referenceId: 'o' }]);
    expect(evaluationQueue('shown', family, 'o')).toEqual([{ modelId: 'o' }]);
  });
});

describe('CSV columns', () => {
  it('a header names the columns; a label-like name is the label', () => {
    const c = csvColumns('sepal length,sepal width,"petal, length",species\n5.1,3.5,1.4,setosa\n');
    expect(c).toEqual({ names: ['sepal length', 'sepal width', 'petal, length', 'species'], header: true });
    expect(guessLabelColumn(c, 3)).toBe(3);
  });

  it('without a header: numbered columns, the last one a label when the model takes one value fewer', () => {
    const c = csvColumns('1;2;3\n4;5;6\n');
    expect(c).toEqual({ names: ['column 1', 'column 2', 'column 3'], header: false });
    expect(guessLabelColumn(c, 2)).toBe(2);
    expect(guessLabelColumn(c, 3)).toBe(-1);
  });
});
