/// <reference lib="webworker" />
// The engine worker: exposes the Engine over Comlink. Results carrying big arrays are transferred, not
// copied; progress callbacks (Comlink proxies) are released when their job ends.
import * as Comlink from 'comlink';
import { createEngine } from './engine';
import type { EditOutcome, EngineApi, LayoutResult, OpenResult, OutputFile, ProgressSink } from './protocol';

// elkjs's bundle, when it sees a worker global, installs its own `onmessage` dispatcher; Comlink listens
// with addEventListener, so that handler is dropped to keep every message for Comlink alone.
self.onmessage = null;

const engine = createEngine();

function release(sink: ProgressSink | undefined): void {
  const proxy = sink as unknown as { [Comlink.releaseProxy]?: () => void } | undefined;
  proxy?.[Comlink.releaseProxy]?.();
}

/** Runs a job that ends with a model summary: its timeline is transferred, the progress proxy released. */
async function summarised<R extends OpenResult>(sink: ProgressSink | undefined, work: () => Promise<R>): Promise<R> {
  try {
    const result = await work();
    return Comlink.transfer(result, [result.summary.timeline.buffer as ArrayBuffer]);
  } finally {
    release(sink);
  }
}

/** An edit's answer with its summary's timeline transferred. */
async function edited(work: () => Promise<EditOutcome>): Promise<EditOutcome> {
  const outcome = await work();
  return Comlink.transfer(outcome, [outcome.result.summary.timeline.buffer as ArrayBuffer]);
}

/** Files with their buffers transferred. */
async function filesOut(work: () => Promise<OutputFile[]>): Promise<OutputFile[]> {
  const files = await work();
  return Comlink.transfer(
    files,
    files.map((f) => f.bytes),
  );
}

const api: EngineApi = {
  openModel: (jobId, files, onProgress) => summarised(onProgress, () => engine.openModel(jobId, files, onProgress)),
  async layout(jobId, modelId, direction, onProgress) {
    try {
      const result: LayoutResult = await engine.layout(jobId, modelId, direction, onProgress);
      return Comlink.transfer(result, [result.positions.buffer as ArrayBuffer]);
    } finally {
      release(onProgress);
    }
  },
  // A shared cancel flag arrives as a view of the page's memory (SharedArrayBuffers are shared, not copied).
  quantize: (jobId, modelId, request, onProgress, cancelFlag) =>
    summarised(onProgress, () => engine.quantize(jobId, modelId, request, onProgress, cancelFlag)),
  runRecipe: (jobId, modelId, request, onProgress, cancelFlag) =>
    summarised(onProgress, () => engine.runRecipe(jobId, modelId, request, onProgress, cancelFlag)),
  async evaluate(jobId, modelId, request, onProgress, cancelFlag) {
    try {
      return await engine.evaluate(jobId, modelId, request, onProgress, cancelFlag);
    } finally {
      release(onProgress);
    }
  },
  async previewData(jobId, modelId, request, count) {
    const preview = await engine.previewData(jobId, modelId, request, count);
    return Comlink.transfer(
      preview,
      preview.images.map((image) => image.rgba),
    );
  },
  async layerError(jobId, modelId, referenceId, request, onProgress, cancelFlag) {
    try {
      return await engine.layerError(jobId, modelId, referenceId, request, onProgress, cancelFlag);
    } finally {
      release(onProgress);
    }
  },
  async sensitivity(jobId, modelId, request, onProgress, cancelFlag) {
    try {
      return await engine.sensitivity(jobId, modelId, request, onProgress, cancelFlag);
    } finally {
      release(onProgress);
    }
  },
  recipePresets: () => engine.recipePresets(),
  parseRecipe: (text, fileName) => engine.parseRecipe(text, fileName),
  recipeToJson: (recipe) => engine.recipeToJson(recipe),
  compareWeights: (jobId, modelId, nodeId, bins) => engine.compareWeights(jobId, modelId, nodeId, bins),
  compareMembers: (jobId, aId, bId) => engine.compareMembers(jobId, aId, bId),
  adoptVariant: (jobId, parentId, files, variant, onProgress) =>
    summarised(onProgress, () => engine.adoptVariant(jobId, parentId, files, variant, onProgress)),
  async modelFiles(jobId, modelId) {
    const files = await engine.modelFiles(jobId, modelId);
    return Comlink.transfer(
      files,
      files.map((f) => f.bytes),
    );
  },
  exportPreview: (jobId, modelId, request) => engine.exportPreview(jobId, modelId, request),
  async exportFiles(jobId, modelId, request, names, zipAs) {
    const files = await engine.exportFiles(jobId, modelId, request, names, zipAs);
    return Comlink.transfer(
      files,
      files.map((f) => f.bytes),
    );
  },
  memoryPlan: (jobId, modelId, request) => engine.memoryPlan(jobId, modelId, request),
  editModel: (jobId, modelId, op) => edited(() => engine.editModel(jobId, modelId, op)),
  undoEdit: (jobId, modelId) => edited(() => engine.undoEdit(jobId, modelId)),
  redoEdit: (jobId, modelId) => edited(() => engine.redoEdit(jobId, modelId)),
  replayEdits: (jobId, modelId, done, undone) => edited(() => engine.replayEdits(jobId, modelId, done, undone)),
  operatorPalette: (modelId) => engine.operatorPalette(modelId),
  extractModel: (jobId, modelId, inputs, outputs) =>
    filesOut(() => engine.extractModel(jobId, modelId, inputs, outputs)),
  originalFiles: (jobId, modelId) => filesOut(() => engine.originalFiles(jobId, modelId)),
  tensorStats: (jobId, modelId, tensorId, bins) => engine.tensorStats(jobId, modelId, tensorId, bins),
  closeModel: (modelId) => engine.closeModel(modelId),
  openModels: () => engine.openModels(),
  cancel: (jobId) => engine.cancel(jobId),
};

Comlink.expose(api);
