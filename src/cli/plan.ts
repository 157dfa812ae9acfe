// `scaledown plan MODEL [--device NAME] [--activation-dtype int8] [--in-place] [--fuse-activations] [--json]`:
// the activation memory plan (peak, TFLM greedy arena, the peak step, the schedule) and the fit on a board.
import { analyzeModel, arenaReserve, type ModelAnalysis } from '../core/index';
import { deviceFit, DEVICES, findDevice, type Device, type DeviceFit } from '../core/devices/catalogue';
import { flag, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from './command';
import { loadModel } from './load-model';
import { formatBytes, table } from './text-format';

/** What `plan --json` prints (DESIGN.md "The command line contract", plus a few extras). */
export interface PlanJson {
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  readonly peakStep: number;
  /** Name of the node run at the peak step. */
  readonly peakNode: string;
  /** Node names in execution order. */
  readonly schedule: readonly string[];
  readonly activationDType: 'stored' | 'int8';
  readonly inPlace: boolean;
  readonly fuseActivations: boolean;
  /** Nodes writing over an input (in place or fused activations). */
  readonly inPlaceNodes: readonly string[];
  readonly unknownSizeTensors: number;
  readonly device?: { readonly name: string; readonly sramBytes: number; readonly flashBytes: number };
  readonly fits?: { readonly sram: boolean; readonly flash: boolean };
  readonly need?: { readonly sramBytes: number; readonly flashBytes: number };
}

function nodeName(a: ModelAnalysis, index: number | undefined): string {
  const layer = index === undefined ? undefined : a.layers[index];
  return layer ? layer.name || layer.nodeId : '-';
}

function planText(file: string, json: PlanJson, fit: DeviceFit | undefined): string {
  const rows: string[][] = [
    [
      'peak memory',
      `${formatBytes(json.peakActivationBytes)} (${json.peakActivationBytes.toLocaleString('en-US')} B) at step ${json.peakStep} (${json.peakNode})`,
    ],
    [
      'arena',
      `${formatBytes(json.arenaBytes)} (${json.arenaBytes.toLocaleString('en-US')} B, TFLM greedy plan, 16-byte aligned)`,
    ],
    ['activations', json.activationDType === 'int8' ? 'as int8' : 'as stored'],
    [
      'in place',
      json.inPlace
        ? `yes (${json.inPlaceNodes.length} nodes)`
        : json.fuseActivations
          ? `fused activations (${json.inPlaceNodes.length})`
          : 'no',
    ],
    ['schedule', `${json.schedule.length} steps, the model's own order`],
  ];
  if (json.unknownSizeTensors)
    rows.push(['unknown', `${json.unknownSizeTensors} activations of unknown size: figures are lower bounds`]);
  if (json.device && fit) {
    const yes = (ok: boolean) => (ok ? 'fits' : 'does NOT fit');
    rows.push(['device', json.device.name]);
    rows.push(['SRAM', `${formatBytes(fit.sramNeeded)} of ${formatBytes(json.device.sramBytes)}: ${yes(fit.sram)}`]);
    rows.push([
      'flash',
      `${formatBytes(fit.flashNeeded)} of ${formatBytes(json.device.flashBytes)} (model + runtime code estimate): ${yes(fit.flash)}`,
    ]);
  }
  return `${file}\n${table(rows, 'll', 200)}\n`;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'activation memory plan: peak, arena, peak step, schedule, and the fit on a board',
  usage:
    'scaledown plan MODEL [COMPANION...] [--device NAME] [--activation-dtype int8] [--in-place] [--fuse-activations] [--json]',
  optionHelp: [
    '  --device NAME              check the fit on a board of the catalogue (case-insensitive)',
    '  --activation-dtype int8    count float activations as 1 byte per element (default: as stored)',
    '  --in-place                 element-wise and depthwise ops write over an input dying there',
    '  --fuse-activations         run Relu/Clip fused into the Conv/Gemm/Add before them (as TFLite)',
    '  --json                     print the plan as JSON on stdout (nothing else)',
  ],
  notes: [`Boards: ${DEVICES.map((d) => d.name).join(', ')}.`],
  options: {
    device: { type: 'string' },
    'activation-dtype': { type: 'string' },
    'in-place': { type: 'boolean' },
    'fuse-activations': { type: 'boolean' },
  },
  minPositionals: 1,
  run(args: ParsedArgs, io: CommandIO): number {
    const [file] = args.positionals as [string];
    const dtype = stringOption(args, 'activation-dtype') ?? 'stored';
    if (dtype !== 'stored' && dtype !== 'int8')
      throw new UsageError(`--activation-dtype must be int8 or stored, not '${dtype}'`, file);
    const deviceName = stringOption(args, 'device');
    let device: Device | undefined;
    if (deviceName !== undefined) {
      device = findDevice(deviceName);
      if (!device)
        throw new UsageError(`no board named '${deviceName}'; known: ${DEVICES.map((d) => d.name).join(', ')}`, file);
    }
    const inPlace = flag(args, 'in-place');
    const fuseActivations = inPlace || flag(args, 'fuse-activations');
    const { model, files } = loadModel(args.positionals, io.cwd);
    const a = analyzeModel(model, { activationDType: dtype, inPlace, fuseActivations });
    const byIndex = (i: number) => nodeName(a, i);
    let fit: DeviceFit | undefined;
    if (device) {
      const main = files[0]!;
      const reserve = arenaReserve(
        { fileName: main.name, bytes: main.bytes, model, analysis: a },
        { arenaMarginPercent: 0 },
      );
      fit = deviceFit(device, {
        arenaBytes: a.arenaBytes,
        runtimeOverheadBytes: reserve.overheadBytes,
        modelBytes: files.reduce((sum, f) => sum + f.bytes.length, 0),
      });
    }
    const json: PlanJson = {
      peakActivationBytes: a.peakActivationBytes,
      arenaBytes: a.arenaBytes,
      peakStep: a.peakStep,
      peakNode: nodeName(a, a.schedule[a.peakStep]),
      schedule: a.schedule.map(byIndex),
      activationDType: dtype,
      inPlace,
      fuseActivations,
      inPlaceNodes: a.inPlaceNodes,
      unknownSizeTensors: a.unknownSizeTensors,
      ...(device && fit
        ? {
            device: { name: device.name, sramBytes: device.sramBytes, flashBytes: device.flashBytes },
            fits: { sram: fit.sram, flash: fit.flash },
            need: { sramBytes: fit.sramNeeded, flashBytes: fit.flashNeeded },
          }
        : {}),
    };
    if (flag(args, 'json')) io.stdout(`${JSON.stringify(json)}\n`);
    else io.stdout(planText(file, json, fit));
    return 0;
  },
};
