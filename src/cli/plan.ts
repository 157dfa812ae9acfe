// `scaledown plan MODEL [--device NAME | --sram SIZE --flash SIZE] [--activation-dtype int8] [--in-place]
// [--fuse-activations] [--schedule model|optimised] [--patch] [--json]`: the activation memory plan (peak,
// TFLM greedy arena, the peak step, the operator order), the fit on a board and what would make it fit.
// It calls the core's planMemory and fitAdvice, as the studio does, so both show the same figures.
import {
  customDevice,
  DEVICES,
  findDevice,
  fitAdvice,
  inferShapes,
  parseByteSize,
  planMemory,
  type Device,
  type FitAdvice,
  type MemoryPlanOptions,
  type ModelAnalysis,
} from '../core/index';
import { estimatePatchInference, type PatchResult } from '../core/analysis/memory/patch/estimate';
import {
  flag,
  integerOption,
  stringOption,
  UsageError,
  type Command,
  type CommandIO,
  type ParsedArgs,
} from './command';
import { loadModel } from './load-model';
import { patchJson, planText, type PlanJson } from './plan-text';

export type { PlanJson } from './plan-text';

function nodeName(a: ModelAnalysis, index: number | undefined): string {
  const layer = index === undefined ? undefined : a.layers[index];
  return layer ? layer.name || layer.nodeId : '-';
}

function sizeOption(args: ParsedArgs, name: string, file: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const bytes = parseByteSize(text);
  if (bytes === undefined)
    throw new UsageError(`--${name} must be a size such as 256K, 1M or 262144 (1 K = 1024 B), not '${text}'`, file);
  return bytes;
}

