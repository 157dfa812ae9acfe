// Each AttrValue kind decodes to the expected IR attribute and encodes back to the same JSON.
import { describe, expect, it } from 'vitest';
import type { Attribute, JsonValue } from '../../ir/types';
import { decodeAttr, encodeAttr } from './attr-value';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './text';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('AttrValue round trip', () => {
  const rows: [string, JsonValue, Attribute][] = [
    ['s (text)', { s: b64('SAME') }, { type: 'string', value: 'SAME' }],
    ['s (empty)', { s: '' }, { type: 'string', value: '' }],
    ['s (bytes that are not UTF-8)', { s: 'gP8=' }, { type: 'bytes', value: new Uint8Array([0x80, 0xff]) }],
    ['i', { i: '-3' }, { type: 'int', value: -3 }],
    [
      'i beyond 2^53 (kept as written)',
      { i: '9223372036854775807' },
      { type: 'json', value: { i: '9223372036854775807' } },
    ],
    ['f', { f: 0.5 }, { type: 'float', value: 0.5 }],
    ['f NaN', { f: 'NaN' }, { type: 'float', value: NaN }],
    ['f -Infinity', { f: '-Infinity' }, { type: 'float', value: -Infinity }],
    ['b', { b: true }, { type: 'json', value: true }],
    ['type', { type: 'DT_FLOAT' }, { type: 'string', value: 'DT_FLOAT' }],
    ['shape', { shape: { dim: [{ size: '-1' }, { size: '28' }] } }, { type: 'ints', value: [-1, 28] }],
    ['shape (scalar)', { shape: {} }, { type: 'ints', value: [] }],
    ['shape (unknown rank)', { shape: { unknownRank: true } }, { type: 'json', value: { unknownRank: true } }],
    [
      'tensor',
      { tensor: { dtype: 'DT_INT32', tensorShape: {} } },
      { type: 'json', value: { dtype: 'DT_INT32', tensorShape: {} } },
    ],
    ['func', { func: { name: 'f' } }, { type: 'json', value: { name: 'f' } }],
    ['placeholder', { placeholder: 'T' }, { type: 'string', value: 'T' }],
    ['list (empty)', { list: {} }, { type: 'ints', value: [] }],
    ['list.i', { list: { i: ['1', '2', '2', '1'] } }, { type: 'ints', value: [1, 2, 2, 1] }],
    ['list.f', { list: { f: [0.25, 'Infinity'] } }, { type: 'floats', value: [0.25, Infinity] }],
    ['list.s', { list: { s: [b64('BiasAdd'), b64('Relu')] } }, { type: 'strings', value: ['BiasAdd', 'Relu'] }],
    ['list.type', { list: { type: ['DT_FLOAT', 'DT_INT32'] } }, { type: 'strings', value: ['DT_FLOAT', 'DT_INT32'] }],
    ['list.b', { list: { b: [true, false] } }, { type: 'json', value: [true, false] }],
    [
      'list.shape',
      { list: { shape: [{ dim: [{ size: '1' }] }] } },
      { type: 'json', value: [{ dim: [{ size: '1' }] }] },
    ],
    ['an unknown field', { future: 1 }, { type: 'json', value: { future: 1 } }],
  ];

  it.each(rows)('%s', (_name, json, attribute) => {
    const decoded = decodeAttr(json);
    expect(decoded.attribute).toEqual(attribute);
    expect(encodeAttr(decoded.attribute, decoded.kind)).toEqual(json);
  });

  it('writes attributes that have no remembered field by their IR type', () => {
    expect(encodeAttr({ type: 'int', value: 7 }, undefined)).toEqual({ i: '7' });
    expect(encodeAttr({ type: 'float', value: 1.5 }, undefined)).toEqual({ f: 1.5 });
    expect(encodeAttr({ type: 'string', value: 'VALID' }, undefined)).toEqual({ s: b64('VALID') });
    expect(encodeAttr({ type: 'string', value: 'DT_INT32' }, undefined)).toEqual({ type: 'DT_INT32' });
    expect(encodeAttr({ type: 'ints', value: [1, 2] }, undefined)).toEqual({ list: { i: ['1', '2'] } });
    expect(encodeAttr({ type: 'json', value: false }, undefined)).toEqual({ b: false });
    expect(encodeAttr({ type: 'json', value: [true] }, undefined)).toEqual({ list: { b: [true] } });
  });

  it('falls back to the IR type when a transform changed the attribute', () => {
    // Was a `type`, is now an ints list: written as list.i, not as a broken type.
    expect(encodeAttr({ type: 'ints', value: [3] }, 'type')).toEqual({ list: { i: ['3'] } });
  });

  it('cannot write graph attributes', () => {
    const graph = { name: 'g', nodes: [], tensors: [], inputs: [], outputs: [] };
    expect(encodeAttr({ type: 'graph', value: graph }, undefined)).toBeUndefined();
  });
});

describe('text codecs', () => {
  const samples = ['', 'a', 'ascii text', 'é ü ß', '日本語', '𝄞 emoji 😀', 'x'.repeat(20000) + '€'];

  it.each(samples.map((s) => [s.slice(0, 12), s]))('UTF-8 of %j matches Node', (_label, text) => {
    const mine = utf8Encode(text);
    expect(Buffer.from(mine).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(utf8Decode(mine)).toBe(text);
  });

  it('rejects bytes that are not UTF-8', () => {
    for (const bad of [[0x80], [0xc0, 0x80], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xc3]])
      expect(utf8Decode(Uint8Array.from(bad))).toBeUndefined();
  });

  it('base64 matches Node for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = base64Encode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(base64Decode(text)).toEqual(bytes);
    }
    expect(base64Decode('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(base64Decode('not base64!')).toBeUndefined();
  });
});
