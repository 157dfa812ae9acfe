// Will it fit, and what would make it fit: the needs of a model on a board (DESIGN.md "Devices") and the
// changes that lower them, each measured by re-planning with that one change (or estimated, where marked).
// The CLI's `plan` and the studio both call this, so they agree by construction.
import { planMemory, type MemoryPlanOptions, type MemoryPlanReport } from '../analysis/memory/plan-report';
import { estimatePatchInference, type PatchResult } from '../analysis/memory/patch/estimate';
import { TransformError } from '../errors';
import { tflmOverheadBytes } from '../export/describe';
import type { Model } from '../ir/types';
import { inferShapes } from '../shape/infer';
import { bytesText } from './byte-size';
import { deviceFit, RUNTIME_CODE_BYTES_ESTIMATE, type Device, type DeviceFit } from './catalogue';
import { float32WeightBytes, savingText, stageLayers } from './fit-text';

/** A board the user describes by its SRAM and flash (bytes, whole and positive). */
export function customDevice(sramBytes: number, flashBytes: number, name = 'Custom board'): Device {
  for (const [what, bytes] of [
    ['SRAM', sramBytes],
    ['flash', flashBytes],
  ] as const)
    if (!Number.isSafeInteger(bytes) || bytes <= 0)
      throw new TransformError(
        'invalid-options',
        `${name} needs a ${what} size of at least 1 byte, not ${bytes}`,
        name,
      );
  return { name, aliases: [], sramBytes, flashBytes };
}

/** What a model needs on a board, part by part, and whether each resource fits. */
export interface FitNeeds extends DeviceFit {
  readonly arenaBytes: number;
  /** TFLM's bookkeeping in the arena (an estimate from the tensor and node counts, as the TFLite header reserves). */
  readonly runtimeOverheadBytes: number;
  /** The model's files, all of them. */
  readonly modelBytes: number;
  /** The runtime's code, an estimate. */
  readonly codeBytes: number;
}

export type SuggestionId =
  | 'int8-activations'
  | 'fuse-activations'
  | 'in-place'
  | 'optimised-schedule'
  | 'patch-based'
  | 'all-memory'
  | 'all-memory-patch'
  | 'int8-weights';

/** One change that lowers a need, with what the need becomes. */
export interface FitSuggestion {
  readonly id: SuggestionId;
  readonly resource: 'sram' | 'flash';
  /** "int8 activations: −75 %", "patch-based first 12 layers (4×4): −5.3×". */
  readonly label: string;
  /** One sentence: what it means and the new need. */
  readonly detail: string;
  /** SRAM or flash needed after the change. */
  readonly neededBytes: number;
  readonly savingBytes: number;
  /** savingBytes / the current need, 0..1. */
  readonly savingFraction: number;
  /** That resource fits the board after the change. */
  readonly fits: boolean;
  /** True for patch-based and int8 weights (an estimate, not a planned figure). */
  readonly estimate: boolean;
  /** The plan options that make this change (planned suggestions only). */
  readonly apply?: Partial<Pick<MemoryPlanOptions, 'activationDType' | 'inPlace' | 'fuseActivations' | 'schedule'>>;
}

export interface FitAdvice {
  readonly needs: FitNeeds;
  /** SRAM suggestions by saving (largest first), then flash ones. */
  readonly suggestions: readonly FitSuggestion[];
  /** The patch-based estimate with the same options and order (unless `patch: false`). */
  readonly patch?: PatchResult;
}

export interface FitAdviceInput {
  readonly model: Model;
  /** The main file's name. */
  readonly fileName: string;
  /** The model's files, main first. */
  readonly files: readonly { readonly bytes: Uint8Array }[];
  readonly device: Device;
  readonly options: MemoryPlanOptions;
  /** planMemory(model, options), when the caller has it already. */
  readonly report?: MemoryPlanReport;
  /** Estimate patch-based inference too (default true). */
  readonly patch?: boolean;
}

type Apply = NonNullable<FitSuggestion['apply']>;

