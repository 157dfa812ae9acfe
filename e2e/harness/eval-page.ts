// A bare page that drives the studio's engine worker (src/workers/engine.worker.ts, bundled as it is) to
// evaluate a model on the built-in MNIST digits through onnxruntime-web, and watches the main thread for
// long tasks meanwhile (runEval); also any model on any dataset source (runEvalJob) and raw runs through
// the worker runtimes (runRuntime), see eval-jobs.ts. Used by e2e/evaluate-worker.spec.ts and `npm run
// bench` (scripts/bench/eval-browser.ts).
import * as Comlink from 'comlink';
import type { EngineApi, PixelScale } from '../../src/workers/protocol';
import { runEvalJob, runRuntime } from './eval-jobs';

export interface EvalJob {
  /** URL of the model file (same origin). */
  readonly model: string;
  readonly pixelScale: PixelScale;
  readonly scale?: number;
  readonly samples?: number;
}

export interface EvalReport {
  readonly isolated: boolean;
  readonly runtime: string;
  readonly samples: number;
  readonly top1: number | undefined;
  /** Wall time of the evaluate call as the page sees it, and the engine's own split. */
  readonly ms: number;
  readonly timings: Readonly<Record<'load' | 'run' | 'total', number>>;
  readonly progressReports: number;
  /** Longest main-thread task (PerformanceObserver 'longtask', > 50 ms only) during the evaluation; 0: none. */
  readonly longestTaskMs: number;
  /** Requests the page and its workers made to other origins (should be none). */
  readonly foreign: readonly string[];
}

async function bytesOf(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.arrayBuffer();
}

async function runEval(job: EvalJob): Promise<EvalReport> {
  const worker = new Worker('/__eval/engine.js', { type: 'module', name: 'engine' });
  const api = Comlink.wrap<EngineApi>(worker);
  try {
    const name = job.model.split('/').pop()!;
    const [model, digits] = await Promise.all([bytesOf(job.model), bytesOf('/__eval/files/mnist-digits.npz')]);
    const { summary } = await api.openModel('open', Comlink.transfer([{ name, bytes: model }], [model]));
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
    });
    observer.observe({ type: 'longtask' });
    let progressReports = 0;
    const started = performance.now();
    const request = {
      source: { kind: 'mnist' as const, pixelScale: job.pixelScale, file: { name: 'mnist-digits.npz', bytes: digits } },
      ...(job.scale !== undefined ? { scale: job.scale } : {}),
      ...(job.samples !== undefined ? { samples: job.samples } : {}),
    };
    const result = await api.evaluate(
      'evaluate',
      summary.modelId,
      Comlink.transfer(request, [digits]),
      Comlink.proxy(() => {
        progressReports++;
      }),
    );
    const ms = performance.now() - started;
    // Long tasks are delivered after they end; give the observer one more turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    const foreign = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => new URL(url).origin !== location.origin);
    return {
      isolated: crossOriginIsolated,
      runtime: result.runtime,
      samples: result.result.samples,
      top1: result.result.classification?.top1,
      ms,
      timings: result.timings,
      progressReports,
      longestTaskMs: longest,
      foreign,
    };
  } finally {
    worker.terminate();
  }
}

Object.assign(globalThis, { runEval, runEvalJob, runRuntime });
document.title = 'ready';
