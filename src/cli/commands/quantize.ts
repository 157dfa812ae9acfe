import {
  calibrate,
  FORMAT_NAMES,
  quantizeModel,
  type CalibrationMethod,
  type LayerReport,
  type OnnxQuantFormat,
  type QuantizeMode,
  type QuantizeOptions,
  type QuantizeReport,
} from '../../core/index';
import { flag, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel } from '../load-model';
import { formatBytes, table } from '../text-format';
import { CALIBRATION_HELP, CALIBRATION_OPTIONS, calibrationArgs, calibrationData } from './quantize-data';
import {
  checkOutputFormat,
  jsonSafe,
  listOption,
  nodeIdsNamed,
  numberOption,
  oneOf,
  outputHeadline,
  progressLine,
  writeOutput,
  type OutputFile,
} from './transform-io';

const MODES: readonly QuantizeMode[] = ['int8', 'int8-weights', 'int4-weights', 'float16'];
const METHODS: readonly CalibrationMethod[] = ['minmax', 'percentile', 'entropy', 'mse'];
const ONNX_FORMATS: readonly OnnxQuantFormat[] = ['qdq', 'qoperator'];
const ONNX_FORMAT_NAMES: Readonly<Record<OnnxQuantFormat, string>> = { qdq: 'QDQ', qoperator: 'QOperator' };

/** What `quantize --json` prints. SQNR figures of error-free tensors (Infinity) print as null. */
export interface QuantizeJson extends OutputFile {
  readonly input: string;
  readonly mode: QuantizeMode;
  /** How static int8 was written into an ONNX file (ONNX int8 only). */
  readonly onnxFormat?: OnnxQuantFormat;
  readonly calibration?: {
    readonly data: string;
    readonly samples: number;
    readonly method: CalibrationMethod;
    readonly notes: readonly string[];
  };
  readonly report: QuantizeReport;
}

const dB = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} dB` : 'exact');
const sci = (v: number): string =>
  v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2);

function layerRow(l: LayerReport): string[] {
  const scale = l.scaleRange
    ? l.scaleRange.min === l.scaleRange.max
      ? sci(l.scaleRange.min)
      : `${sci(l.scaleRange.min)}..${sci(l.scaleRange.max)}`
    : '-';
  const zp = l.zeroPointRange
    ? l.zeroPointRange.min === l.zeroPointRange.max
      ? String(l.zeroPointRange.min)
      : `${l.zeroPointRange.min}..${l.zeroPointRange.max}`
    : '-';
  return [
    l.name || l.nodeId,
    l.op,
    l.tensor,
    l.keptFloat ? 'float32 (kept)' : l.dtype,
    l.keptFloat ? '-' : l.granularity,
    scale,
    zp,
    l.keptFloat ? '-' : dB(l.sqnrDb),
    `${formatBytes(l.bytesBefore)} → ${formatBytes(l.bytesAfter)}`,
  ];
}

function textReport(json: QuantizeJson): string {
  const r = json.report;
  const t = r.totals;
  const lines: string[] = [];
  const calibration = json.calibration
    ? `, calibrated on ${json.calibration.samples} samples of ${json.calibration.data} (${json.calibration.method})`
    : '';
  const onnxFormat = json.onnxFormat ? ` (${ONNX_FORMAT_NAMES[json.onnxFormat]})` : '';
  lines.push(outputHeadline(json, ` ${json.mode}${onnxFormat}${calibration}`));
  lines.push(
    `constants ${formatBytes(t.bytesBefore)} → ${formatBytes(t.bytesAfter)} (${(100 * t.ratio).toFixed(1)} %); ` +
      `weight SQNR ${dB(t.weightSqnrDb)} (worst layer ${dB(t.minWeightSqnrDb)}); ` +
      `${t.quantizedTensors} tensor(s) quantized, ${t.keptFloatTensors} kept in float`,
  );
  if (r.layers.length) {
    lines.push('');
    const header = ['layer', 'op', 'tensor', 'type', 'granularity', 'scale', 'zero point', 'SQNR', 'bytes'];
    lines.push(table([header, ...r.layers.map(layerRow)], 'lllllllrr'));
  }
  if (r.activations.length) {
    const scales = r.activations.map((a) => a.scale);
    lines.push('');
    lines.push(
      `activations: ${r.activations.length} tensor(s) ${r.activations[0]!.dtype}, scales ${sci(Math.min(...scales))}..${sci(Math.max(...scales))}`,
    );
  }
  const notes = [...(json.calibration?.notes ?? []), ...r.warnings];
  if (notes.length) {
    lines.push('');
    for (const w of notes) lines.push(`note: ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

