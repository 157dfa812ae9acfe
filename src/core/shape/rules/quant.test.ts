import { describe, expect, it } from 'vitest';
import { c, runOp, scalar, t, typeOf } from '../../../test-support/shape/one-node';

describe('quantization rules', () => {
  const s = scalar(0.1, 'float32');
  it('QuantizeLinear takes the zero point type, uint8 without one', () => {
    expect(typeOf(runOp('QuantizeLinear', [t('float32', ['N', 3]), s, c('int8', [], [0])], {}, { opset: 13 }))).toEqual(
      ['int8', ['N', 3]],
    );
    expect(typeOf(runOp('QuantizeLinear', [t('float32', [4]), s], {}, { opset: 10 }))).toEqual(['uint8', [4]]);
  });

  it('QuantizeLinear-21 honours output_dtype', () => {
    expect(typeOf(runOp('QuantizeLinear', [t('float32', [4]), s], { output_dtype: 3 }, { opset: 21 }))).toEqual([
      'int8',
      [4],
    ]);
  });

  it('DequantizeLinear is float32, or the scale type from opset 19', () => {
    expect(typeOf(runOp('DequantizeLinear', [t('int8', [2, 3]), s], {}, { opset: 13 }))).toEqual(['float32', [2, 3]]);
    const r = runOp('DequantizeLinear', [t('int32', [5]), t('float16', [])], {}, { opset: 19 });
    expect(typeOf(r)).toEqual(['float16', [5]]);
  });

  it('DynamicQuantizeLinear has uint8 data and scalar scale and zero point', () => {
    const r = runOp('DynamicQuantizeLinear', [t('float32', [3, 4])], {}, { outputs: 3 });
    expect(typeOf(r, 0)).toEqual(['uint8', [3, 4]]);
    expect(typeOf(r, 1)).toEqual(['float32', []]);
    expect(typeOf(r, 2)).toEqual(['uint8', []]);
  });

  it('QLinearConv and QLinearMatMul take the output zero point type', () => {
    const u8 = c('uint8', [], [0]);
    const i8 = c('int8', [], [0]);
    const conv = runOp('QLinearConv', [t('uint8', [1, 3, 8, 8]), s, u8, t('int8', [4, 3, 3, 3]), s, i8, s, i8], {
      pads: [1, 1, 1, 1],
    });
    expect(conv.problems).toEqual([]);
    expect(typeOf(conv)).toEqual(['int8', [1, 4, 8, 8]]);
    const mm = runOp('QLinearMatMul', [t('uint8', [2, 4]), s, u8, t('uint8', [4, 3]), s, u8, s, u8]);
    expect(typeOf(mm)).toEqual(['uint8', [2, 3]]);
  });

  it('ConvInteger and MatMulInteger produce int32', () => {
    expect(typeOf(runOp('ConvInteger', [t('uint8', [1, 1, 5, 5]), t('uint8', [2, 1, 3, 3])]))).toEqual([
      'int32',
      [1, 2, 3, 3],
    ]);
    expect(typeOf(runOp('MatMulInteger', [t('uint8', ['N', 4]), t('int8', [4, 6])]))).toEqual(['int32', ['N', 6]]);
  });
});
