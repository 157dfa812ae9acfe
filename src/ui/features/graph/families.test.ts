import { describe, expect, it } from 'vitest';
import { OP_FAMILIES } from '../../../workers/op-family';
import { FAMILY_STYLE } from './families';

describe('legend styles', () => {
  it('give every op family a label and a distinct colour', () => {
    const colors = OP_FAMILIES.map((f) => FAMILY_STYLE[f].color);
    expect(new Set(colors).size).toBe(OP_FAMILIES.length);
    for (const f of OP_FAMILIES) expect(FAMILY_STYLE[f].label).not.toBe('');
  });
});
