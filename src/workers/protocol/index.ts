/**
 * The engine protocol: every request, response and progress type exchanged between the UI and the engine
 * worker. The worker implements `EngineApi` (engine.ts); the UI only ever sees the `EngineClient` of
 * client.ts, which maps AbortSignals to `cancel(jobId)` and failures to `EngineError`.
 *
 * Everything here is plain structured-clonable data: DTOs the UI renders as they are, with no IR objects
 * crossing the boundary (the IR stays in worker memory, keyed by model id). One file per concern.
 */
export * from './base';
export * from './model';
export * from './variants';
export * from './weights';
export * from './evaluate';
export * from './compare';
export * from './session';
export * from './analysis';
export * from './export';
export * from './memory';
export * from './edit';
export * from './api';
