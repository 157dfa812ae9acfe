// For the editing UI's tests: a fresh copy of the tiny Conv → Relu model shown in the app's store (edits
// change the engine's copy in place, so each test opens its own).
import { cleanup } from '@testing-library/react';
import { afterEach, beforeAll, vi } from 'vitest';
import { createInProcessClient, type EngineClient } from '../../../workers/client';
import { tinyConvFile } from '../../../workers/test-models';
import { setEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { editUi } from './edit-ui-store';

/** Opens the tiny model in `engine`, makes it the app's engine, and shows the model; returns its id. */
export async function showFreshTinyModel(engine: EngineClient): Promise<string> {
  setEngine(engine);
  const model = await engine.openModel([tinyConvFile()]);
  const layout = await engine.layout(model.summary.modelId, 'TB');
  studioStore.getState().setModel(model, layout);
  return model.summary.modelId;
}

/**
 * One in-process engine for a test file (made before its tests), and a clean page after each test: the
 * rendered tree, the app's engine, mocks, and both stores reset. Returns a getter for the engine.
 */
export function editTestEngine(): () => EngineClient {
  let engine: EngineClient | undefined;
  beforeAll(async () => {
    engine = await createInProcessClient();
  });
  afterEach(() => {
    cleanup();
    setEngine(null);
    vi.restoreAllMocks();
    editUi.setState(editUi.getInitialState(), true);
    studioStore.setState(studioStore.getInitialState(), true);
  });
  return () => {
    if (!engine) throw new Error('the test engine is made in beforeAll');
    return engine;
  };
}
