import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../core';
import { describeTensor, displayAttribute, formatNumber } from './attributes';

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [0.5, '0.5'],
    [1 / 3, '0.333333'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [NaN, 'NaN'],
  ])('%s → %s', (value, text) => expect(formatNumber(value)).toBe(text));
});

describe('displayAttribute', () => {
  it('renders each attribute type as text', () => {
    expect(displayAttribute('axis', attr.int(1))).toEqual({ name: 'axis', type: 'int', value: '1' });
    expect(displayAttribute('alpha', attr.float(0.2)).value).toBe('0.2');
    expect(displayAttribute('mode', attr.string('<b>nearest</b>')).value).toBe('"<b>nearest</b>"');
    expect(displayAttribute('pads', attr.ints([0, 1, 0, 1])).value).toBe('[0, 1, 0, 1]');
    expect(displayAttribute('names', attr.strings(['a', 'b'])).value).toBe('["a", "b"]');
    expect(displayAttribute('blob', { type: 'bytes', value: new Uint8Array(3) }).value).toBe('3 bytes');
  });

  it('cuts long lists', () => {
    const value = displayAttribute('big', attr.ints(Array.from({ length: 100 }, (_, i) => i))).value;
    expect(value.startsWith('[0, 1, 2')).toBe(true);
    expect(value).toContain('… (68 more)');
  });

  it('describes tensors, with values when tiny', () => {
    const b = new GraphBuilder();
    b.constant('small', new Float32Array([1, 2.5]), [2]);
    b.constant('large', new Float32Array(100), [10, 10]);
    const [small, large] = b.graph().tensors;
    expect(describeTensor(small!)).toBe('float32 2 [1, 2.5]');
    expect(describeTensor(large!)).toBe('float32 10×10 (400 B)');
    expect(displayAttribute('value', attr.tensor(small!)).value).toBe('float32 2 [1, 2.5]');
  });

  it('summarises nested graphs', () => {
    const body = new GraphBuilder('body');
    body.op('Relu', [body.input('x', 'float32', [1])]);
    expect(displayAttribute('then_branch', attr.graph(body.graph())).value).toBe('graph "body" with 1 nodes');
  });
});
