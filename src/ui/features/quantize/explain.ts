// One short line per choice of the quantize panel, for workshop users who meet these words for the first time.
import type { CalibrationMethod, Granularity, QuantizeMode } from '../../../core';
import type { ProgressPhase } from '../../../workers/protocol';

export const MODES: Readonly<Record<QuantizeMode, { readonly name: string; readonly line: string }>> = {
  int8: {
    name: 'int8 static',
    line: 'Weights and activations in 8-bit integers, what MCU int8 kernels run: about 4× smaller. Needs sample inputs.',
  },
  'int8-weights': {
    name: 'int8 weights',
    line: 'Weights stored in 8 bits, the maths stays float: about 4× smaller weights, no data needed.',
  },
  'int4-weights': {
    name: 'int4 weights',
    line: 'Weights packed in 4 bits: about 8× smaller weights, with more rounding error.',
  },
  float16: {
    name: 'float16',
    line: 'Weights as half-precision floats: 2× smaller, almost no error.',
  },
};

export const GRANULARITY: Readonly<Record<Granularity, { readonly name: string; readonly line: string }>> = {
  'per-channel': {
    name: 'Per channel',
    line: 'One scale per output channel: each filter keeps its own range. Usually the more accurate choice.',
  },
  'per-tensor': {
    name: 'Per tensor',
    line: 'One scale for the whole weight: simplest, but filters with small weights lose precision.',
  },
};

export const SYMMETRY = {
  symmetric: { name: 'Symmetric', line: 'Zero stays exactly 0 (zero point 0), as MCU kernels expect.' },
  asymmetric: {
    name: 'Asymmetric',
    line: 'A zero point shifts the range to fit lopsided weights (stored unsigned).',
  },
  tfliteOnly: 'TFLite int8 weights are always symmetric (the TFLite quantization spec).',
} as const;

export const ONNX_FORMS = {
  qdq: {
    name: 'QDQ',
    line: 'QuantizeLinear / DequantizeLinear around float ops: the standard form runtimes fuse into int8 kernels.',
  },
  qoperator: {
    name: 'QOperator',
    line: 'Integer operators (QLinearConv, QLinearMatMul, int8 MaxPool): fewer nodes, a smaller file.',
  },
} as const;

export const IO_TYPES = {
  int8: { name: 'int8', line: 'The model takes and returns int8, as TFLite Micro firmware expects.' },
  float: { name: 'float', line: 'Keeps float inputs and outputs; QUANTIZE / DEQUANTIZE run at the edges.' },
} as const;

export const METHODS: Readonly<Record<CalibrationMethod, { readonly name: string; readonly line: string }>> = {
  minmax: {
    name: 'Min / max',
    line: 'The full range seen on the samples: nothing is clipped, but one outlier coarsens every step.',
  },
  percentile: {
    name: 'Percentile',
    line: 'Ignores the rarest values beyond a percentile: finer steps, a few values clipped.',
  },
  entropy: {
    name: 'Entropy (KL)',
    line: 'The range whose quantized histogram stays closest to the real one (KL divergence).',
  },
  mse: {
    name: 'Least error (MSE)',
    line: 'The range with the smallest squared rounding-plus-clipping error.',
  },
};

export const DATA = {
  mnist: {
    name: 'Built-in MNIST digits',
    line: 'Handwritten digits from the training split (never the held-out digits accuracy is measured on).',
  },
  file: {
    name: 'A file of my own',
    line: 'A .npz or .npy holding array x: one sample per row along the first axis, fed as-is.',
  },
  samples: 'How many samples run through the model to measure activation ranges: more is steadier, but slower.',
  notMnist: "This model's input is not a 28×28 digit: calibrate on samples of your own data.",
} as const;

export const PIXELS = {
  card: (range: string) => `Pixels are fed as ${range}, the input range this sample's card gives.`,
  assumed:
    'Pixels are fed as 0..1 (assumed: the model has no card). Choose 0..255 if it was trained on raw grey levels.',
  user: (range: string) => `Pixels are fed as ${range}.`,
} as const;

export const OVERRIDES = 'Keep sensitive layers (often the first and the last) in float, or give a layer other bits.';

/** What the progress line says in each phase. */
export const PHASES: Readonly<Partial<Record<ProgressPhase, string>>> = {
  read: 'Loading the data',
  calibrate: 'Calibrating',
  quantize: 'Quantizing',
  write: 'Writing the file',
  shapes: 'Analysing',
  analysis: 'Analysing',
  graph: 'Building the graph',
  layout: 'Laying out',
};

// Each phase's share of the bar: calibration is where the time goes.
const SPAN: Readonly<Partial<Record<ProgressPhase, readonly [number, number]>>> = {
  read: [0, 0.05],
  calibrate: [0.05, 0.8],
  quantize: [0.8, 0.87],
  write: [0.87, 0.9],
  shapes: [0.9, 0.92],
  analysis: [0.92, 0.94],
  graph: [0.94, 0.96],
  layout: [0.96, 1],
};

/** The share of the whole job done, 0..1. */
export function overallFraction(phase: ProgressPhase, fraction: number): number {
  const [from, to] = SPAN[phase] ?? [0, 1];
  return from + (to - from) * Math.min(1, Math.max(0, fraction));
}
