import { describe, expect, it } from 'vitest';
import { dominates, paretoFront, paretoPoints } from './pareto';
import type { VariantRow } from './table-rows';

/** The front by definition: every point no other point dominates. */
function bruteFront(points: readonly { x: number; y: number }[]): Set<number> {
  return new Set(points.flatMap((p, i) => (points.some((q, j) => j !== i && dominates(q, p)) ? [] : [i])));
}

/** A small deterministic generator (the tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('paretoFront', () => {
  it('keeps the points nothing beats on both size and accuracy, sorted by size', () => {
    const points = [
      { x: 400, y: 0.99 }, // original: largest, most accurate → front
      { x: 100, y: 0.985 }, // int8: much smaller, a little worse → front
      { x: 120, y: 0.98 }, // larger and worse than int8 → dominated
      { x: 30, y: 0.9 }, // smallest → front
      { x: 100, y: 0.97 }, // same size as int8, worse → dominated
    ];
    expect(paretoFront(points)).toEqual([3, 1, 0]);
  });

  it('agrees with the definition on random families, ties and duplicates included', () => {
    const next = lcg(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(next() * 9);
      // Coarse values so that equal sizes, equal accuracies and exact duplicates happen often.
      const points = Array.from({ length: n }, () => ({ x: Math.floor(next() * 5), y: Math.floor(next() * 5) / 4 }));
      const front = paretoFront(points);
      expect(new Set(front), JSON.stringify(points)).toEqual(bruteFront(points));
      const xs = front.map((i) => points[i]!.x);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
    }
  });

  it('is empty for no points and the point itself for one', () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([{ x: 1, y: 0 }])).toEqual([0]);
  });
});

describe('paretoPoints', () => {
  const row = (id: string, fileBytes: number, peakBytes: number, top1?: number): VariantRow => ({
    id,
    label: id,
    fileName: `${id}.onnx`,
    order: 0,
    isOriginal: false,
    madeBy: '',
    steps: [],
    fileBytes,
    weightBytes: 0,
    macs: 0,
    peakBytes,
    ...(top1 !== undefined ? { top1 } : {}),
    delta: {},
  });

  it('places evaluated members on the chosen axis and lists the others as not evaluated', () => {
    const rows = [row('orig', 400, 50, 0.99), row('int8', 100, 50, 0.985), row('pruned', 200, 20)];
    const size = paretoPoints(rows, 'size');
    expect(size.points.map((p) => [p.id, p.x, p.y, p.onFront])).toEqual([
      ['orig', 400, 0.99, true],
      ['int8', 100, 0.985, true],
    ]);
    expect(size.front.map((p) => p.id)).toEqual(['int8', 'orig']);
    expect(size.missing.map((r) => r.id)).toEqual(['pruned']);
    // On peak memory both weigh 50: the more accurate original dominates the int8 variant.
    const peak = paretoPoints(rows, 'peak');
    expect(peak.front.map((p) => p.id)).toEqual(['orig']);
    expect(peak.points.find((p) => p.id === 'int8')?.onFront).toBe(false);
  });
});