const PLANNED: readonly { id: SuggestionId; what: string }[] = [
  {
    id: 'int8-activations',
    what: 'Plan float activations as int8, 1 byte per element, as an int8-quantized model runs',
  },
  { id: 'fuse-activations', what: 'Run each Relu/Clip fused into the operator before it, as TFLite does' },
  { id: 'in-place', what: 'Let element-wise ops and depthwise convolutions write over an input that dies there' },
  { id: 'optimised-schedule', what: 'Run the operators in the order that minimises the peak (export can keep it)' },
];

const LABELS: Readonly<Record<SuggestionId, string>> = {
  'int8-activations': 'int8 activations',
  'fuse-activations': 'fused activations',
  'in-place': 'in-place execution',
  'optimised-schedule': 'memory-optimised operator order',
  'patch-based': 'patch-based',
  'all-memory': 'all memory options',
  'all-memory-patch': 'all memory options + patch-based',
  'int8-weights': 'int8 weights',
};

const SHORT: Partial<Record<SuggestionId, string>> = {
  'in-place': 'in-place',
  'optimised-schedule': 'optimised order',
};

/** The needs of the model on the board, and the changes that would lower them (see FitSuggestion). */
export function fitAdvice(input: FitAdviceInput): FitAdvice {
  const { model, device } = input;
  // One shape inference for every re-plan (planMemory also reuses its schedule search through it).
  const inference = input.options.inference ?? inferShapes(model);
  const options: MemoryPlanOptions = { ...input.options, inference };
  const report = input.report ?? planMemory(model, options);
  // Whatever the source format, an MCU runs the model through a TFLM-like interpreter whose bookkeeping
  // (tensor and node structs) lives in the arena: the same estimate the TFLite header reserves.
  const runtimeOverheadBytes = tflmOverheadBytes(model);
  const arenaBytes = report.analysis.arenaBytes;
  const modelBytes = input.files.reduce((sum, f) => sum + f.bytes.length, 0);
  const codeBytes = RUNTIME_CODE_BYTES_ESTIMATE;
  const fit = deviceFit(device, { arenaBytes, runtimeOverheadBytes, modelBytes, codeBytes });
  const needs: FitNeeds = { ...fit, arenaBytes, runtimeOverheadBytes, modelBytes, codeBytes };

  const suggestion = (
    id: SuggestionId,
    resource: 'sram' | 'flash',
    neededBytes: number,
    what: string,
    label = LABELS[id],
    apply?: Apply,
  ): FitSuggestion | undefined => {
    const current = resource === 'sram' ? needs.sramNeeded : needs.flashNeeded;
    const limit = resource === 'sram' ? device.sramBytes : device.flashBytes;
    const savingBytes = current - neededBytes;
    if (savingBytes <= 0) return undefined;
    const fits = neededBytes <= limit;
    const detail =
      `${what}: ${resource === 'sram' ? 'SRAM' : 'flash'} need ${bytesText(neededBytes)} instead of ` +
      `${bytesText(current)}, ${fits ? 'within' : 'still above'} the ${bytesText(limit)} of ${device.name}.`;
    return {
      id,
      resource,
      label: `${label}: ${savingText(current, neededBytes)}`,
      detail,
      neededBytes,
      savingBytes,
      savingFraction: savingBytes / current,
      fits,
      estimate: id === 'patch-based' || id === 'all-memory-patch' || id === 'int8-weights',
      ...(apply ? { apply } : {}),
    };
  };

  const dtype = options.activationDType ?? 'stored';
  const inPlace = options.inPlace ?? false;
  const fused = inPlace || (options.fuseActivations ?? false);
  const possible: Partial<Record<SuggestionId, Apply>> = {
    'int8-activations': dtype === 'int8' ? undefined : { activationDType: 'int8' },
    'fuse-activations': fused ? undefined : { fuseActivations: true },
    'in-place': inPlace ? undefined : { inPlace: true },
    'optimised-schedule': options.schedule === 'optimised' ? undefined : { schedule: 'optimised' },
  };
  const sramNeed = (apply: Apply): number =>
    planMemory(model, { ...options, ...apply }).analysis.arenaBytes + runtimeOverheadBytes;

  const sram: FitSuggestion[] = [];
  for (const { id, what } of PLANNED) {
    const apply = possible[id];
    const s = apply && suggestion(id, 'sram', sramNeed(apply), what, LABELS[id], apply);
    if (s) sram.push(s);
  }
  // Every planned SRAM option that saves alone, all at once (fused activations come with in-place), when that
  // beats each alone.
  const saves = (id: SuggestionId): boolean => sram.some((s) => s.id === id);
  const all = PLANNED.filter(({ id }) => saves(id) && !(id === 'fuse-activations' && saves('in-place')));
  if (all.length >= 2) {
    const apply: Apply = Object.assign({}, ...all.map(({ id }) => possible[id]));
    const names = all.map(({ id }) => SHORT[id] ?? LABELS[id]).join(' + ');
    const what = `Apply ${names} together`;
    const s = suggestion('all-memory', 'sram', sramNeed(apply), what, names, apply);
    if (s && sram.every((o) => s.savingBytes > o.savingBytes)) sram.push(s);
  }

  let patch: PatchResult | undefined;
  if (input.patch ?? true) {
    const patchOf = (planned: MemoryPlanReport, apply: Apply): PatchResult =>
      estimatePatchInference(model, {
        activationDType: apply.activationDType ?? dtype,
        inPlace: apply.inPlace ?? inPlace,
        fuseActivations: (apply.inPlace ?? inPlace) || (apply.fuseActivations ?? fused),
        schedule: planned.schedule.order,
        inference,
      });
    const patchSuggestion = (id: SuggestionId, result: PatchResult, prefix: string, apply?: Apply) => {
      if (!result.ok) return undefined;
      const best = result.estimate.best;
      const layers = stageLayers(report.analysis, best.stageNodeIds);
      const what =
        `${prefix}Run the first ${layers} layers (through ${best.stageEndName || best.stageEndNodeId}) patch by patch on a ` +
        `${best.grid}×${best.grid} grid, as MCUNetV2 does, at ${(best.macOverhead * 100).toFixed(1)} % more MACs (an estimate)`;
      const label = `${apply ? `${LABELS['all-memory']} + ` : ''}patch-based first ${layers} layers (${best.grid}×${best.grid})`;
      return suggestion(id, 'sram', best.peak + runtimeOverheadBytes, what, label, apply);
    };
    patch = patchOf(report, {});
    const alone = patchSuggestion('patch-based', patch, '');
    if (alone) sram.push(alone);
    // The way MCUNetV2 fits MobileNetV2 in 256 KB: int8, in place, and patch-based on top. Offered when the
    // planned options are not all on yet and the combination beats everything above.
    const every: Apply = { ...Object.assign({}, ...Object.values(possible).filter((a) => a !== undefined)) };
    if (Object.keys(every).length > 0) {
      const planned = planMemory(model, { ...options, ...every });
      const both = patchSuggestion('all-memory-patch', patchOf(planned, every), 'With every memory option on: ', every);
      if (both && sram.every((o) => both.savingBytes > o.savingBytes)) sram.push(both);
    }
  }

  const flash: FitSuggestion[] = [];
  const floatWeights = float32WeightBytes(model);
  const weights = suggestion(
    'int8-weights',
    'flash',
    needs.flashNeeded - Math.round((floatWeights * 3) / 4),
    `Quantize the ${bytesText(floatWeights)} of float32 weights to int8, a quarter of their size (an estimate)`,
  );
  if (weights) flash.push(weights);

  const bySaving = (a: FitSuggestion, b: FitSuggestion): number => b.savingBytes - a.savingBytes;
  return {
    needs,
    suggestions: [...sram.sort(bySaving), ...flash.sort(bySaving)],
    ...(patch ? { patch } : {}),
  };
}