/** The board: from the catalogue (--device), described (--sram with --flash), or none. */
function boardOption(args: ParsedArgs, file: string): Device | undefined {
  const deviceName = stringOption(args, 'device');
  const sram = sizeOption(args, 'sram', file);
  const flash = sizeOption(args, 'flash', file);
  if (deviceName !== undefined && (sram !== undefined || flash !== undefined))
    throw new UsageError('give either --device NAME or --sram SIZE --flash SIZE (a custom board), not both', file);
  if ((sram === undefined) !== (flash === undefined))
    throw new UsageError('a custom board needs both --sram SIZE and --flash SIZE', file);
  if (sram !== undefined && flash !== undefined) return customDevice(sram, flash);
  if (deviceName === undefined) return undefined;
  const device = findDevice(deviceName);
  if (!device)
    throw new UsageError(`no board named '${deviceName}'; known: ${DEVICES.map((d) => d.name).join(', ')}`, file);
  return device;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'activation memory plan: peak, arena, peak step, operator order, the fit on a board and how to fit',
  usage:
    'scaledown plan MODEL [COMPANION...] [--device NAME | --sram SIZE --flash SIZE] [--activation-dtype int8] [--in-place] [--fuse-activations] [--schedule model|optimised] [--patch [--patch-grid N] [--patch-stage NODE]] [--json]',
  optionHelp: [
    '  --device NAME              check the fit on a board of the catalogue (case-insensitive)',
    '  --sram SIZE --flash SIZE   check the fit on a custom board (256K, 1M, 262144; 1 K = 1024 B)',
    '  --activation-dtype int8    count float activations as 1 byte per element (default: as stored)',
    '  --in-place                 element-wise and depthwise ops write over an input dying there',
    '  --fuse-activations         run Relu/Clip fused into the Conv/Gemm/Add before them (as TFLite)',
    "  --schedule ORDER           'model' (default: the file's operator order) or 'optimised' (lowest peak)",
    '  --patch                    estimate patch-based inference (MCUNetV2): stage, grid, peaks, extra MACs',
    '  --patch-grid N             patches on an N×N grid (default: the grid with the lowest peak)',
    '  --patch-stage NODE         run patch by patch up to this node, by name or id (default: searched)',
    '  --json                     print the plan as JSON on stdout (nothing else)',
  ],
  notes: [
    `Boards: ${DEVICES.map((d) => d.name).join(', ')}.`,
    'With a board, the plan lists what would make the model fit (each change re-planned, or estimated).',
  ],
  options: {
    device: { type: 'string' },
    sram: { type: 'string' },
    flash: { type: 'string' },
    'activation-dtype': { type: 'string' },
    'in-place': { type: 'boolean' },
    'fuse-activations': { type: 'boolean' },
    schedule: { type: 'string' },
    patch: { type: 'boolean' },
    'patch-grid': { type: 'string' },
    'patch-stage': { type: 'string' },
  },
  minPositionals: 1,
  run(args: ParsedArgs, io: CommandIO): number {
    const [file] = args.positionals as [string];
    const dtype = stringOption(args, 'activation-dtype') ?? 'stored';
    if (dtype !== 'stored' && dtype !== 'int8')
      throw new UsageError(`--activation-dtype must be int8 or stored, not '${dtype}'`, file);
    const schedule = stringOption(args, 'schedule') ?? 'model';
    if (schedule !== 'model' && schedule !== 'optimised')
      throw new UsageError(`--schedule must be model or optimised, not '${schedule}'`, file);
    const device = boardOption(args, file);
    const inPlace = flag(args, 'in-place');
    const fuseActivations = inPlace || flag(args, 'fuse-activations');
    const patchGrid = integerOption(args, 'patch-grid', file);
    const patchStage = stringOption(args, 'patch-stage');
    // Fixing the grid or the stage asks for the estimate too.
    const wantPatch = flag(args, 'patch') || patchGrid !== undefined || patchStage !== undefined;
    const fixedPatch = patchGrid !== undefined || patchStage !== undefined;
    const { model, files } = loadModel(args.positionals, io.cwd);

    // One shape inference for the plan, the fit advice's re-plans and the patch estimate.
    const inference = inferShapes(model);
    const options: MemoryPlanOptions = {
      activationDType: dtype,
      inPlace,
      fuseActivations,
      schedule,
      inference,
    };
    const report = planMemory(model, options);
    const a = report.analysis;
    let advice: FitAdvice | undefined;
    if (device)
      advice = fitAdvice({
        model,
        fileName: files[0]!.name,
        files,
        device,
        options,
        report,
        patch: true,
      });
    let patch: PatchResult | undefined;
    if (wantPatch)
      patch =
        (fixedPatch ? undefined : advice?.patch) ??
        estimatePatchInference(model, {
          activationDType: dtype,
          inPlace,
          fuseActivations,
          schedule: a.schedule,
          inference,
          ...(patchGrid !== undefined ? { grid: patchGrid } : {}),
          ...(patchStage !== undefined ? { stageEndNodeId: patchStage } : {}),
        });

    const json: PlanJson = {
      peakActivationBytes: a.peakActivationBytes,
      arenaBytes: a.arenaBytes,
      peakStep: a.peakStep,
      peakNode: nodeName(a, a.schedule[a.peakStep]),
      schedule: a.schedule.map((i) => nodeName(a, i)),
      scheduleChoice: report.schedule.choice,
      modelOrderPeak: report.schedule.modelOrderPeak,
      optimisedPeak: report.schedule.optimisedPeak,
      activationDType: dtype,
      inPlace,
      fuseActivations,
      inPlaceNodes: a.inPlaceNodes,
      unknownSizeTensors: a.unknownSizeTensors,
      ...(device && advice
        ? {
            device: { name: device.name, sramBytes: device.sramBytes, flashBytes: device.flashBytes },
            fits: { sram: advice.needs.sram, flash: advice.needs.flash },
            need: { sramBytes: advice.needs.sramNeeded, flashBytes: advice.needs.flashNeeded },
            needs: advice.needs,
            suggestions: advice.suggestions,
          }
        : {}),
      ...(patch ? { patch: patchJson(patch, a) } : {}),
    };
    if (flag(args, 'json')) io.stdout(`${JSON.stringify(json)}\n`);
    else io.stdout(planText(file, json, report.schedule.exact));
    return 0;
  },
};
