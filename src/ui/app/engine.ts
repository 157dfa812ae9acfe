import { createWorkerClient, type EngineClient } from '../../workers/client';

let client: EngineClient | null = null;

/** The engine client the UI uses: a worker, created on first use and again if the worker died. */
export function getEngine(): EngineClient {
  if (!client || !client.alive) client = createWorkerClient();
  return client;
}

/** Replaces the engine (tests use an in-process one). */
export function setEngine(next: EngineClient | null): void {
  client = next;
}
