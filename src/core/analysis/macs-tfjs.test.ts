// MACs of TF.js graph ops and Keras layers, counted by hand (DESIGN.md: batch 1, symbolic dims as 1).
import { describe, expect, it } from 'vitest';
import { KERAS_DOMAIN } from '../formats/tfjs/keras';
import { GraphBuilder, type AttributeInput } from '../ir/builder';
import type { Attribute, Shape } from '../ir/types';
import { analyzeModel } from './analyze';

const yes: Attribute = { type: 'json', value: true };
const no: Attribute = { type: 'json', value: false };
const json = (value: Attribute['value']): Attribute => ({ type: 'json', value }) as Attribute;

/** MACs of one node reading graph inputs of the given shapes. */
function macsOf(
  op: string,
  shapes: Shape[],
  attrs: Record<string, AttributeInput> = {},
  domain = '',
): { macs: number; known: boolean } {
  const b = new GraphBuilder('g');
  const inputs = shapes.map((s, i) => b.input(`in${i}`, 'float32', s));
  b.output(b.op(op, inputs, attrs, { name: 'n', outputs: ['out'], ...(domain ? { domain } : {}) }));
  const layer = analyzeModel(b.model({ format: 'tfjs' })).layers[0]!;
  return { macs: layer.macs, known: layer.macsKnown };
}

describe('TF graph ops', () => {
  it.each<[string, string, Shape[], Record<string, AttributeInput>, number]>([
    [
      'MatMul',
      'MatMul',
      [
        [3, 4],
        [4, 5],
      ],
      {},
      3 * 4 * 5,
    ],
    [
      'MatMul transpose_a',
      'MatMul',
      [
        [4, 3],
        [4, 5],
      ],
      { transpose_a: yes, transpose_b: no },
      3 * 4 * 5,
    ],
    [
      '_FusedMatMul transpose_b, symbolic batch',
      '_FusedMatMul',
      [['batch', 4], [5, 4], [5]],
      { transpose_b: yes },
      4 * 5,
    ],
    [
      'BatchMatMulV2',
      'BatchMatMulV2',
      [
        [2, 3, 4],
        [4, 5],
      ],
      {},
      2 * 3 * 4 * 5,
    ],
    [
      'Conv2D SAME',
      'Conv2D',
      [
        [1, 8, 8, 3],
        [3, 3, 3, 16],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
      8 * 8 * 16 * 27,
    ],
    [
      '_FusedConv2D stride 2',
      '_FusedConv2D',
      [[1, 8, 8, 3], [3, 3, 3, 16], [16]],
      { strides: [1, 2, 2, 1], padding: 'SAME' },
      4 * 4 * 16 * 27,
    ],
    [
      'DepthwiseConv2dNative',
      'DepthwiseConv2dNative',
      [
        [1, 8, 8, 3],
        [3, 3, 3, 2],
      ],
      { strides: [1, 1, 1, 1], padding: 'SAME' },
      8 * 8 * 6 * 9,
    ],
    ['Relu', 'Relu', [[1, 8]], {}, 0],
  ])('%s', (_name, op, shapes, attrs, expected) => {
    expect(macsOf(op, shapes, attrs)).toEqual({ macs: expected, known: true });
  });

  it('counts a transposed convolution by its input (out_backprop)', () => {
    const b = new GraphBuilder('g');
    const sizes = b.constant('sizes', Int32Array.from([1, 8, 8, 3]), [4]);
    const filter = b.input('filter', 'float32', [3, 3, 3, 16]);
    const dy = b.input('dy', 'float32', [1, 4, 4, 16]);
    b.output(
      b.op('Conv2DBackpropInput', [sizes, filter, dy], { strides: [1, 2, 2, 1], padding: 'SAME' }, { name: 'n' }),
    );
    expect(analyzeModel(b.model({ format: 'tfjs' })).layers[0]!.macs).toBe(4 * 4 * 16 * 27);
  });

  it('says when a shape it needs is unknown', () => {
    expect(
      macsOf('MatMul', [
        [3, null],
        [4, 5],
      ]),
    ).toEqual({ macs: 0, known: false });
  });
});

describe('Keras layers', () => {
  const k = (op: string, shape: Shape, attrs: Record<string, AttributeInput>) =>
    macsOf(op, [shape], attrs, KERAS_DOMAIN).macs;

  it('Dense: units × input features per sample', () => {
    expect(k('Dense', ['batch', 10], { units: 4 })).toBe(40);
    expect(k('Dense', ['batch', 7, 10], { units: 4 })).toBe(7 * 40);
  });

  it('convolutions: every output a window × input channels (per group)', () => {
    const same = { kernel_size: [3, 3], padding: 'same' };
    expect(k('Conv2D', [1, 8, 8, 3], { ...same, filters: 16 })).toBe(8 * 8 * 16 * 27);
    expect(k('Conv2D', [1, 8, 8, 4], { ...same, filters: 6, groups: 2 })).toBe((8 * 8 * 6 * 9 * 4) / 2);
    expect(k('Conv2D', [1, 3, 8, 8], { ...same, filters: 16, data_format: 'channels_first' })).toBe(8 * 8 * 16 * 27);
    expect(k('DepthwiseConv2D', [1, 8, 8, 3], { ...same, depth_multiplier: 2 })).toBe(8 * 8 * 6 * 9);
    // Separable: depthwise 8·8·3 × 9, then pointwise 8·8·8 × 3.
    expect(k('SeparableConv2D', [1, 8, 8, 3], { ...same, filters: 8 })).toBe(8 * 8 * 3 * 9 + 8 * 8 * 8 * 3);
    expect(k('Conv1D', [1, 10, 4], { kernel_size: [3], padding: 'valid', filters: 6 })).toBe(8 * 6 * 3 * 4);
    expect(
      k('Conv2DTranspose', [1, 4, 4, 3], { kernel_size: [3, 3], strides: [2, 2], padding: 'same', filters: 2 }),
    ).toBe(4 * 4 * 3 * 9 * 2);
  });

  it('recurrent cells: per step, gates × units × (features + units)', () => {
    const x: Shape = ['batch', 5, 3];
    expect(k('LSTM', x, { units: 4 })).toBe(5 * 4 * 4 * 7);
    expect(k('GRU', x, { units: 4, return_sequences: yes })).toBe(5 * 3 * 4 * 7);
    expect(k('SimpleRNN', x, { units: 4 })).toBe(5 * 1 * 4 * 7);
    expect(k('Bidirectional', x, { layer: json({ class_name: 'GRU', config: { units: 4 } }) })).toBe(2 * 5 * 3 * 4 * 7);
  });

  it('Embedding and other layers count 0', () => {
    expect(k('Embedding', ['batch', 12], { input_dim: 100, output_dim: 8 })).toBe(0);
    expect(k('BatchNormalization', ['batch', 12], {})).toBe(0);
  });

  it('reads TF op rules for graph nodes and Keras rules for layers, not the other way round', () => {
    // A Keras Conv2D reads no filter input; the TF rule would need one.
    expect(k('Conv2D', [1, 4, 4, 1], { filters: 1, kernel_size: 1 })).toBe(16);
    expect(macsOf('Conv2D', [[1, 4, 4, 1]], { filters: 1, kernel_size: 1 })).toEqual({ macs: 0, known: false });
  });
});
