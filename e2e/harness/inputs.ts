// Inputs the conformance harness feeds a model: seeded random values over each input's range, and the
// corpus data that fits the model (images, a KWS feature map, an anomaly-detection clip).
import { seededRandom } from '../../src/core/util/random';
import { readTfliteIo, type TfliteQuantization } from '../../src/workers/runtimes/tflite-io';
import type { TfliteArray, TfliteDataType, TfliteTensorInfo } from '../../src/workers/runtimes/tflite-runtime';
import { TFLITE_ARRAYS } from '../../src/workers/runtimes/tflite-values';
import { decodeBmp, frameWindows, greyToRgb, readFloat32LE, type Image } from './decode';

/** One set of inputs (one value array per model input), and the real values they stand for when known. */
export interface InputSet {
  readonly label: string;
  readonly values: TfliteArray[];
  readonly real?: Float32Array;
}

/** Reads a corpus file (path relative to the corpus folder), or undefined when it is absent. */
export type CorpusReader = (relative: string) => Promise<Uint8Array | undefined>;

const INT_RANGES: Partial<Record<TfliteDataType, [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  bool: [0, 1],
  int16: [-32768, 32767],
  // Wide integer inputs are usually indices or lengths: keep them small.
  int32: [-1000, 1000],
  uint32: [0, 1000],
};

// Float inputs carry no range in the file; these cover normalised, unit and wider values.
const FLOAT_RANGES: readonly [number, number][] = [
  [-1, 1],
  [0, 1],
  [-4, 4],
];

/** `count` random input sets for a model, seeded 1..count. */
export function randomInputs(inputs: readonly TfliteTensorInfo[], count: number): InputSet[] {
  return Array.from({ length: count }, (_, k) => {
    const random = seededRandom(k + 1);
    const [lo, hi] = FLOAT_RANGES[k % FLOAT_RANGES.length]!;
    const values = inputs.map((info) => {
      const array = new TFLITE_ARRAYS[info.dtype](info.size);
      const ints = INT_RANGES[info.dtype];
      for (let i = 0; i < array.length; i++)
        array[i] = ints ? ints[0] + Math.floor(random() * (ints[1] - ints[0] + 1)) : lo + random() * (hi - lo);
      return array;
    });
    const range = inputs.every((i) => INT_RANGES[i.dtype]) ? 'full range' : `floats in [${lo}, ${hi})`;
    return { label: `random seed ${k + 1} (${range})`, values };
  });
}

// TFLite rounds half away from zero when quantizing (std::round in its reference kernels).
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/** Real values quantized with a tensor's per-tensor scale and zero point, saturated to int8. */
export function quantizeInt8(values: ArrayLike<number>, q: TfliteQuantization): Int8Array {
  const scale = q.scale[0]!;
  const zero = q.zeroPoint[0] ?? 0;
  return Int8Array.from({ length: values.length }, (_, i) =>
    Math.min(127, Math.max(-128, roundHalfAway(values[i]! / scale) + zero)),
  );
}

/** Real values of int8 values quantized with per-tensor parameters. */
export function dequantize(values: ArrayLike<number>, q: TfliteQuantization): Float32Array {
  const scale = q.scale[0]!;
  const zero = q.zeroPoint[0] ?? 0;
  return Float32Array.from({ length: values.length }, (_, i) => scale * (values[i]! - zero));
}

const PERSON_IMAGES = ['person', 'no_person'].map((n) => `data/tflm_person_detection_bmp/${n}.bmp`);
const KWS_SAMPLE = 'data/mlperf_tiny/kws01/kws_input_sample0_int8_49x10.bin';
const AD_CLIP = 'data/mlperf_tiny/ad01/normal_id_01_00000000_hist_librosa.bin';
// The KWS sample is stored quantized with the int8 model's input parameters (MANIFEST.md: scale 0.5847,
// zero point 83); the float model takes the real values.
const KWS_INT8_MODEL = 'models/tflite/mlperf_kws_dscnn_int8.tflite';

type Maker = (input: TfliteTensorInfo, read: CorpusReader) => Promise<InputSet[]>;

