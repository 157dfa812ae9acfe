import { isCoreError } from '../core';
import { isEngineFailure, type EngineErrorCode, type EngineFailure } from './protocol';

/** A failure object the engine throws across the worker boundary. */
export function failure(code: EngineErrorCode, message: string, subject?: string): EngineFailure {
  return subject === undefined
    ? { kind: 'engine-failure', code, message }
    : { kind: 'engine-failure', code, message, subject };
}

/**
 * Any thrown value as an EngineFailure: the core's typed errors (datasets and the reference executor
 * included) keep their code and subject; anything else is a bug and becomes 'internal' with its message
 * (never its stack: the UI shows the message to users).
 */
export function toFailure(error: unknown, subject?: string): EngineFailure {
  if (isEngineFailure(error)) return error;
  if (isCoreError(error)) return failure(error.code, error.message, error.subject ?? subject);
  const message = error instanceof Error ? error.message : String(error);
  return failure('internal', message || 'unexpected error', subject);
}
