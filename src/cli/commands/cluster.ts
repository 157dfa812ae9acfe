import {
  clusterModel,
  type ClusterInit,
  type ClusterOptions,
  type ClusterReport,
  type ClusterStorage,
} from '../../core/index';
import { flag, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { LAYER_CHOICE_OPTIONS, layerChoiceHelp, runLayerTransform, type LayerTransformJson } from './layer-transform';
import { numberOption, oneOf } from './transform-io';
import { clusterText } from './weights-report';

/** What `cluster --json` prints. */
export type ClusterJson = LayerTransformJson<ClusterOptions, ClusterReport>;

const INITS: readonly ClusterInit[] = ['linear', 'density', 'random'];
const STORAGES: readonly ClusterStorage[] = ['dense', 'codebook'];

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
    ...layerChoiceHelp('layer'),
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
    ...LAYER_CHOICE_OPTIONS,
  },
  minPositionals: 2,
  maxPositionals: 2,
  run(args: ParsedArgs, io: CommandIO): number {
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

    return runLayerTransform<ClusterOptions, ClusterReport>(args, io, {
      options: (choice) => ({
        clusters,
        ...(init ? { init } : {}),
        ...(storage ? { storage } : {}),
        ...(iterations !== undefined ? { iterations } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(flag(args, 'cluster-zeros') ? { keepZeros: false } : {}),
        ...choice,
      }),
      transform: clusterModel,
      headline: ({ options }) =>
        `, ${options.clusters} clusters per layer ` +
        `(${options.init ?? 'linear'} initialisation, ${options.storage ?? 'dense'} storage)`,
      reportText: clusterText,
    });
  },
};
