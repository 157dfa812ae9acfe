// Channel pruning of TFLite models: builder-made NHWC graphs and every TFLite model of the corpus (float,
// int8 per-axis, hybrid). The pruned model, written and read back, must give the same outputs in the
// reference executor as the original with the removed channels zeroed (filters and biases of every layer
// that lost channels), and keep its input and output shapes.
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runModel } from '../../../execute/index';
import { readTflite, writeTflite } from '../../../formats/tflite/index';
import type { Model } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { seededRandom } from '../../../util/random';
import { CORPUS_DIR, hasCorpus, listFiles, readBytes } from '../../../../test-support/corpus';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import type { PruneReport } from '../types';
import { pruneChannels } from './index';
import { multiplierTflite, residualTflite, zeroedTfliteOriginal } from './tflite-test-graphs';

function ioShapes(model: Model): unknown[] {
  const shape = (id: string): unknown => model.graph.tensors.find((t) => t.id === id)?.shape;
  return [...model.graph.inputs.map(shape), ...model.graph.outputs.map(shape)];
}

async function outputs(model: Model, seed: number): Promise<Float32Array[]> {
  const random = seededRandom(seed);
  const feeds: Record<string, Float32Array> = {};
  for (const id of model.graph.inputs) {
    const t = model.graph.tensors.find((x) => x.id === id)!;
    const n = (t.shape ?? []).reduce<number>((a, d) => a * (typeof d === 'number' ? d : 1), 1);
    feeds[id] = Float32Array.from({ length: n }, () => random());
  }
  const out = await runModel(model, feeds);
  return model.graph.outputs.map((id) => out[id]!);
}

async function expectSameAsZeroed(original: Model, pruned: Model, report: PruneReport): Promise<number> {
  expect(validateGraph(pruned.graph)).toEqual([]);
  expect(ioShapes(pruned)).toEqual(ioShapes(original));
  // A kept shape_signature agrees with the new shape wherever it is not dynamic (−1).
  for (const t of pruned.graph.tensors) {
    const sig = (t.extras?.['tflite'] as { shapeSignature?: number[] } | undefined)?.shapeSignature;
    if (sig)
      expect(
        sig.map((d, i) => (d < 0 ? t.shape?.[i] : d)),
        t.id,
      ).toEqual(t.shape);
  }
  const [file] = writeTflite(pruned);
  const reread = readTflite([file!]);
  const reference = await outputs(zeroedTfliteOriginal(original, report), 3);
  const got = await outputs(reread, 3);
  let worst = 0;
  got.forEach((a, k) => a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - reference[k]![i]!)))));
  expect(worst).toBeLessThan(1e-4);
  return file!.bytes.byteLength;
}

describe('pruneChannels on TFLite graphs', () => {
  it('prunes a residual block with a depthwise conv and an NHWC Flatten → FULLY_CONNECTED', async () => {
    const model = deepFreeze(residualTflite());
    const bytes = snapshotBytes(model);
    const { model: pruned, report } = pruneChannels(model, { method: 'channels', sparsity: 0.5, minElements: 0 });
    expect(snapshotBytes(model)).toEqual(bytes);
    const byId = (id: string) => report.layers.find((l) => l.nodeId === id)!;
    expect(byId('conv0').removedChannels).toEqual(byId('conv2').removedChannels);
    expect(byId('dw')).toMatchObject({ channelsAfter: 4, shape: [1, 3, 3, 4] });
    expect(byId('fc').shape).toEqual([4, 64]);
    const flat = pruned.graph.nodes.find((n) => n.id === 'flat')!;
    expect(flat.attributes['new_shape']).toEqual({ type: 'ints', value: [1, 64] });
    expect(pruned.graph.tensors.find((t) => t.id === 'pool')?.shape).toEqual([1, 4, 4, 4]);
    await expectSameAsZeroed(model, pruned, report);
  });

  it('treats a depthwise conv over one channel as a producer and sets its multiplier', async () => {
    const model = deepFreeze(multiplierTflite());
    const { model: pruned, report } = pruneChannels(model, { method: 'channels', sparsity: 0.5, minElements: 0 });
    const stem = pruned.graph.nodes.find((n) => n.id === 'stem')!;
    expect(stem.attributes['depth_multiplier']).toEqual({ type: 'int', value: 3 });
    expect(report.layers.find((l) => l.nodeId === 'dw')).toMatchObject({ channelsBefore: 12, channelsAfter: 6 });
    await expectSameAsZeroed(model, pruned, report);
  });
});

const CORPUS_TFLITE = listFiles(`${CORPUS_DIR}/models/tflite`, ['.tflite']);

describe.skipIf(!hasCorpus())('pruneChannels on the corpus TFLite models', () => {
  for (const path of CORPUS_TFLITE) {
    const name = basename(path);
    it(`${name}: 50 % of channels, same outputs as the zeroed original`, async () => {
      const model = readTflite([{ name, bytes: readBytes(path) }]);
      const { model: pruned, report } = pruneChannels(model, { method: 'channels', sparsity: 0.5 });
      const size = await expectSameAsZeroed(model, pruned, report);
      expect(report.macsAfter!).toBeLessThan(report.macsBefore!);
      const cut = 1 - report.macsAfter! / report.macsBefore!;
      console.log(
        `${name}: MACs ${report.macsBefore} → ${report.macsAfter} (−${(100 * cut).toFixed(1)} %), ` +
          `weights ${report.weightBytesBefore} → ${report.weightBytesAfter} B, file ${size} B`,
      );
    });
  }
});
