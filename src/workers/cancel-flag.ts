// A job's shared cancel flag: one Int32 in a SharedArrayBuffer that the page sets and the engine reads.
// The engine's steps are synchronous core code, so a `cancel` message waits until a step yields; the
// flag is seen at once, by the core's checks between layers. Shared memory needs a cross-origin isolated
// page (vite.config.ts sends the headers); without it jobs are cancelled by message alone.
import type { CancelFlag } from './protocol';

/** A fresh, lowered flag, or undefined where memory cannot be shared with a worker. */
export function newCancelFlag(): CancelFlag | undefined {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (!isolated || typeof SharedArrayBuffer !== 'function') return undefined;
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Raises the flag: the job's next check between layers, stages or batches stops it. */
export function raiseCancelFlag(flag: CancelFlag): void {
  Atomics.store(flag, 0, 1);
}

/** True once the flag was raised. */
export function isCancelFlagRaised(flag: CancelFlag): boolean {
  return Atomics.load(flag, 0) !== 0;
}