// TFLM's person_detection test images differ in how they store grey levels: person.bmp holds the int8
// values the model takes (grey − 128) as raw bytes, so viewed as a plain image its bright areas wrap to
// black; no_person.bmp holds plain grey levels. (TFLM's own test copies either file's bytes into the int8
// input unchanged.) Both are turned into plain grey levels here.
const STORED_AS_INT8 = new Set(['person.bmp']);

/** Plain grey levels (0..255, top row first) of a corpus person-detection image. */
function greyLevels(image: Image, name: string): Image {
  if (!STORED_AS_INT8.has(name)) return image;
  return { ...image, pixels: image.pixels.map((p) => p ^ 0x80) };
}

const images = async (read: CorpusReader, use: (image: Image, name: string) => InputSet): Promise<InputSet[]> => {
  const sets: InputSet[] = [];
  for (const path of PERSON_IMAGES) {
    const bytes = await read(path);
    const name = path.split('/').pop()!;
    if (bytes) sets.push(use(greyLevels(decodeBmp(bytes), name), name));
  }
  return sets;
};

const adWindows = async (read: CorpusReader): Promise<Float32Array[]> => {
  const bytes = await read(AD_CLIP);
  return bytes ? frameWindows(readFloat32LE(bytes), 128, 5) : [];
};

const windowLabel = (i: number) => `${AD_CLIP.split('/').pop()} window ${i}`;

/** Corpus data for each model that has some, keyed by model file name. */
const CORPUS_INPUTS: Record<string, Maker> = {
  // TFLM's person_detection image providers feed grey − 128.
  'tflm_person_detect_int8.tflite': (_, read) =>
    images(read, (image, label) => ({ label, values: [Int8Array.from(image.pixels, (p) => p - 128)] })),
  'mlperf_vww_mobilenetv1_96_int8.tflite': (input, read) =>
    images(read, (image, label) => {
      const real = Float32Array.from(greyToRgb(image).pixels, (p) => p / 255);
      return { label, values: [quantizeInt8(real, quantizationOf(input))], real };
    }),
  'mlperf_vww_mobilenetv1_96_float.tflite': (_, read) =>
    images(read, (image, label) => {
      const real = Float32Array.from(greyToRgb(image).pixels, (p) => p / 255);
      return { label, values: [real], real };
    }),
  'mlperf_kws_dscnn_int8.tflite': async (_, read) => {
    const bytes = await read(KWS_SAMPLE);
    return bytes ? [{ label: 'kws_input_sample0', values: [new Int8Array(bytes.slice().buffer)] }] : [];
  },
  'mlperf_kws_dscnn_float32_hybrid.tflite': async (_, read) => {
    const [bytes, int8Model] = [await read(KWS_SAMPLE), await read(KWS_INT8_MODEL)];
    if (!bytes) return [];
    const q = (int8Model && readTfliteIo(int8Model).inputs[0]?.quantization) || {
      scale: [0.5847029089927673],
      zeroPoint: [83],
      axis: 0,
    };
    const real = dequantize(new Int8Array(bytes.slice().buffer), q);
    return [{ label: 'kws_input_sample0 (dequantized)', values: [real], real }];
  },
  'mlperf_ad_autoencoder_float.tflite': async (_, read) =>
    (await adWindows(read)).map((real, i) => ({ label: windowLabel(i), values: [real], real })),
  'mlperf_ad_autoencoder_int8.tflite': async (input, read) =>
    (await adWindows(read)).map((real, i) => ({
      label: windowLabel(i),
      values: [quantizeInt8(real, quantizationOf(input))],
      real,
    })),
};

function quantizationOf(input: TfliteTensorInfo): TfliteQuantization {
  if (!input.quantization) throw new Error(`input "${input.name}" has no quantization parameters`);
  return input.quantization;
}

/** The corpus data that fits a model (empty when there is none or the data is absent). */
export function corpusInputs(
  model: string,
  inputs: readonly TfliteTensorInfo[],
  read: CorpusReader,
): Promise<InputSet[]> {
  const make = CORPUS_INPUTS[model];
  const first = inputs[0];
  return make && first && inputs.length === 1 ? make(first, read) : Promise.resolve([]);
}
