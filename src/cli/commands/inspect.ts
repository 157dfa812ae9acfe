import { analyzeModel, type ModelAnalysis, type Model, type Shape } from '../../core/index';
import { flag, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel } from '../load-model';
import { formatBytes, formatCount, formatMacs, formatShapeText, table } from '../text-format';

const ACTIVATION_DTYPES = ['int8', 'stored'] as const;
type ActivationDType = (typeof ACTIVATION_DTYPES)[number];

/** The JSON of DESIGN.md "The command line contract" for `inspect --json` (plus a few extras). */
export interface InspectJson {
  readonly format: string;
  readonly inputs: readonly { name: string; dtype: string; shape: Shape | null }[];
  readonly outputs: readonly { name: string; dtype: string; shape: Shape | null }[];
  readonly nodeCount: number;
  readonly ops: Readonly<Record<string, number>>;
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  readonly peakStep: number;
  readonly activationDType: ActivationDType;
  /** Activations of unknown size: peak and arena leave them out, so they are lower bounds. */
  readonly unknownSizeTensors: number;
  /** Nodes whose MACs are unknown for lack of a shape (counted as 0). */
  readonly unknownMacsNodes: number;
  readonly layers: readonly {
    name: string;
    op: string;
    params: number;
    weightBytes: number;
    macs: number;
    outputBytes: number;
  }[];
}

/** The inspect JSON of an analysis. */
export function inspectJson(a: ModelAnalysis): InspectJson {
  const io = (t: ModelAnalysis['inputs'][number]) => ({ name: t.name, dtype: t.dtype, shape: t.shape ?? null });
  return {
    format: a.format,
    inputs: a.inputs.map(io),
    outputs: a.outputs.map(io),
    nodeCount: a.nodeCount,
    ops: a.opsHistogram,
    params: a.params,
    weightBytes: a.weightBytes,
    macs: a.macs,
    peakActivationBytes: a.peakActivationBytes,
    arenaBytes: a.arenaBytes,
    peakStep: a.peakStep,
    activationDType: a.activationDType,
    unknownSizeTensors: a.unknownSizeTensors,
    unknownMacsNodes: a.unknownMacsNodes,
    layers: a.layers.map((l) => ({
      name: l.name || l.nodeId,
      op: l.op,
      params: l.params,
      weightBytes: l.weightBytes,
      macs: l.macs,
      outputBytes: l.outputBytes,
    })),
  };
}

function describeModel(file: string, model: Model): string {
  const opsets = model.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  const producer = [model.producer?.name, model.producer?.version].filter(Boolean).join(' ');
  const details = [model.format.toUpperCase(), opsets && `opset ${opsets}`, producer && `from ${producer}`].filter(
    Boolean,
  );
  return `${file}  (${details.join(', ')})`;
}

/** The readable summary and per-layer table. */
export function inspectText(file: string, model: Model, a: ModelAnalysis): string {
  const io = (list: ModelAnalysis['inputs']) =>
    list.map((t) => `${t.name} ${t.dtype} ${formatShapeText(t.shape)}`).join('; ') || '-';
  const ops = Object.entries(a.opsHistogram)
    .sort((x, y) => y[1] - x[1])
    .map(([op, n]) => `${op}×${n}`)
    .join(', ');
  const peakNode = a.layers[a.schedule[a.peakStep] ?? -1];
  const asInt8 = a.activationDType === 'int8' ? ' (activations as int8)' : '';
  const summary = table(
    [
      ['inputs', io(a.inputs)],
      ['outputs', io(a.outputs)],
      ['nodes', `${formatCount(a.nodeCount)}${ops ? `: ${ops}` : ''}`],
      ['params', `${formatCount(a.params)} (${formatBytes(a.weightBytes)} of weights)`],
      [
        'MACs',
        `${formatCount(a.macs)}${a.macs >= 1000 ? ` (${formatMacs(a.macs)})` : ''}${a.unknownMacsNodes ? `, ${a.unknownMacsNodes} nodes unknown` : ''}`,
      ],
      [
        'peak memory',
        `${formatBytes(a.peakActivationBytes)} of activations${asInt8} at step ${a.peakStep}${peakNode ? ` (${peakNode.name || peakNode.nodeId})` : ''}`,
      ],
      ['arena', `${formatBytes(a.arenaBytes)} (TFLM greedy plan, 16-byte aligned)`],
      ...(a.unknownSizeTensors
        ? [['unknown', `${a.unknownSizeTensors} activations of unknown size: memory figures are lower bounds`]]
        : []),
    ],
    'll',
    200,
  );
  const rows = [
    ['#', 'name', 'op', 'params', 'weights', 'MACs', 'output', 'shape'],
    ...a.layers.map((l, i) => [
      String(i),
      l.name || l.nodeId,
      l.op,
      formatCount(l.params),
      formatBytes(l.weightBytes),
      l.macsKnown ? formatCount(l.macs) : '?',
      formatBytes(l.outputBytes),
      l.outputShapes.map(formatShapeText).join(' '),
    ]),
  ];
  return `${describeModel(file, model)}\n${summary}\n\n${table(rows, 'rllrrrrl')}\n`;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'format, inputs, outputs, ops, params, MACs and activation memory of a model',
  usage: 'scaledown inspect MODEL [COMPANION...] [--json] [--activation-dtype int8]',
  optionHelp: [
    '  --json                     print the analysis as JSON on stdout (nothing else)',
    '  --activation-dtype int8    count float activations as 1 byte per element (default: as stored)',
  ],
  notes: [
    'Companion files (ONNX external data, TF.js weight shards) may follow the model. Companions the',
    "model refers to but that were not given are read from the model's own folder.",
    'MACs are at batch 1 (symbolic dimensions count as 1). The arena is a TFLM-style greedy plan.',
  ],
  options: { 'activation-dtype': { type: 'string' } },
  minPositionals: 1,
  run(args: ParsedArgs, io: CommandIO): number {
    const [file] = args.positionals as [string];
    const dtype = stringOption(args, 'activation-dtype') ?? 'stored';
    if (!(ACTIVATION_DTYPES as readonly string[]).includes(dtype))
      throw new UsageError(`--activation-dtype must be ${ACTIVATION_DTYPES.join(' or ')}, not '${dtype}'`, file);
    const { model } = loadModel(args.positionals, io.cwd);
    const analysis = analyzeModel(model, { activationDType: dtype as ActivationDType });
    if (flag(args, 'json')) io.stdout(`${JSON.stringify(inspectJson(analysis))}\n`);
    else io.stdout(inspectText(file, model, analysis));
    return 0;
  },
};
