// Layers models: every Keras config entry becomes an attribute (typed where it can be, json where it
// cannot) and the config, its wrapping and its key order come back as they were.
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../errors';
import { diffIR } from '../../ir/equal';
import type { ModelFile } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { KERAS_DOMAIN, readTfjs, writeTfjs } from './index';

const encode = (json: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(json));
const text = (file: ModelFile): string => new TextDecoder().decode(file.bytes);

const CONV_CONFIG = {
  name: 'conv',
  trainable: false,
  batch_input_shape: [null, 8, 8, 1],
  dtype: { class_name: 'Policy', config: { name: 'mixed_float16' } },
  filters: 2,
  kernel_size: [3, 3],
  strides: [1, 1],
  padding: 'same',
  data_format: 'channels_last',
  dilation_rate: 1,
  activation: 'relu',
  use_bias: false,
  kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
  kernel_regularizer: null,
  alpha: 0.5,
  tags: ['a', 'b'],
  mixed: [1, 'x'],
  empty: [],
};

function keras(layers: unknown[], wrapper: 'h5' | 'tfjs' = 'tfjs', className = 'Sequential'): unknown {
  const config = { class_name: className, config: { name: 'm', layers } };
  if (wrapper === 'tfjs')
    return { modelTopology: { ...config, keras_version: '2.4.0', backend: 'tensorflow' }, format: 'layers-model' };
  return {
    format: 'layers-model',
    generatedBy: 'keras v2.4.0',
    convertedBy: 'TensorFlow.js Converter v3.6.0',
    modelTopology: {
      keras_version: '2.4.0',
      backend: 'tensorflow',
      model_config: config,
      training_config: { loss: 'mse', optimizer_config: { class_name: 'Adam', config: { amsgrad: false } } },
    },
  };
}

const weightsFor = (names: string[], sizes: number[]) => ({
  manifest: [{ paths: ['w.bin'], weights: names.map((name, i) => ({ name, shape: [sizes[i]!], dtype: 'float32' })) }],
  bin: { name: 'w.bin', bytes: new Uint8Array(4 * sizes.reduce((a, b) => a + b, 0)) },
});

describe('Keras layer configs', () => {
  const { manifest, bin } = weightsFor(['conv/kernel'], [18]);
  const json = { ...(keras([{ class_name: 'Conv2D', config: CONV_CONFIG }]) as object), weightsManifest: manifest };
  const files: ModelFile[] = [{ name: 'model.json', bytes: encode(json) }, bin];
  const model = readTfjs(files);

  it('become attributes in the config order: typed values typed, the rest json', () => {
    const node = model.graph.nodes[0]!;
    expect(node).toMatchObject({ id: 'conv', name: 'conv', op: 'Conv2D', domain: KERAS_DOMAIN, outputs: ['conv'] });
    expect(node.inputs).toEqual(['conv_input', 'conv/kernel']);
    expect(Object.keys(node.attributes)).toEqual(Object.keys(CONV_CONFIG));
    expect(node.attributes).toMatchObject({
      name: { type: 'string', value: 'conv' },
      trainable: { type: 'json', value: false },
      batch_input_shape: { type: 'json', value: [null, 8, 8, 1] },
      dtype: { type: 'json', value: { class_name: 'Policy', config: { name: 'mixed_float16' } } },
      filters: { type: 'int', value: 2 },
      kernel_size: { type: 'ints', value: [3, 3] },
      dilation_rate: { type: 'int', value: 1 },
      use_bias: { type: 'json', value: false },
      kernel_regularizer: { type: 'json', value: null },
      alpha: { type: 'float', value: 0.5 },
      tags: { type: 'strings', value: ['a', 'b'] },
      mixed: { type: 'json', value: [1, 'x'] },
      empty: { type: 'json', value: [] },
    });
  });

  it('declare the input from batch_input_shape with a symbolic batch, and the policy dtype', () => {
    expect(model.graph.tensors.find((t) => t.id === 'conv_input')).toEqual({
      id: 'conv_input',
      name: 'conv_input',
      dtype: 'float16',
      shape: ['batch', 8, 8, 1],
    });
    expect(inferShapes(model).types.get('conv')).toEqual({ dtype: 'float16', shape: ['batch', 8, 8, 2] });
  });

  it('are written back as the same JSON text', () => {
    const written = writeTfjs(model);
    const expected = { ...json, weightsManifest: [{ ...manifest[0]!, paths: ['group1-shard1of1.bin'] }] };
    expect(text(written[0]!)).toBe(JSON.stringify(expected));
    expect(diffIR(model, readTfjs(written))).toBeUndefined();
  });
});

