// The memory view of an open model: the core's planMemory + fitAdvice (exactly what `scaledown plan` runs,
// on the model's files as the engine holds them), turned into plain data the page draws.
import {
  customDevice,
  fitAdvice,
  formatShape,
  inferShapes,
  planMemory,
  type MemoryPlanReport,
  type Model,
  type ModelAnalysis,
  type ModelFile,
  type PatchResult,
} from '../core';
import { failure } from './failure';
import type { Job } from './jobs';
import {
  MEMORY_PATCH_CANDIDATES,
  type MemoryBand,
  type MemoryPatchView,
  type MemoryPlanRequest,
  type MemoryPlanView,
  type ModelId,
} from './protocol';

/** What the engine holds of the model planned. */
export interface MemorySource {
  readonly modelId: ModelId;
  readonly model: Model;
  /** The main file's name. */
  readonly fileName: string;
  /** The files the model was read from (a variant: the files written for it), main first. */
  readonly files: readonly ModelFile[];
}

/** A node's name as the plan shows it (the CLI's rule: its name, else its id). */
function nodeLabel(analysis: ModelAnalysis, index: number | undefined): string {
  const layer = index === undefined ? undefined : analysis.layers[index];
  return layer ? layer.name || layer.nodeId : '-';
}

function bandsOf(analysis: ModelAnalysis): MemoryBand[] {
  return analysis.activations.map((a) => ({
    tensorId: a.id,
    name: a.name,
    dtype: a.dtype,
    shapeText: a.shape ? formatShape(a.shape) : '?',
    bytes: a.bytes ?? null,
    offset: a.bytes === undefined ? null : (a.offset ?? null),
    first: a.first,
    last: a.last,
    producerNodeId: a.producer === undefined ? null : (analysis.layers[a.producer]?.nodeId ?? null),
    isInput: a.isInput,
    isOutput: a.isOutput,
  }));
}

function patchView(result: PatchResult): MemoryPatchView {
  if (!result.ok) return { ok: false, reason: result.reason };
  const { estimate } = result;
  return {
    ok: true,
    baselinePeak: estimate.baselinePeak,
    baselineMacs: estimate.baselineMacs,
    best: estimate.best,
    candidates: estimate.candidates.slice(0, MEMORY_PATCH_CANDIDATES),
  };
}

function checkRequest(request: MemoryPlanRequest): void {
  const { activationDType, schedule } = request.options;
  if (activationDType !== 'stored' && activationDType !== 'int8')
    throw failure('invalid-options', `activations are planned as stored or int8, not '${String(activationDType)}'`);
  if (schedule !== 'model' && schedule !== 'optimised')
    throw failure('invalid-options', `the operator order is 'model' or 'optimised', not '${String(schedule)}'`);
}

/** The plan with the request's options, the fit on its board and the suggestions; a checkpoint between stages. */
export async function memoryPlanOf(
  source: MemorySource,
  request: MemoryPlanRequest,
  job: Job,
): Promise<MemoryPlanView> {
  checkRequest(request);
  const { model } = source;
  const device = customDevice(request.device.sramBytes, request.device.flashBytes, request.device.name);
  await job.checkpoint();
  let started = performance.now();
  const inference = inferShapes(model);
  const { activationDType, inPlace, fuseActivations, schedule } = request.options;
  const options = { activationDType, inPlace, fuseActivations, schedule, inference };
  const report: MemoryPlanReport = planMemory(model, options);
  const planMs = performance.now() - started;
  await job.checkpoint();
  started = performance.now();
  const advice = fitAdvice({
    model,
    fileName: source.fileName,
    files: source.files,
    device,
    options,
    report,
    patch: request.patch,
  });
  const adviceMs = performance.now() - started;
  await job.checkpoint();

  const { analysis } = report;
  const peakIndex = analysis.schedule[analysis.peakStep];
  const modelOrder = analysis.schedule.every((nodeIndex, step) => nodeIndex === step);
  return {
    modelId: source.modelId,
    fileName: source.fileName,
    request,
    peakActivationBytes: analysis.peakActivationBytes,
    arenaBytes: analysis.arenaBytes,
    peakStep: analysis.peakStep,
    peakNodeId: peakIndex === undefined ? '' : (analysis.layers[peakIndex]?.nodeId ?? ''),
    peakNodeName: nodeLabel(analysis, peakIndex),
    stepNodeIds: analysis.schedule.map((i) => analysis.layers[i]?.nodeId ?? ''),
    stepNames: analysis.schedule.map((i) => nodeLabel(analysis, i)),
    liveBytes: [...analysis.timeline],
    bands: bandsOf(analysis),
    inPlaceNodeIds: [...analysis.inPlaceNodes],
    schedule: {
      choice: report.schedule.choice,
      modelOrderPeak: report.schedule.modelOrderPeak,
      optimisedPeak: report.schedule.optimisedPeak,
      exact: report.schedule.exact,
      reordered: !modelOrder,
    },
    needs: advice.needs,
    suggestions: advice.suggestions,
    ...(advice.patch ? { patch: patchView(advice.patch) } : {}),
    unknownSizeTensors: analysis.unknownSizeTensors,
    timings: { plan: planMs, advice: adviceMs },
  };
}
