// The built-in recipes the studio offers and `scaledown optimize` can start from. Each says in its
// description why its values are what they are.
import { RECIPE_VERSION, type Recipe } from './types';

const recipe = (name: string, description: string, steps: Recipe['steps']): Recipe => ({
  scaledown: 'recipe',
  version: RECIPE_VERSION,
  name,
  description,
  steps,
});

/** "int8 for TFLM": clean up, then full-integer int8 as TensorFlow Lite Micro runs it. */
export const INT8_FOR_TFLM = recipe(
  'int8 for TFLM',
  'Full-integer int8, the form TensorFlow Lite Micro runs: weights int8 symmetric per output channel, ' +
    'biases int32, activations int8 with ranges calibrated on your data (min/max), and int8 inputs and ' +
    'outputs on TFLite. The clean-up first folds BatchNorm into the layers before it, fuses activations and ' +
    'drops Identity / Dropout, so fewer tensors need quantization parameters and the kernels TFLM has apply. ' +
    'About 4× smaller weights and activations; needs calibration data (a few hundred samples are plenty).',
  [
    { kind: 'cleanup', label: 'Clean up' },
    {
      kind: 'quantize',
      label: 'Full int8',
      mode: 'int8',
      granularity: 'per-channel',
      calibration: { method: 'minmax' },
    },
  ],
);

/**
 * "Deep Compression" (Han, Mao & Dally, 2016) without retraining: magnitude pruning with one threshold
 * across layers, 32 shared weights per layer, and the Huffman-coded storage in the cluster report. Tuned
 * on the LeNet-300-100 sample (scripts/deep-compression.ts): global 80 % leaves the first layer ~84 %
 * sparse and the last ~20 %, much as the paper's per-layer choices, for ≥ 10× at ≤ 1 point of top-1.
 */
export const DEEP_COMPRESSION = recipe(
  'Deep Compression',
  'Prune → cluster → Huffman, as in Han, Mao & Dally\'s "Deep Compression" (2016), without the retraining: ' +
    '80 % of the weights are set to zero with one magnitude threshold across all layers (so big, redundant ' +
    'layers lose more than small, sensitive ones, as the paper chose per layer), then each layer keeps 32 ' +
    'shared values (5-bit indices, what the paper used for fully connected layers); zeros stay zero. The ' +
    'cluster report gives the storage the paper counts: Huffman-coded indices and gaps between non-zero ' +
    'weights plus the codebooks, against float32. On the LeNet-300-100 sample: over 10× smaller for under a ' +
    'point of accuracy. Without retraining, convolutional models usually need a lower sparsity.',
  [
    { kind: 'cleanup', label: 'Clean up' },
    { kind: 'prune', label: 'Prune 80 % (global)', method: 'magnitude', sparsity: 0.8, scope: 'global' },
    { kind: 'cluster', label: '32 clusters', clusters: 32, init: 'linear', keepZeros: true },
  ],
);

/** "Clean up only": the graph clean-ups every converter runs; the outputs stay the same. */
export const CLEAN_UP_ONLY = recipe(
  'Clean up only',
  'The tidying every converter does, with the same outputs: constant folding, Identity / Dropout and no-op ' +
    'Reshapes removed, BatchNorm folded into the Conv / Gemm before it, activations fused into the op before ' +
    'them where the format has fused activations (TFLite), and nodes nothing reads removed. Fewer nodes, ' +
    'fewer tensors, often fewer bytes; a good first step before any other.',
  [{ kind: 'cleanup', label: 'Clean up' }],
);

/** "2:4 sparse + int8": semi-structured sparsity that hardware accelerates, then full int8. */
export const SPARSE_2_4_INT8 = recipe(
  '2:4 sparse + int8',
  'In every group of 4 consecutive weights along the input axis the 2 smallest become zero: 50 % ' +
    'sparsity in the fixed pattern sparse tensor cores and some NPUs run at up to twice the speed, storing ' +
    'only the 2 kept values and a 2-bit position each. Then full int8 (per-channel weights, calibrated ' +
    'activations; zero stays exactly zero on the int8 grid, so the pattern survives). Needs calibration data; ' +
    'expect a larger accuracy cost than int8 alone, since half the weights go without retraining.',
  [
    { kind: 'cleanup', label: 'Clean up' },
    { kind: 'prune', label: '2:4', method: 'n-m', n: 2, m: 4 },
    {
      kind: 'quantize',
      label: 'Full int8',
      mode: 'int8',
      granularity: 'per-channel',
      calibration: { method: 'minmax' },
    },
  ],
);

/** The built-in recipes, in the order the studio lists them. */
export const RECIPE_PRESETS: readonly Recipe[] = [INT8_FOR_TFLM, DEEP_COMPRESSION, CLEAN_UP_ONLY, SPARSE_2_4_INT8];
