import { describe, expect, it } from 'vitest';
import { greedyBySizePlanner } from './greedy-planner';
import { overlapInTime, type PlanBuffer } from './planner';

const buf = (id: string, size: number, first: number, last: number): PlanBuffer => ({ id, size, first, last });

function offsets(buffers: PlanBuffer[], alignment?: number): Record<string, number> {
  const plan = greedyBySizePlanner(buffers, alignment ? { alignment } : {});
  return Object.fromEntries(plan.offsets);
}

function peakOf(buffers: readonly PlanBuffer[], sizes: ReadonlyMap<string, number>): number {
  const steps = Math.max(0, ...buffers.map((b) => b.last)) + 1;
  let peak = 0;
  for (let s = 0; s < steps; s++) {
    const live = buffers.filter((b) => b.first <= s && s <= b.last).reduce((sum, b) => sum + (sizes.get(b.id) ?? 0), 0);
    peak = Math.max(peak, live);
  }
  return peak;
}

describe('greedyBySizePlanner', () => {
  it('places a chain in two alternating slots', () => {
    // d (20) first, then b (20), a (10) above b, c (5) above d and b.
    const buffers = [buf('a', 10, 0, 1), buf('b', 20, 1, 2), buf('c', 5, 2, 3), buf('d', 20, 3, 4)];
    expect(offsets(buffers)).toEqual({ d: 0, b: 0, a: 20, c: 20 });
    expect(greedyBySizePlanner(buffers).arenaBytes).toBe(30);
  });

  it('fills a gap below a larger buffer when the smaller one fits', () => {
    // big at 0; long (3) must go above big (8); short (2) is not alive with big, so it fits at 0.
    const buffers = [buf('big', 8, 0, 1), buf('long', 3, 1, 3), buf('short', 2, 2, 3)];
    expect(offsets(buffers)).toEqual({ big: 0, long: 8, short: 0 });
  });

  it('can need more than the peak: first fit by size is not optimal', () => {
    // Peak is 16 (10 + 6 at steps 0 and 2). Both bigs share offset 0; m2 (added later, so placed
    // first) goes above big2 at 10, and m1, alive with big1 and m2, has to go above m2: 22 in all.
    const buffers = [buf('big1', 10, 0, 0), buf('big2', 10, 2, 2), buf('m1', 6, 0, 1), buf('m2', 6, 1, 2)];
    expect(offsets(buffers)).toEqual({ big2: 0, big1: 0, m2: 10, m1: 16 });
    expect(greedyBySizePlanner(buffers).arenaBytes).toBe(22);
  });

  it('breaks ties as TFLM does: of two equal sizes the later-added buffer is placed first', () => {
    expect(offsets([buf('p', 8, 0, 1), buf('q', 8, 0, 1)])).toEqual({ q: 0, p: 8 });
  });

  it('can break ties in addition order instead, which may change the arena', () => {
    const buffers = [buf('a', 4, 0, 0), buf('b', 4, 2, 2), buf('c', 4, 0, 1), buf('d', 2, 1, 3)];
    // TFLM order c, b, a, d: c 0, b 0 (not alive with c), a above c at 4, d beside a at 4 → 8 bytes.
    const tflm = greedyBySizePlanner(buffers);
    expect(Object.fromEntries(tflm.offsets)).toEqual({ c: 0, b: 0, a: 4, d: 4 });
    expect(tflm.arenaBytes).toBe(8);
    // Addition order a, b, c, d: a 0, b 0, c above a at 4, d alive with b and c → 8, 10 bytes.
    const plain = greedyBySizePlanner(buffers, { tieBreak: 'earlier-first' });
    expect(Object.fromEntries(plain.offsets)).toEqual({ a: 0, b: 0, c: 4, d: 8 });
    expect(plain.arenaBytes).toBe(10);
  });

  it('rounds sizes up to the alignment and skips empty buffers', () => {
    const plan = greedyBySizePlanner([buf('a', 5, 0, 1), buf('b', 3, 1, 2), buf('e', 0, 0, 2)], { alignment: 16 });
    expect(Object.fromEntries(plan.offsets)).toEqual({ b: 0, a: 16 });
    expect(plan.arenaBytes).toBe(32);
  });

  it('never overlaps simultaneously live buffers and never needs less than the peak', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 50; trial++) {
      const buffers = Array.from({ length: 5 + random(40) }, (_, i) => {
        const first = random(30);
        return buf(`t${i}`, 1 + random(1000), first, first + random(6));
      });
      const alignment = trial % 2 ? 16 : 1;
      const plan = greedyBySizePlanner(buffers, { alignment });
      for (const a of buffers) {
        const oa = plan.offsets.get(a.id)!;
        const sa = plan.sizes.get(a.id)!;
        expect(oa + sa).toBeLessThanOrEqual(plan.arenaBytes);
        for (const b of buffers) {
          if (a === b || !overlapInTime(a, b)) continue;
          const ob = plan.offsets.get(b.id)!;
          const disjoint = oa + sa <= ob || ob + plan.sizes.get(b.id)! <= oa;
          expect(disjoint, `${a.id} and ${b.id} overlap`).toBe(true);
        }
      }
      expect(plan.arenaBytes).toBeGreaterThanOrEqual(peakOf(buffers, plan.sizes));
    }
  });
});
