// Progress reports of an engine job, throttled: they cross the worker boundary, and a handful per stage
// is enough for a smooth bar.
import type { ProgressPhase, ProgressSink, StepProgress } from './protocol';

const PROGRESS_STEP = 0.02;

/** Reports (phase, fraction, recipe step) to `onProgress`, dropping reports too close to the last one. */
export type Reporter = (phase: ProgressPhase, fraction: number, step?: StepProgress) => void;

/** A throttled reporter for a job on `fileName`; does nothing without a sink. */
export function reporter(onProgress: ProgressSink | undefined, fileName: string): Reporter {
  let last: { phase: ProgressPhase; fraction: number; step?: number } | undefined;
  return (phase, fraction, step) => {
    if (!onProgress) return;
    // A new recipe step is a new stage: its first report always goes out.
    const same = last && last.phase === phase && last.step === step?.index;
    if (same && fraction < 1 && fraction - last!.fraction < PROGRESS_STEP) return;
    last = { phase, fraction, ...(step ? { step: step.index } : {}) };
    void onProgress({ phase, fraction: Math.min(1, Math.max(0, fraction)), fileName, ...(step ? { step } : {}) });
  };
}
