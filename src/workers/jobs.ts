import { failure } from './failure';
import type { JobId } from './protocol';

/** What a running job uses to honour cancellation. */
export interface Job {
  readonly id: JobId;
  /** Lets queued messages (a `cancel`) in, then throws a 'cancelled' failure if the job was cancelled. */
  checkpoint(): Promise<void>;
  readonly cancelled: boolean;
}

// A macrotask, not a microtask: the worker's message queue (where `cancel` waits) only runs between tasks.
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Running jobs and their cancellation flags. The engine's work is synchronous core code, so a job stops at
 * the next checkpoint between stages rather than mid-stage.
 */
export class JobRegistry {
  private readonly running = new Map<JobId, { cancelled: boolean }>();

  /** Runs `work` as job `id`, forgetting the job when it settles. */
  async run<T>(id: JobId, work: (job: Job) => Promise<T>): Promise<T> {
    const state = { cancelled: false };
    this.running.set(id, state);
    const job: Job = {
      id,
      get cancelled() {
        return state.cancelled;
      },
      checkpoint: async () => {
        await yieldToEventLoop();
        if (state.cancelled) throw failure('cancelled', 'the operation was cancelled');
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

/** The core's cancel signal for a job: aborted once the job was cancelled (seen at checkpoints). */
export function cancelSignal(job: Job): { readonly aborted: boolean } {
  return {
    get aborted() {
      return job.cancelled;
    },
  };
}
