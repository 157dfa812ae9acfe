import { describe, expect, it } from 'vitest';
import { crc32 } from '../../core/export/crc32';
import { fromBase64, parseJson, stringifyJson, toBase64 } from './json-codec';

describe('json codec for saved records', () => {
  it('keeps Infinity, -Infinity and NaN, which plain JSON turns into null', () => {
    const value = { sqnr: Infinity, worst: -Infinity, none: NaN, rows: [1, Infinity], plain: 2.5 };
    expect(JSON.parse(JSON.stringify(value)).sqnr).toBeNull();
    const back = parseJson(stringifyJson(value)) as typeof value;
    expect(back).toEqual(value);
    expect(Number.isNaN(back.none)).toBe(true);
  });

  it('keeps typed arrays with their type and values (views of part of a buffer too)', () => {
    const buffer = new Float64Array([9, 1.5, -2, 1e300, 9]).buffer;
    const value = {
      positions: new Float64Array(buffer, 8, 3),
      counts: Int32Array.from([1, -2, 3]),
      bytes: Uint8Array.from([0, 255]),
    };
    const back = parseJson(stringifyJson(value)) as typeof value;
    expect(back.positions).toBeInstanceOf(Float64Array);
    expect([...back.positions]).toEqual([1.5, -2, 1e300]);
    expect(back.counts).toBeInstanceOf(Int32Array);
    expect([...back.counts]).toEqual([1, -2, 3]);
    expect([...back.bytes]).toEqual([0, 255]);
  });

  it('leaves ordinary JSON as it is, and refuses text that is not JSON', () => {
    const value = { a: [1, 'two', null, { b: false }], $number: 'x', n: 3 };
    expect(parseJson(stringifyJson(value))).toEqual(value);
    expect(parseJson('{"x":1}')).toEqual({ x: 1 });
    expect(() => parseJson('{not json')).toThrow(SyntaxError);
  });

  it('base64 round-trips long byte runs (chunked)', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31) & 0xff);
    expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
  });
});

describe('crc32', () => {
  it('matches the check value of the zip polynomial', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
