// Progress and cancellation inside the weight transforms: each layer (clean-up: each pass; channel
// pruning: each stage) is a unit of work that reports the share done and checks the cancel signal.
import { describe, expect, it } from 'vitest';
import { TransformError } from '../errors';
import type { CancelSignal } from './quantize/types';
import { cleanupModel } from './cleanup/index';
import { clusterModel } from './cluster/index';
import { pruneModel } from './prune/index';
import { denseChain } from './test-chain';

const LAYERS = 12;

/** Runs `work` with a progress recorder; the fractions it was given. */
function fractionsOf(work: (onProgress: (f: number) => void) => unknown): number[] {
  const seen: number[] = [];
  work((f) => seen.push(f));
  return seen;
}

function expectClimbToOne(fractions: readonly number[], reports: number): void {
  expect(fractions).toHaveLength(reports);
  for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThan(fractions[i - 1]!);
  expect(fractions[0]).toBeGreaterThan(0);
  expect(fractions.at(-1)).toBe(1);
}

/** Aborts once `after` progress reports came in; returns the error and the reports seen. */
function cancelAfter(
  after: number,
  work: (signal: CancelSignal, onProgress: (f: number) => void) => unknown,
): { error: unknown; seen: number[] } {
  const signal = { aborted: false };
  const seen: number[] = [];
  try {
    work(signal, (f) => {
      seen.push(f);
      if (seen.length >= after) signal.aborted = true;
    });
  } catch (error) {
    return { error, seen };
  }
  throw new Error('expected the work to be cancelled');
}

describe('progress inside the transforms', () => {
  const model = denseChain(LAYERS);

  it('magnitude pruning reports each layer read, each mask and the write, climbing to 1', () => {
    const fractions = fractionsOf((p) => pruneModel(model, { method: 'magnitude', sparsity: 0.5 }, undefined, p));
    expectClimbToOne(fractions, 2 * LAYERS + 1);
  });

  it('global magnitude and N:M pruning reach 1 too', () => {
    const global = fractionsOf((p) =>
      pruneModel(model, { method: 'magnitude', sparsity: 0.5, scope: 'global' }, undefined, p),
    );
    // The pooled layers get one threshold together: one report for all their masks.
    expectClimbToOne(global, LAYERS + 2);
    const nm = fractionsOf((p) => pruneModel(model, { method: 'n-m', n: 2, m: 4 }, undefined, p));
    expectClimbToOne(nm, 2 * LAYERS + 1);
  });

  it('layers left alone still count: a skipped layer is read but needs no mask', () => {
    const fractions = fractionsOf((p) =>
      pruneModel(model, { method: 'magnitude', overrides: { mm0: { exclude: true } } }, undefined, p),
    );
    expectClimbToOne(fractions, 2 * LAYERS);
  });

  it('channel pruning reports its four stages', () => {
    const fractions = fractionsOf((p) => pruneModel(model, { method: 'channels', sparsity: 0.5 }, undefined, p));
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('clustering reports each layer and the write', () => {
    const fractions = fractionsOf((p) => clusterModel(model, { clusters: 4 }, undefined, p));
    expectClimbToOne(fractions, LAYERS + 1);
  });

  it('clean-up reports each pass', () => {
    const fractions = fractionsOf((p) =>
      cleanupModel(model, { passes: ['remove-identity', 'dead-nodes', 'fuse-activations'] }, undefined, p),
    );
    expect(fractions.map((f) => f.toFixed(3))).toEqual(['0.333', '0.667', '1.000']);
  });
});

describe('a cancel inside a transform stops it at the next layer', () => {
  const model = denseChain(LAYERS);

  it('pruning stops after the layer it was cancelled in', () => {
    const { error, seen } = cancelAfter(3, (signal, p) => pruneModel(model, { method: 'magnitude' }, signal, p));
    expect(error).toBeInstanceOf(TransformError);
    expect([(error as TransformError).code, (error as TransformError).message]).toEqual([
      'cancelled',
      'pruning was cancelled',
    ]);
    // Three layers read out of twelve; no mask computed, nothing written.
    expect(seen).toHaveLength(3);
  });

  it('clustering stops after the layer it was cancelled in', () => {
    const { error, seen } = cancelAfter(2, (signal, p) => clusterModel(model, { clusters: 4 }, signal, p));
    expect((error as TransformError).code).toBe('cancelled');
    expect(seen).toHaveLength(2);
    expect(seen.at(-1)).toBeLessThan(1);
  });

  it('channel pruning stops between stages; clean-up between passes', () => {
    const channels = cancelAfter(1, (signal, p) => pruneModel(model, { method: 'channels' }, signal, p));
    expect((channels.error as TransformError).code).toBe('cancelled');
    expect(channels.seen).toEqual([0.25]);
    const cleanup = cancelAfter(1, (signal, p) => cleanupModel(model, {}, signal, p));
    expect([(cleanup.error as TransformError).code, (cleanup.error as TransformError).message]).toEqual([
      'cancelled',
      'clean-up was cancelled',
    ]);
    expect(cleanup.seen).toHaveLength(1);
  });
});
