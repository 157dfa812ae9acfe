// Compares a float TFLite model with a quantized version of it in the interpreter, on the same real-valued
// inputs: each sample is fed as floats to the float model and, quantized with the other model's input
// parameters when its input is int8, to the quantized one; outputs are compared as real values
// (dequantized). Runs in the harness page (bundled by serve.ts).
import type { TfliteArray, TfliteSession, TfliteTensorInfo } from '../../src/workers/runtimes/tflite-runtime';
import { dequantize, quantizeInt8 } from './inputs';

export interface QuantizedJob {
  readonly float: string;
  readonly quantized: string;
  /** Raw little-endian float32 samples, one after another (each the size of the model's input). */
  readonly inputs: string;
}

/** Summary of a list of numbers. */
export interface Spread {
  readonly min: number;
  readonly mean: number;
}

export interface QuantizedReport {
  readonly samples: number;
  readonly floatInput: TfliteTensorInfo;
  readonly quantizedInput: TfliteTensorInfo;
  readonly quantizedOutput: TfliteTensorInfo;
  /** Cosine similarity of each sample's output vector (quantized, dequantized) to the float one. */
  readonly cosine: Spread;
  /** Cosine over all samples' outputs taken as one vector (meaningful for one-value outputs). */
  readonly overallCosine: number;
  readonly maxAbsError: number;
  /** Share of samples whose largest output is the same element (classifiers: several outputs, no autoencoder). */
  readonly argmaxAgreement?: number;
  /** The sample with the lowest cosine, with both outputs when they are small (≤ 16 values). */
  readonly worst: { readonly sample: number; readonly float?: number[]; readonly quantized?: number[] };
  /** Mean over samples of the mean squared error between output and input (autoencoders). */
  readonly reconstructionMse?: { readonly float: number; readonly quantized: number };
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    aa += a[i]! ** 2;
    bb += b[i]! ** 2;
  }
  if (aa === 0 && bb === 0) return 1;
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb);
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return sum / a.length;
}

function realOutput(value: TfliteArray, info: TfliteTensorInfo): Float32Array {
  return info.quantization && info.dtype !== 'float32'
    ? dequantize(value, info.quantization)
    : Float32Array.from(value);
}

function feed(real: Float32Array, info: TfliteTensorInfo): TfliteArray {
  if (info.dtype === 'float32') return real;
  if (info.dtype === 'int8' && info.quantization) return quantizeInt8(real, info.quantization);
  throw new Error(`input "${info.name}" is ${info.dtype}: only float32 and quantized int8 inputs are fed`);
}

/** Runs both sessions over the samples and compares their real-valued outputs. */
export function compareSessions(
  floatModel: TfliteSession,
  quantized: TfliteSession,
  data: Float32Array,
): QuantizedReport {
  const floatInput = floatModel.inputs[0]!;
  const quantizedInput = quantized.inputs[0]!;
  const quantizedOutput = quantized.outputs[0]!;
  if (floatModel.inputs.length !== 1 || quantized.inputs.length !== 1)
    throw new Error('the comparison handles models with one input');
  const size = floatInput.size;
  if (data.length % size !== 0) throw new Error(`the inputs file does not hold whole samples of ${size} values`);
  const samples = data.length / size;
  const cosines: number[] = [];
  const allFloat: number[] = [];
  const allQuant: number[] = [];
  let agree = 0;
  let maxAbsError = 0;
  let reconstructionFloat = 0;
  let reconstructionQuant = 0;
  const autoencoder = size > 1 && floatModel.outputs[0]!.size === size;
  let worst: QuantizedReport['worst'] = { sample: -1 };
  let worstCosine = Infinity;
  for (let s = 0; s < samples; s++) {
    const real = data.subarray(s * size, (s + 1) * size);
    const x = realOutput(floatModel.run([real])[0]!, floatModel.outputs[0]!);
    const y = realOutput(quantized.run([feed(real, quantizedInput)])[0]!, quantizedOutput);
    const c = cosine(x, y);
    cosines.push(c);
    if (c < worstCosine) {
      worstCosine = c;
      worst = { sample: s, ...(x.length <= 16 ? { float: Array.from(x), quantized: Array.from(y) } : {}) };
    }
    x.forEach((v, i) => {
      allFloat.push(v);
      allQuant.push(y[i]!);
      maxAbsError = Math.max(maxAbsError, Math.abs(v - y[i]!));
    });
    if (argmax(x) === argmax(y)) agree++;
    if (autoencoder) {
      reconstructionFloat += mse(x, real);
      reconstructionQuant += mse(y, real);
    }
  }
  return {
    samples,
    floatInput,
    quantizedInput,
    quantizedOutput,
    cosine: { min: Math.min(...cosines), mean: cosines.reduce((a, b) => a + b, 0) / samples },
    overallCosine: cosine(allFloat, allQuant),
    maxAbsError,
    worst,
    ...(floatModel.outputs[0]!.size > 1 && !autoencoder ? { argmaxAgreement: agree / samples } : {}),
    ...(autoencoder
      ? { reconstructionMse: { float: reconstructionFloat / samples, quantized: reconstructionQuant / samples } }
      : {}),
  };
}
