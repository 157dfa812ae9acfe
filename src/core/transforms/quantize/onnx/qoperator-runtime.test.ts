// The QOperator form's operators in onnxruntime-node on small built graphs: every data-movement op run on
// int8 tensors, the Gemm as a 1-D QLinearConv, float fallbacks (Sigmoid, Softmax, a Clip that does not
// fold), uint8 activations. Each file must run, stay close to the float model, and give the QDQ form's
// results: both forms share their parameters. The Python onnx checker accepts every QOperator file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModels } from '../../../../test-support/onnx/conformance';
import { writeOnnx } from '../../../formats/onnx/index';
import type { Model } from '../../../ir/types';
import { seededRandom } from '../../../util/random';
import { calibrate } from '../calibration/calibrate';
import { quantizeModel } from '../index';
import type { QuantizeOptions } from '../types';
import { clipNet, movesNet, tinyCnn } from './test-models';

async function run(bytes: Uint8Array, feeds: readonly Float32Array[], shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out: number[] = [];
    for (const x of feeds) {
      const result = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', x, shape) });
      for (const name of session.outputNames) out.push(...(result[name]!.data as Float32Array));
    }
    return Float32Array.from(out);
  } finally {
    await session.release();
  }
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

const CASES: readonly { name: string; model: () => Model; shape: number[]; options?: Partial<QuantizeOptions> }[] = [
  { name: 'every int8 data-movement op, Sigmoid and Softmax fallbacks', model: movesNet, shape: [1, 2, 4, 4] },
  { name: 'Conv → Clip(0, 6) folded', model: () => clipNet(0, 6), shape: [1, 1, 6, 6] },
  { name: 'Conv → Clip(0.3, 0.8) kept in float', model: () => clipNet(0.3, 0.8), shape: [1, 1, 6, 6] },
  { name: 'uint8 activations', model: tinyCnn, shape: [1, 1, 8, 8], options: { activationDType: 'uint8' } },
];

const dir = mkdtempSync(join(tmpdir(), 'scaledown-qoperator-'));
const files: string[] = [];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('QOperator form in onnxruntime', () => {
  for (const [k, c] of CASES.entries()) {
    it(`${c.name}: runs, close to float, same results as QDQ`, async () => {
      const model = c.model();
      const n = c.shape.reduce((a, b) => a * b, 1);
      const random = seededRandom(5);
      const feeds = Array.from({ length: 24 }, () => Float32Array.from({ length: n }, () => 2 * random() - 0.5));
      const { ranges } = await calibrate(
        model,
        feeds.slice(0, 16).map((x) => ({ [model.graph.inputs[0]!]: x })),
      );
      const test = feeds.slice(16);
      const written = (onnxFormat: 'qdq' | 'qoperator'): Uint8Array =>
        writeOnnx(quantizeModel(model, { mode: 'int8', activationRanges: ranges, onnxFormat, ...c.options }).model)[0]!
          .bytes;
      const float = await run(writeOnnx(model)[0]!.bytes, test, c.shape);
      const qdq = await run(written('qdq'), test, c.shape);
      const file = written('qoperator');
      const qoperator = await run(file, test, c.shape);
      const path = join(dir, `case${k}.onnx`);
      writeFileSync(path, file);
      files.push(path);
      expect(qoperator.length).toBe(float.length);
      expect(cosine(float, qoperator)).toBeGreaterThan(0.99);
      let gap = 0;
      for (let i = 0; i < qdq.length; i++) gap = Math.max(gap, Math.abs(qdq[i]! - qoperator[i]!));
      expect(gap).toBeLessThan(1e-5);
    });
  }

  it('the onnx checker accepts every QOperator file', () => {
    expect(files).toHaveLength(CASES.length);
    const checked = checkModels(files, dir);
    if (!checked.available) {
      console.warn(`[skip] onnx checker: ${checked.reason}`);
      return;
    }
    for (const f of files) expect(checked.results[f] ?? null, f).toBeNull();
  });
});
