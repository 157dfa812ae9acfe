import { describe, expect, it } from 'vitest';
import { cIdentifier, headerFileName, sourceFileName } from './identifier';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

describe('cIdentifier', () => {
  it.each([
    ['my-model v2.onnx', 'my_model_v2_onnx'],
    ['mnist-cnn.int8.tflite', 'mnist_cnn_int8_tflite'],
    ['2nd model.tflite', 'model_2nd_model_tflite'],
    ['123', 'model_123'],
    ['int', 'int_model'],
    ['class', 'class_model'],
    ['alignas', 'alignas_model'],
    ['_Bool', 'Bool'],
    ['__Reserved__name', 'Reserved_name'],
    ['a__b', 'a_b'],
    ['ünïcödé', 'unicode'],
    ['модель', 'model'],
    ['---', 'model'],
    ['', 'model'],
    ['main', 'main_model'],
    ['g_model', 'g_model'],
  ])('%j → %j', (text, expected) => {
    expect(cIdentifier(text)).toBe(expected);
  });

  it('always gives an identifier without reserved spellings', () => {
    const samples = ['a b', '_x', 'x_', '9', '.tflite', 'new', 'delete.h', 'PROGMEM', '__', 'a\u0000b', '😀model'];
    for (const s of samples) {
      const id = cIdentifier(s);
      expect(id).toMatch(IDENTIFIER);
      expect(id).not.toContain('__');
      expect(cIdentifier(id)).toBe(id);
    }
  });

  it('names the header and its source file', () => {
    expect(headerFileName('m')).toBe('m.h');
    expect(headerFileName('m', 'model_data.h')).toBe('model_data.h');
    expect(sourceFileName('model_data.h')).toBe('model_data.cc');
    expect(sourceFileName('weights.hpp')).toBe('weights.cc');
  });
});