export const quantizeCommand: Command = {
  name: 'quantize',
  summary: 'quantize a model (int8 static, int8 / int4 weights, float16) and report scales, error and sizes',
  usage:
    'scaledown quantize IN OUT --mode int8|int8-weights|int4-weights|float16 [--granularity per-channel|per-tensor] ' +
    '[--calibration DATA] [--method minmax|percentile|entropy|mse] [--onnx-format qdq|qoperator] [--json]',
  optionHelp: [
    '  --mode MODE                int8 (static: weights, biases and activations), int8-weights,',
    '                             int4-weights, float16',
    '  --granularity G            per-channel (default) or per-tensor weight scales',
    '  --asymmetric               asymmetric weights (uint8 / uint4 with a zero point)',
    '  --block-size N             int4-weights: one scale per N weights along the input axis',
    '  --calibration DATA         int8: a .npz/.npy file (array x, samples along the first axis) or',
    '                             "mnist" for the built-in digits (0..1)',
    ...CALIBRATION_HELP,
    '  --method M                 calibration ranges: minmax (default), percentile, entropy, mse',
    '  --percentile P             for --method percentile: the share kept, in % (default 99.99)',
    '  --activations T            int8: activation type int8 (default) or uint8',
    '  --onnx-format F            int8 on ONNX: qdq (default; QuantizeLinear/DequantizeLinear around float',
    '                             ops) or qoperator (QLinearConv, QLinearMatMul, int8 MaxPool…: smaller)',
    '  --io T                     int8 on TFLite: int8 (default, as TFLM wants) or float inputs/outputs',
    '  --per-channel-fc           int8 on TFLite: per-channel FULLY_CONNECTED weights (newer runtimes)',
    '  --float-fallback           int8 on TFLite: keep ops without an int8 kernel in float instead of failing',
    '  --compact-names            ONNX: short opaque names (s0, z0, q0…) for the tensors quantization adds',
    '  --keep-float NODE[,NODE]   leave these nodes (by name or id) in float',
    '  --json                     print the report as JSON on stdout',
  ],
  notes: [
    "Static int8 needs calibration data. The output format is the input's (OUT: .onnx or .tflite).",
    'Progress goes to stderr (not with --json).',
  ],
  options: {
    mode: { type: 'string' },
    granularity: { type: 'string' },
    asymmetric: { type: 'boolean' },
    'block-size': { type: 'string' },
    ...CALIBRATION_OPTIONS,
    method: { type: 'string' },
    percentile: { type: 'string' },
    activations: { type: 'string' },
    'onnx-format': { type: 'string' },
    io: { type: 'string' },
    'per-channel-fc': { type: 'boolean' },
    'float-fallback': { type: 'boolean' },
    'compact-names': { type: 'boolean' },
    'keep-float': { type: 'string', multiple: true },
  },
  minPositionals: 2,
  maxPositionals: 2,
  async run(args: ParsedArgs, io: CommandIO): Promise<number> {
    const [input, output] = args.positionals as [string, string];
    const json = flag(args, 'json');
    const mode = oneOf(args, 'mode', MODES);
    if (!mode) throw new UsageError('needs --mode (int8, int8-weights, int4-weights or float16)');
    const granularity = oneOf(args, 'granularity', ['per-channel', 'per-tensor'] as const);
    const method = oneOf(args, 'method', METHODS) ?? 'minmax';
    const activations = oneOf(args, 'activations', ['int8', 'uint8'] as const);
    const onnxFormat = oneOf(args, 'onnx-format', ONNX_FORMATS);
    if (onnxFormat !== undefined && mode !== 'int8')
      throw new UsageError(`--onnx-format applies to --mode int8 only (${mode} writes DequantizeLinear nodes alone)`);
    const ioType = oneOf(args, 'io', ['int8', 'float'] as const);
    const perChannelFc = flag(args, 'per-channel-fc');
    const floatFallback = flag(args, 'float-fallback');
    if ((ioType !== undefined || perChannelFc || floatFallback) && mode !== 'int8')
      throw new UsageError(`--io, --per-channel-fc and --float-fallback apply to --mode int8 only`);
    const blockSize = numberOption(args, 'block-size', (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
    const percentile = numberOption(args, 'percentile', (n) => n > 0 && n <= 100, 'a percentage in (0, 100]');
    const { source, options: dataOptions } = calibrationArgs(args);
    if (mode === 'int8' && source === undefined)
      throw new UsageError('static int8 needs calibration data: add --calibration DATA (a .npz/.npy file, or "mnist")');
    if (mode !== 'int8' && source !== undefined)
      throw new UsageError(`--calibration applies to --mode int8 only (${mode} needs no data)`);

    const { model, files } = loadModel([input], io.cwd);
    checkOutputFormat(model, input, output);
    if (onnxFormat !== undefined && model.format !== 'onnx')
      throw new UsageError(`--onnx-format applies to ONNX models, not ${FORMAT_NAMES[model.format]}`, input);
    if ((ioType !== undefined || perChannelFc || floatFallback) && model.format !== 'tflite')
      throw new UsageError(`--io, --per-channel-fc and --float-fallback apply to TFLite models`, input);

    const keep = nodeIdsNamed(model, listOption(args, 'keep-float'), 'keep-float', input);
    const overrides = Object.fromEntries(keep.map((id) => [id, { keepFloat: true }]));

    let calibration: QuantizeJson['calibration'];
    let activationRanges: QuantizeOptions['activationRanges'];
    if (mode === 'int8' && source !== undefined) {
      const data = calibrationData(model, source, io.cwd, dataOptions);
      const progress = json ? undefined : progressLine(io);
      const what = `calibrating on ${data.samples} samples`;
      try {
        const result = await calibrate(model, data.feeds, {
          method,
          ...(percentile !== undefined ? { percentile } : {}),
          total: data.batches,
          ...(progress ? { onProgress: (fraction: number) => progress.update(what, fraction) } : {}),
        });
        activationRanges = result.ranges;
      } finally {
        progress?.done();
      }
      calibration = { data: source, samples: data.samples, method, notes: data.notes };
    }

    const { model: quantized, report } = quantizeModel(model, {
      mode,
      ...(granularity ? { granularity } : {}),
      ...(flag(args, 'asymmetric') ? { symmetric: false } : {}),
      ...(blockSize !== undefined ? { blockSize } : {}),
      ...(activations ? { activationDType: activations } : {}),
      ...(onnxFormat ? { onnxFormat } : {}),
      ...(ioType ? { ioType } : {}),
      ...(perChannelFc ? { perChannelFullyConnected: true } : {}),
      ...(floatFallback ? { allowFloatFallback: true } : {}),
      ...(flag(args, 'compact-names') ? { compactNames: true } : {}),
      ...(activationRanges ? { activationRanges } : {}),
      ...(Object.keys(overrides).length ? { overrides } : {}),
    });
    const result: QuantizeJson = {
      input,
      ...writeOutput(quantized, input, output, io.cwd, files[0]!.bytes.byteLength),
      mode,
      ...(model.format === 'onnx' && mode === 'int8' ? { onnxFormat: onnxFormat ?? 'qdq' } : {}),
      ...(calibration ? { calibration } : {}),
      report,
    };
    io.stdout(json ? `${jsonSafe(result)}\n` : textReport(result));
    return 0;
  },
};
