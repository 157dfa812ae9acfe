import {
  clusterModel,
  type ClusterInit,
  type ClusterOptions,
  type ClusterOverride,
  type ClusterReport,
  type ClusterStorage,
  type FormatId,
} from '../../core/index';
import { flag, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel } from '../load-model';
import { formatBytes } from '../text-format';
import {
  checkOutputFormat,
  FORMAT_NAMES,
  jsonSafe,
  listOption,
  nodeIdsNamed,
  numberOption,
  oneOf,
  writeModelFile,
} from './transform-io';
import { clusterText } from './weights-report';

/** What `cluster --json` prints. */
export interface ClusterJson {
  readonly input: string;
  readonly output: string;
  readonly format: FormatId;
  readonly options: ClusterOptions;
  /** File sizes, and output / input. */
  readonly inputBytes: number;
  readonly bytes: number;
  readonly ratio: number;
  readonly report: ClusterReport;
}

const INITS: readonly ClusterInit[] = ['linear', 'density', 'random'];
const STORAGES: readonly ClusterStorage[] = ['dense', 'codebook'];

function textReport(json: ClusterJson): string {
  const lines = [
    `${json.output}: ${FORMAT_NAMES[json.format]}, ${json.options.clusters} clusters per layer ` +
      `(${json.options.init ?? 'linear'} initialisation, ${json.options.storage ?? 'dense'} storage), ` +
      `${formatBytes(json.bytes)} (${(100 * json.ratio).toFixed(1)} % of ${formatBytes(json.inputBytes)})`,
    ...clusterText(json.report),
  ];
  return `${lines.join('\n')}\n`;
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: "cluster each layer's weights (k-means, shared values) and report SQNR and Huffman-coded storage",
  usage: 'scaledown cluster IN OUT --clusters K [--init linear|density|random] [--storage dense|codebook] [--json]',
  optionHelp: [
    '  --clusters K               shared values per layer, 2 … 256',
    '  --init I                   initial centroids: linear (default; evenly over [min, max]), density',
    '                             (at the quantiles) or random (seeded)',
    '  --storage S                dense (default: ordinary weights holding the centroids, any runtime)',
    '                             or codebook (ONNX: uint8 indices + a float codebook joined by Gather)',
    '  --iterations N             Lloyd iterations at most (default 30)',
    '  --seed N                   seed of the random initialisation (default 1)',
    '  --cluster-zeros            cluster zero weights too (default: pruned zeros stay exactly zero)',
    '  --exclude-first-last       leave the first and the last layer alone',
    '  --exclude NODE[,NODE]      leave these layers (by node name or id) alone',
    '  --min-elements N           leave weights with fewer elements alone (default 16)',
    '  --json                     print the report as JSON on stdout',
  ],
  notes: [
    "The output format is the input's (OUT: .onnx, .tflite or model.json). The report gives each layer's",
    'storage as Deep Compression counts it (Huffman-coded indices and gaps between non-zero weights, plus',
    'the codebook) and the compression ratio against float32.',
  ],
  options: {
    clusters: { type: 'string' },
    init: { type: 'string' },
    storage: { type: 'string' },
    iterations: { type: 'string' },
    seed: { type: 'string' },
    'cluster-zeros': { type: 'boolean' },
    'exclude-first-last': { type: 'boolean' },
    exclude: { type: 'string', multiple: true },
    'min-elements': { type: 'string' },
  },
  minPositionals: 2,
  maxPositionals: 2,
  run(args: ParsedArgs, io: CommandIO): number {
    const [input, output] = args.positionals as [string, string];
    const json = flag(args, 'json');
    const clusters = numberOption(
      args,
      'clusters',
      (n) => Number.isInteger(n) && n >= 2 && n <= 256,
      'a whole number from 2 to 256',
    );
    if (clusters === undefined) throw new UsageError('needs --clusters K (for example 16)');
    const init = oneOf(args, 'init', INITS);
    const storage = oneOf(args, 'storage', STORAGES);
    const iterations = numberOption(
      args,
      'iterations',
      (n) => Number.isInteger(n) && n >= 1 && n <= 10_000,
      'a whole number from 1 to 10000',
    );
    const seed = numberOption(args, 'seed', (n) => Number.isInteger(n), 'a whole number');
    const minElements = numberOption(args, 'min-elements', (n) => Number.isInteger(n) && n >= 0, 'a whole number');

    const { model, files } = loadModel([input], io.cwd);
    checkOutputFormat(model, input, output);
    const excluded = nodeIdsNamed(model, listOption(args, 'exclude'), 'exclude', input);
    const overrides: Record<string, ClusterOverride> = Object.fromEntries(
      excluded.map((id) => [id, { exclude: true }]),
    );
    const options: ClusterOptions = {
      clusters,
      ...(init ? { init } : {}),
      ...(storage ? { storage } : {}),
      ...(iterations !== undefined ? { iterations } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(flag(args, 'cluster-zeros') ? { keepZeros: false } : {}),
      ...(flag(args, 'exclude-first-last') ? { excludeFirstLast: true } : {}),
      ...(minElements !== undefined ? { minElements } : {}),
      ...(excluded.length ? { overrides } : {}),
    };
    const { model: clustered, report } = clusterModel(model, options);
    const bytes = writeModelFile(clustered, input, output, io.cwd);
    const inputBytes = files[0]!.bytes.byteLength;
    const result: ClusterJson = {
      input,
      output,
      format: model.format,
      options,
      inputBytes,
      bytes,
      ratio: bytes / inputBytes,
      report,
    };
    io.stdout(json ? `${jsonSafe(result)}\n` : textReport(result));
    return 0;
  },
};
