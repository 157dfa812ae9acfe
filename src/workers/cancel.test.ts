// Cancelling a recipe step while it runs. The core's steps are synchronous: a `cancel` message cannot be
// handled until the step ends, so the page also raises the job's shared cancel flag, which the engine
// reads between layers. These tests raise it from inside a step: from the engine's own thread (a progress
// callback), and from another thread, as the page does.
import * as threads from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Recipe } from '../core';
import { failureOf } from '../test-support/engine-samples';
import { raiseCancelFlag } from './cancel-flag';
import { createInProcessClient, isCancelled } from './client';
import { createEngine } from './engine';
import { isEngineFailure, type CancelFlag, type Progress } from './protocol';
import { denseChainFile } from './test-models';

const LAYERS = 40;

const pruneRecipe: Recipe = {
  scaledown: 'recipe',
  version: 1,
  name: 'Prune',
  steps: [{ kind: 'cleanup' }, { kind: 'prune', method: 'magnitude', sparsity: 0.5 }],
};

const sharedFlag = (): CancelFlag => new Int32Array(new SharedArrayBuffer(4));

/** The failure a promise of the engine (not the client) rejects with. */
async function engineFailure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!isEngineFailure(outcome)) throw new Error(`expected an engine failure, got ${String(outcome)}`);
  return outcome;
}

/** Fractions of the prune step (index 1) reported while it ran. */
const pruneFractions = (progress: readonly Progress[]): number[] =>
  progress.filter((p) => p.phase === 'step' && p.step?.index === 1).map((p) => p.fraction);

/** An engine with the 40-layer chain open, and a run of the prune recipe on it with the job's shared flag. */
async function openChain() {
  const engine = createEngine();
  const { summary } = await engine.openModel('open', [denseChainFile(LAYERS)]);
  const modelId = summary.modelId;
  const progress: Progress[] = [];
  /** Runs the recipe; `whilePruning` sees each report of the prune step that has begun (fraction > 0). */
  const runPrune = (flag: CancelFlag, whilePruning: () => void = () => undefined) =>
    engine.runRecipe(
      'run',
      modelId,
      { recipe: pruneRecipe },
      (p) => {
        progress.push(p);
        if (p.phase === 'step' && p.step?.index === 1 && p.fraction > 0) whilePruning();
      },
      flag,
    );
  return { engine, modelId, progress, runPrune };
}

describe('engine: a shared cancel flag stops a step between its layers', () => {
  it('raised while the prune step runs: the job ends cancelled after a few of its 40 layers, nothing kept', async () => {
    const { engine, modelId, progress, runPrune } = await openChain();
    const flag = sharedFlag();
    // Inside the synchronous prune step: no message could get in now, only the flag.
    const run = runPrune(flag, () => raiseCancelFlag(flag));
    const failure = await engineFailure(run);
    expect(failure.code).toBe('cancelled');
    expect(failure.message).toMatch(/cancelled in step 2 \(prune\)/);
    const fractions = pruneFractions(progress);
    // The step got under way, then stopped at the next layer: far from done (81 units: 40 reads, 40 masks, a write).
    expect(fractions.at(-1)).toBeGreaterThan(0);
    expect(fractions.at(-1)).toBeLessThan(0.1);
    expect(progress.some((p) => p.phase === 'write')).toBe(false);
    expect(await engine.openModels()).toEqual([modelId]);
  });

  it('raised from another thread while the step runs (as the page does), it is seen between layers', async () => {
    const { engine, modelId, progress, runPrune } = await openChain();
    const flag = sharedFlag();
    const started = new Int32Array(new SharedArrayBuffer(4));
    // A thread standing in for the page: it waits until the step is under way, then raises the flag.
    const page = new threads.Worker(
      `const { workerData } = require('node:worker_threads');
       Atomics.wait(workerData.started, 0, 0);
       Atomics.store(workerData.flag, 0, 1);
       Atomics.notify(workerData.flag, 0);`,
      { eval: true, workerData: { flag, started } },
    );
    try {
      let handedOver = false;
      const run = runPrune(flag, () => {
        if (handedOver) return;
        handedOver = true;
        // Tell the other thread the step is running, and hold this one until it raised the flag: the
        // rest of the step then runs with the flag up, whenever the other thread got to it.
        Atomics.store(started, 0, 1);
        Atomics.notify(started, 0);
        Atomics.wait(flag, 0, 0, 20_000);
      });
      const failure = await engineFailure(run);
      expect(failure.code).toBe('cancelled');
      expect(pruneFractions(progress).at(-1)).toBeLessThan(0.1);
      expect(await engine.openModels()).toEqual([modelId]);
    } finally {
      await page.terminate();
    }
  });

  it('a flag never raised changes nothing: the run completes', async () => {
    const { progress, runPrune } = await openChain();
    const result = await runPrune(sharedFlag());
    expect(result.variant.steps.map((s) => s.kind)).toEqual(['cleanup', 'prune']);
    expect(pruneFractions(progress).at(-1)).toBe(1);
    // Progress inside the prune step, not only its ends.
    expect(pruneFractions(progress).filter((f) => f > 0 && f < 1).length).toBeGreaterThan(10);
  });
});

describe('client in-process: an abort during a step reaches the engine at once', () => {
  it('aborted from a progress callback mid-prune: cancelled, no variant', async () => {
    const client = await createInProcessClient();
    const { summary } = await client.openModel([denseChainFile(LAYERS)]);
    const controller = new AbortController();
    const progress: Progress[] = [];
    const run = client.runRecipe(
      summary.modelId,
      { recipe: pruneRecipe },
      {
        signal: controller.signal,
        onProgress: (p) => {
          progress.push(p);
          if (p.phase === 'step' && p.step?.index === 1 && p.fraction > 0) controller.abort();
        },
      },
    );
    expect(isCancelled(await failureOf(run))).toBe(true);
    // Let the engine unwind: it stopped inside the step, so nothing is kept.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pruneFractions(progress).at(-1)).toBeLessThan(0.1);
    expect(await client.openModels()).toEqual([summary.modelId]);
  });
});
