// Ids, progress, failures and files: what every engine call shares.
import type {
  DatasetError,
  ExecutionError,
  ModelFormatError,
  RecipeStepKind,
  ShapeError,
  TransformError,
} from '../../core';

/** Identifies one request so it can be cancelled. */
export type JobId = string;

/**
 * A job's cancel flag in shared memory (an Int32Array(1) over a SharedArrayBuffer): the page raises it on
 * cancel and the engine reads it between layers, so a cancel lands inside a synchronous step. Sent only
 * when the page is cross-origin isolated; cancel(jobId) is sent either way (cancel-flag.ts).
 */
export type CancelFlag = Int32Array;

/** Identifies a model kept open in the engine's memory. */
export type ModelId = string;

/** Graph layout direction: top-to-bottom (default) or left-to-right. */
export type LayoutDirection = 'TB' | 'LR';

/** Coarse operator families; nodes are coloured by them and the legend lists them. */
export type OpFamily =
  | 'conv'
  | 'linear'
  | 'activation'
  | 'normalization'
  | 'pooling'
  | 'elementwise'
  | 'reshape'
  | 'quantization'
  | 'constant'
  | 'control'
  | 'other';

/** Stages of the work the UI reports progress for. */
export type ProgressPhase =
  | 'read'
  | 'parse'
  | 'shapes'
  | 'analysis'
  | 'graph'
  | 'layout'
  | 'stats'
  | 'calibrate'
  | 'quantize'
  | 'write'
  | 'step'
  | 'evaluate';

/** Which step of a recipe is running (phase 'step'). */
export interface StepProgress {
  /** Index into the recipe's steps (disabled steps included, as the editor lists them). */
  readonly index: number;
  /** How many steps the recipe has. */
  readonly count: number;
  readonly kind: RecipeStepKind;
}

/** One progress report; `fraction` is in 0..1 for the current phase (for phase 'step': of that step). */
export interface Progress {
  readonly phase: ProgressPhase;
  readonly fraction: number;
  /** The file being worked on, when there is one. */
  readonly fileName?: string;
  /** Set while a recipe step runs. */
  readonly step?: StepProgress;
}

/** Receives progress reports (through the worker boundary it is a Comlink proxy). */
export type ProgressSink = (progress: Progress) => void;

/** A file handed to the engine; `bytes` is transferred, not copied, and is unusable by the sender afterwards. */
export interface InputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** Codes of every failure the engine reports: the core's own plus the engine's. */
export type EngineErrorCode =
  | ModelFormatError['code']
  | ShapeError['code']
  | TransformError['code']
  | DatasetError['code']
  | ExecutionError['code']
  | 'unknown-model'
  | 'unknown-tensor'
  | 'no-data'
  | 'invalid-recipe'
  | 'internal';

/**
 * A failure as it crosses the worker boundary (Comlink keeps only name/message of real Errors, so the
 * engine throws this plain object instead). The client turns it back into an `EngineError`.
 */
export interface EngineFailure {
  readonly kind: 'engine-failure';
  readonly code: EngineErrorCode;
  /** The core's own sentence, naming the file / node / tensor. */
  readonly message: string;
  /** What was wrong: a file name, a node, a tensor. */
  readonly subject?: string;
}

/** A model's file(s) as they would be saved (transferred). */
export interface OutputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** True for the plain failure objects the engine throws. */
export function isEngineFailure(value: unknown): value is EngineFailure {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'engine-failure';
}
