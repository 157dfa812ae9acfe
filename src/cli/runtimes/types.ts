import type { Runner } from '../../core/index';

/** A model loaded in a runtime for `scaledown eval`. */
export interface ModelRunner {
  readonly run: Runner;
  /** The runtime's name, for the report. */
  readonly runtime: string;
  close(): Promise<void>;
}
