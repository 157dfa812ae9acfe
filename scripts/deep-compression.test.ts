// The Deep Compression acceptance on the committed LeNet-300-100 sample: the preset recipe (prune → cluster →
// Huffman, no retraining) stores the weights ≥ 10× smaller than float32 and loses ≤ 1 point of held-out top-1
// in onnxruntime-node. The float top-1 is the card's (lenet-sample.test.ts checks the file reproduces it).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readOnnx } from '../src/core/formats/onnx/index';
import { DEEP_COMPRESSION } from '../src/core/recipes/presets';
import { LENET_CARD_FILE, SAMPLES_DIR, type SampleCard } from './sample/card';
import { deepCompression, type DeepCompressionResult } from './sample/deep-compression-run';
import { loadSplit } from './sample/mnist-data';

const samplesDir = resolve(fileURLToPath(import.meta.url), '../..', SAMPLES_DIR);

describe('Deep Compression on the LeNet-300-100 sample', () => {
  let card: SampleCard;
  let result: DeepCompressionResult;

  beforeAll(async () => {
    card = JSON.parse(readFileSync(join(samplesDir, LENET_CARD_FILE), 'utf8')) as SampleCard;
    const model = readOnnx([{ name: card.file, bytes: new Uint8Array(readFileSync(join(samplesDir, card.file))) }]);
    result = await deepCompression(model, loadSplit().heldOut, card.heldOut.top1, DEEP_COMPRESSION);
  });

  it('stores the weights at least 10× smaller than float32', () => {
    expect(result.float32Bytes).toBe(4 * card.params);
    expect(result.compressionRatio).toBeGreaterThanOrEqual(10);
    expect(result.totalBytes).toBe(
      result.huffmanIndexBytes + result.huffmanPositionBytes + result.codebookBytes + 4 * (300 + 100 + 10),
    );
  });

  it('loses at most one point of held-out top-1, without retraining', () => {
    expect(result.lossPoints).toBeLessThanOrEqual(1);
    expect(result.top1).toBeGreaterThan(0.96);
  });

  it('prunes the big first layer hardest (one global threshold) and keeps at most 32 values per layer', () => {
    const [fc1, fc2, fc3] = result.layers;
    expect(result.sparsity).toBeCloseTo(0.8, 3);
    expect(fc1!.sparsity).toBeGreaterThan(fc2!.sparsity);
    expect(fc2!.sparsity).toBeGreaterThan(fc3!.sparsity);
    expect(result.layers.every((l) => l.clusters >= 2 && l.clusters <= 32)).toBe(true);
  });
});
