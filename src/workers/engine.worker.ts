/// <reference lib="webworker" />
// The engine worker: exposes the Engine over Comlink. Results carrying big arrays are transferred, not
// copied; progress callbacks (Comlink proxies) are released when their job ends.
import * as Comlink from 'comlink';
import { createEngine } from './engine';
import type { EngineApi, OpenResult, LayoutResult, ProgressSink } from './protocol';

// elkjs's bundle, when it sees a worker global, installs its own `onmessage` dispatcher; Comlink listens
// with addEventListener, so that handler is dropped to keep every message for Comlink alone.
self.onmessage = null;

const engine = createEngine();

function release(sink: ProgressSink | undefined): void {
  const proxy = sink as unknown as { [Comlink.releaseProxy]?: () => void } | undefined;
  proxy?.[Comlink.releaseProxy]?.();
}

const api: EngineApi = {
  async openModel(jobId, files, onProgress) {
    try {
      const result: OpenResult = await engine.openModel(jobId, files, onProgress);
      return Comlink.transfer(result, [result.summary.timeline.buffer as ArrayBuffer]);
    } finally {
      release(onProgress);
    }
  },
  async layout(jobId, modelId, direction, onProgress) {
    try {
      const result: LayoutResult = await engine.layout(jobId, modelId, direction, onProgress);
      return Comlink.transfer(result, [result.positions.buffer as ArrayBuffer]);
    } finally {
      release(onProgress);
    }
  },
  async quantize(jobId, modelId, request, onProgress) {
    try {
      const result = await engine.quantize(jobId, modelId, request, onProgress);
      return Comlink.transfer(result, [result.summary.timeline.buffer as ArrayBuffer]);
    } finally {
      release(onProgress);
    }
  },
  async runRecipe(jobId, modelId, request, onProgress) {
    try {
      const result = await engine.runRecipe(jobId, modelId, request, onProgress);
      return Comlink.transfer(result, [result.summary.timeline.buffer as ArrayBuffer]);
    } finally {
      release(onProgress);
    }
  },
  recipePresets: () => engine.recipePresets(),
  parseRecipe: (text, fileName) => engine.parseRecipe(text, fileName),
  recipeToJson: (recipe) => engine.recipeToJson(recipe),
  compareWeights: (jobId, modelId, nodeId, bins) => engine.compareWeights(jobId, modelId, nodeId, bins),
  async modelFiles(jobId, modelId) {
    const files = await engine.modelFiles(jobId, modelId);
    return Comlink.transfer(
      files,
      files.map((f) => f.bytes),
    );
  },
  tensorStats: (jobId, modelId, tensorId, bins) => engine.tensorStats(jobId, modelId, tensorId, bins),
  closeModel: (modelId) => engine.closeModel(modelId),
  openModels: () => engine.openModels(),
  cancel: (jobId) => engine.cancel(jobId),
};

Comlink.expose(api);
