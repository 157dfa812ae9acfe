// The corpus's float TFLite models quantized to full int8 and compared with the int8 files the TFLite
// converter made from the same float models: same structure, op versions and tensor types, about the
// same size. (Their outputs are checked in the real interpreter by e2e/tflite-quantize.spec.ts.)
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusPath, hasCorpus, readBytes } from '../../../../test-support/corpus';
import { readTflite, writeTflite } from '../../../formats/tflite';
import type { Model, Node } from '../../../ir/types';
import { seededRandom } from '../../../util/random';
import { calibrate } from '../calibration/calibrate';
import { quantizeTflite } from './index';

const read = (name: string): Model => readTflite([{ name, bytes: readBytes(corpusPath(`models/tflite/${name}`)) }]);
const versionOf = (n: Node): number => (n.extras?.['tflite'] as { version?: number } | undefined)?.version ?? 1;
const opVersions = (m: Model) => m.graph.nodes.map((n) => `${n.op} v${versionOf(n)}`);

/** `count` seeded samples in [lo, hi) for the model's one input (calibration only: shapes matter here). */
function samples(model: Model, count: number, lo: number, hi: number) {
  const input = model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;
  const size = (input.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : 1), 1);
  const random = seededRandom(7);
  return Array.from({ length: count }, () => ({
    [input.id]: Float32Array.from({ length: size }, () => lo + (hi - lo) * random()),
  }));
}

const CASES = [
  { model: 'tflm_hello_world_float.tflite', reference: 'tflm_hello_world_int8.tflite', lo: 0, hi: 6.28, count: 32 },
  {
    model: 'mlperf_ad_autoencoder_float.tflite',
    reference: 'mlperf_ad_autoencoder_int8.tflite',
    lo: -60,
    hi: 10,
    count: 8,
  },
  { model: 'mlperf_ic_resnet8_float.tflite', reference: 'mlperf_ic_resnet8_int8.tflite', lo: 0, hi: 255, count: 3 },
  {
    model: 'mlperf_vww_mobilenetv1_96_float.tflite',
    reference: 'mlperf_vww_mobilenetv1_96_int8.tflite',
    lo: 0,
    hi: 1,
    count: 3,
  },
];

describe.skipIf(!hasCorpus())(`full int8 of the corpus float TFLite models (${CORPUS_DIR})`, () => {
  for (const c of CASES) {
    it(`${c.model} mirrors ${c.reference}`, async () => {
      const model = read(c.model);
      const reference = read(c.reference);
      const { ranges } = await calibrate(model, samples(model, c.count, c.lo, c.hi));
      const result = quantizeTflite(model, { mode: 'int8', activationRanges: ranges });
      const [file] = writeTflite(result.model);
      const ours = readTflite([file!]);
      // Same ops in the same order, with the converter's operator versions.
      expect(opVersions(ours)).toEqual(opVersions(reference));
      // The same tensors: types and quantization layouts (scales, axis), and which are constants.
      const layout = (m: Model) =>
        m.graph.tensors
          .map(
            (t) =>
              `${t.data ? 'const ' : ''}${t.dtype}${t.quant ? `/${t.quant.scale.length}@${t.quant.axis ?? 0}` : ''}`,
          )
          .sort();
      expect(layout(ours)).toEqual(layout(reference));
      const size = file!.bytes.byteLength / readBytes(corpusPath(`models/tflite/${c.reference}`)).byteLength;
      console.log(
        `[tflite int8] ${c.model}: ${file!.bytes.byteLength} bytes, ${(100 * size).toFixed(2)}% of ${c.reference}`,
      );
      expect(Math.abs(size - 1)).toBeLessThan(0.05);
      expect(result.report.totals.bytesAfter).toBe(
        reference.graph.tensors.reduce((n, t) => n + (t.data?.bytes?.byteLength ?? 0), 0),
      );
    });
  }
});
