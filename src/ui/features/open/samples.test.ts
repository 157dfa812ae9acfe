import { describe, expect, it } from 'vitest';
import { parseCard } from './samples';

describe('sample cards', () => {
  it('keeps the fields the model panel shows, typed', () => {
    expect(
      parseCard({
        description: 'Reads digits.',
        architecture: 'conv → fc',
        heldOut: { samples: 2000, top1: 0.983, split: 'seeded' },
        licence: 'Apache-2.0',
        params: 5258,
      }),
    ).toEqual({ description: 'Reads digits.', architecture: 'conv → fc', heldOut: { samples: 2000, top1: 0.983 } });
  });

  it('keeps the input range the quantize panel scales MNIST pixels to', () => {
    expect(parseCard({ input: { range: '0..255', layout: 'NCHW' } })).toEqual({ inputRange: '0..255' });
    expect(parseCard({ input: { range: '-1..1' } })).toBeUndefined();
  });

  it('ignores fields of the wrong type and empty cards', () => {
    expect(parseCard({ description: 42, heldOut: { top1: 'high' } })).toBeUndefined();
    expect(parseCard(null)).toBeUndefined();
    expect(parseCard([1, 2])).toBeUndefined();
  });
});