describe('model wrappers', () => {
  it('keeps the Keras .h5 converter wrapping (model_config, training_config) and its key order', () => {
    const { manifest, bin } = weightsFor(['d/kernel', 'd/bias'], [6, 3]);
    const layers = [
      {
        class_name: 'InputLayer',
        config: { batch_input_shape: [null, 2], dtype: 'float32', sparse: false, name: 'in' },
      },
      { class_name: 'Dense', config: { name: 'd', units: 3, use_bias: true } },
    ];
    const json = { ...(keras(layers, 'h5') as object), weightsManifest: manifest };
    const model = readTfjs([{ name: 'model.json', bytes: encode(json) }, bin]);
    expect(model.graph.inputs).toEqual(['in']);
    expect(model.graph.nodes.map((n) => [n.op, n.inputs])).toEqual([
      ['InputLayer', []],
      ['Dense', ['in', 'd/kernel', 'd/bias']],
    ]);
    const written = writeTfjs(model);
    expect(text(written[0]!)).toBe(
      JSON.stringify({ ...json, weightsManifest: [{ ...manifest[0]!, paths: ['group1-shard1of1.bin'] }] }),
    );
  });

  it('reads a pre-2.2 Sequential config that is a bare layer list', () => {
    const json = {
      modelTopology: {
        class_name: 'Sequential',
        config: [
          { class_name: 'Activation', config: { name: 'act', activation: 'tanh', batch_input_shape: [null, 3] } },
        ],
      },
    };
    const model = readTfjs([{ name: 'model.json', bytes: encode(json) }]);
    expect(model.graph.nodes.map((n) => n.op)).toEqual(['Activation']);
    expect(text(writeTfjs(model)[0]!)).toBe(JSON.stringify(json));
  });

  it('keeps non-empty call kwargs of a functional model', () => {
    const layers = [
      { class_name: 'InputLayer', config: { name: 'a', batch_input_shape: [null, 4] }, name: 'a', inbound_nodes: [] },
      {
        class_name: 'Dropout',
        config: { name: 'drop', rate: 0.1 },
        name: 'drop',
        inbound_nodes: [[['a', 0, 0, { training: true }]]],
      },
    ];
    const json = {
      modelTopology: {
        class_name: 'Functional',
        config: { name: 'f', layers, input_layers: [['a', 0, 0]], output_layers: [['drop', 0, 0]] },
      },
    };
    const model = readTfjs([{ name: 'model.json', bytes: encode(json) }]);
    expect(model.graph.nodes[1]!.extras?.['tfjs']).toEqual({ kwargs: [{ training: true }] });
    expect(JSON.parse(text(writeTfjs(model)[0]!))).toEqual(json);
  });

  it('says when the inbound_nodes are in a form it does not know (Keras 3)', () => {
    const layers = [
      { class_name: 'InputLayer', config: { name: 'a', batch_shape: [null, 4] }, name: 'a', inbound_nodes: [] },
      {
        class_name: 'ReLU',
        config: { name: 'r' },
        name: 'r',
        inbound_nodes: [{ args: [{ class_name: '__keras_tensor__' }], kwargs: {} }],
      },
    ];
    const json = {
      modelTopology: {
        class_name: 'Functional',
        config: { name: 'f', layers, input_layers: [['a', 0, 0]], output_layers: [['r', 0, 0]] },
      },
    };
    expect(() => readTfjs([{ name: 'model.json', bytes: encode(json) }])).toThrow(ModelFormatError);
    expect(() => readTfjs([{ name: 'model.json', bytes: encode(json) }])).toThrow(
      /^model\.json: layer "r" lists its inputs in a form/,
    );
  });
});
