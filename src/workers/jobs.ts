import type { Runner } from '../core';
import { isCancelFlagRaised } from './cancel-flag';
import { failure } from './failure';
import type { CancelFlag, JobId } from './protocol';

/** What a running job uses to honour cancellation. */
export interface Job {
  readonly id: JobId;
  /** Lets queued messages (a `cancel`) in, then throws a 'cancelled' failure if the job was cancelled. */
  checkpoint(): Promise<void>;
  /** Lets queued messages (a `cancel`) in; the caller checks `cancelled` itself. */
  pause(): Promise<void>;
  /** True once cancelled: by a `cancel` message, or at once through the job's shared flag. */
  readonly cancelled: boolean;
}

// A macrotask, not a microtask: the worker's message queue (where `cancel` waits) only runs between tasks.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Running jobs and their cancellation flags. The engine's work is synchronous core code: a `cancel`
 * message is seen at the next checkpoint between stages, a job's shared flag (when the page could send
 * one) wherever the core checks its signal, between layers included.
 */
export class JobRegistry {
  private readonly running = new Map<JobId, { cancelled: boolean }>();

  /** Runs `work` as job `id`, forgetting the job when it settles. `flag`: the job's shared cancel flag. */
  async run<T>(id: JobId, work: (job: Job) => Promise<T>, flag?: CancelFlag): Promise<T> {
    const state = { cancelled: false };
    this.running.set(id, state);
    const job: Job = {
      id,
      get cancelled() {
        return state.cancelled || (flag !== undefined && isCancelFlagRaised(flag));
      },
      pause: yieldToEventLoop,
      checkpoint: async () => {
        await yieldToEventLoop();
        if (job.cancelled) throw failure('cancelled', 'the operation was cancelled');
      },
    };
    try {
      return await work(job);
    } finally {
      this.running.delete(id);
    }
  }

  /** Flags a running job; it stops at its next checkpoint. Unknown or finished jobs are ignored. */
  cancel(id: JobId): void {
    const state = this.running.get(id);
    if (state) state.cancelled = true;
  }

  /** Ids of the jobs still running. */
  get active(): JobId[] {
    return [...this.running.keys()];
  }
}

/** The core's cancel signal for a job: aborted once the job was cancelled (read afresh at every check). */
export function cancelSignal(job: Job): { readonly aborted: boolean } {
  return {
    get aborted() {
      return job.cancelled;
    },
  };
}

/** `items` one at a time, letting a `cancel` message in before each (calibration batches). */
export async function* paced<T>(items: Iterable<T>, job: Job): AsyncGenerator<T> {
  for (const item of items) {
    await job.checkpoint();
    yield item;
  }
}

/** How often (ms) a job running model calls back to back lets a `cancel` message in. */
export const YIELD_EVERY_MS = 30;

/** `runner` letting a `cancel` message in every YIELD_EVERY_MS of running, stopping there once cancelled. */
export function pacedRunner(runner: Runner, job: Job): Runner {
  let last = performance.now();
  return async (feeds) => {
    if (performance.now() - last >= YIELD_EVERY_MS) {
      await job.checkpoint();
      last = performance.now();
    }
    return runner(feeds);
  };
}
