// Channel pruning of small ONNX graphs, one per rewrite case. Each pruned model is run in
// onnxruntime-node against the original with the removed channels zeroed (filters, biases and the
// per-channel constants after them): the outputs must agree, which proves every consumer was rewired to
// the right channels.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { writeOnnx } from '../../../formats/onnx/index';
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { seededRandom } from '../../../util/random';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import type { PruneLayerReport, PruneOptions } from '../types';
import { pruneChannels } from './index';
import {
  bnCnn,
  caffe2Cnn,
  cntkCnn,
  concatCnn,
  depthwiseCnn,
  kerasMlp,
  residualCnn,
  zeroChannels,
  type ZeroSpec,
} from './test-graphs';

const HALF: PruneOptions = { method: 'channels', sparsity: 0.5, minElements: 0 };

function dataInputs(model: Model): { id: string; dims: number[] }[] {
  return model.graph.inputs
    .map((id) => model.graph.tensors.find((t) => t.id === id)!)
    .filter((t) => !t.data)
    .map((t) => ({ id: t.id, dims: (t.shape ?? []).map((d) => (typeof d === 'number' ? d : 2)) }));
}

/** Outputs of `model` in onnxruntime on seeded random inputs, with their dims. */
export async function runOrt(model: Model, seed = 1): Promise<{ data: Float32Array; dims: readonly number[] }[]> {
  const [file] = writeOnnx(model);
  const session = await ort.InferenceSession.create(file!.bytes);
  try {
    const random = seededRandom(seed);
    const feeds: Record<string, ort.Tensor> = {};
    for (const { id, dims } of dataInputs(model)) {
      const n = dims.reduce((a, b) => a * b, 1);
      feeds[id] = new ort.Tensor(
        'float32',
        Float32Array.from({ length: n }, () => random() * 2 - 1),
        dims,
      );
    }
    const out = await session.run(feeds);
    return session.outputNames.map((name) => ({ data: out[name]!.data as Float32Array, dims: out[name]!.dims }));
  } finally {
    await session.release();
  }
}

function layer(layers: readonly PruneLayerReport[], nodeId: string): PruneLayerReport {
  const found = layers.find((l) => l.nodeId === nodeId);
  if (!found) throw new Error(`no report for ${nodeId}`);
  return found;
}

/** Zero specs for a layer's removed channels: `tensors` along their axes. */
function removed(
  layers: readonly PruneLayerReport[],
  nodeId: string,
  tensors: readonly [string, number][],
): ZeroSpec[] {
  const channels = layer(layers, nodeId).removedChannels ?? [];
  return tensors.map(([tensor, axis]) => ({ tensor, axis, channels }));
}

async function expectSameAsZeroed(original: Model, pruned: Model, zero: readonly ZeroSpec[]): Promise<void> {
  expect(validateGraph(pruned.graph)).toEqual([]);
  const reference = await runOrt(zeroChannels(original, zero));
  const got = await runOrt(pruned);
  expect(got.map((o) => o.dims)).toEqual(reference.map((o) => o.dims));
  for (let k = 0; k < got.length; k++) {
    const a = got[k]!.data;
    const b = reference[k]!.data;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    expect(worst).toBeLessThan(1e-4);
  }
}

function shapeOf(model: Model, id: string): readonly unknown[] | undefined {
  return model.graph.tensors.find((t) => t.id === id)?.shape;
}

describe('pruneChannels on ONNX graphs', () => {
  it('follows BatchNormalization and Flatten → Gemm (each channel a block of H·W inputs)', async () => {
    const model = deepFreeze(bnCnn());
    const bytes = snapshotBytes(model);
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(snapshotBytes(model)).toEqual(bytes);
    expect(layer(report.layers, 'conv1')).toMatchObject({ channelsBefore: 8, channelsAfter: 4, shape: [4, 3, 3, 3] });
    expect(layer(report.layers, 'conv2')).toMatchObject({ channelsBefore: 6, channelsAfter: 3, shape: [3, 4, 3, 3] });
    expect(layer(report.layers, 'fc')).toMatchObject({ shape: [4, 48], channelsAfter: 4 });
    expect(layer(report.layers, 'fc').skipped).toMatch(/graph output/);
    for (const p of ['scale', 'B', 'mean', 'var']) expect(shapeOf(pruned, `bn1.${p}`)).toEqual([4]);
    expect(report.macsAfter!).toBeLessThan(report.macsBefore! * 0.6);
    expect(report.weightBytesAfter!).toBeLessThan(report.weightBytesBefore!);
    const zero = [
      ...removed(report.layers, 'conv1', [
        ['conv1.weight', 0],
        ['conv1.bias', 0],
        ['bn1.B', 0],
        ['bn1.mean', 0],
      ]),
      ...removed(report.layers, 'conv2', [
        ['conv2.weight', 0],
        ['conv2.bias', 0],
      ]),
    ];
    await expectSameAsZeroed(model, pruned, zero);
  });

  for (const multiplier of [1, 2]) {
    it(`makes a depthwise conv (multiplier ${multiplier}) follow the channels it reads`, async () => {
      const model = deepFreeze(depthwiseCnn(multiplier));
      const { model: pruned, report } = pruneChannels(model, HALF);
      const dw = pruned.graph.nodes.find((n) => n.id === 'dw')!;
      expect(dw.attributes['group']).toEqual({ type: 'int', value: 4 });
      expect(shapeOf(pruned, 'dw.weight')).toEqual([4 * multiplier, 1, 3, 3]);
      expect(layer(report.layers, 'dw')).toMatchObject({
        channelsBefore: 8 * multiplier,
        channelsAfter: 4 * multiplier,
      });
      const zero = [
        ...removed(report.layers, 'conv1', [
          ['conv1.weight', 0],
          ['conv1.bias', 0],
        ]),
        ...removed(report.layers, 'dw', [
          ['dw.bias', 0],
          ['bn2.B', 0],
          ['bn2.mean', 0],
        ]),
        ...removed(report.layers, 'conv2', [
          ['conv2.weight', 0],
          ['conv2.bias', 0],
        ]),
      ];
      await expectSameAsZeroed(model, pruned, zero);
    });
  }

  it('prunes the layers meeting in a residual Add as one group', async () => {
    const model = deepFreeze(residualCnn());
    const { model: pruned, report } = pruneChannels(model, HALF);
    const a = layer(report.layers, 'conv0');
    expect(a.removedChannels).toHaveLength(4);
    expect(layer(report.layers, 'conv2').removedChannels).toEqual(a.removedChannels);
    expect(report.notes.join('\n')).toMatch(/conv0.*conv2.*pruned together/);
    const zero = ['conv0', 'conv1', 'conv2', 'conv3'].flatMap((id) =>
      removed(report.layers, id, [
        [`${id}.weight`, 0],
        [`${id}.bias`, 0],
      ]),
    );
    await expectSameAsZeroed(model, pruned, zero);
  });

  it('maps each Concat input to its slice of the output channels', async () => {
    const model = deepFreeze(concatCnn());
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(shapeOf(pruned, 'conv3.weight')).toEqual([2, 5, 3, 3]);
    const zero = ['convA', 'convB', 'conv3'].flatMap((id) =>
      removed(report.layers, id, [
        [`${id}.weight`, 0],
        [`${id}.bias`, 0],
      ]),
    );
    await expectSameAsZeroed(model, pruned, zero);
  });

  it('rewrites CNTK-style per-channel Adds, the Reshape target and a Reshape-d MatMul weight', async () => {
    const model = deepFreeze(cntkCnn());
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(layer(report.layers, 'conv').channelsAfter).toBe(3);
    expect(shapeOf(pruned, 'conv.add')).toEqual([3, 1, 1]);
    expect(shapeOf(pruned, 'W2raw')).toEqual([48, 5]);
    expect(layer(report.layers, 'times')).toMatchObject({ shape: [48, 5] });
    // IR 3: every initializer is still a graph input, and nothing else became one.
    expect(pruned.graph.inputs).toEqual(model.graph.inputs);
    const zero = removed(report.layers, 'conv', [
      ['conv.weight', 0],
      ['conv.add', 0],
    ]);
    await expectSameAsZeroed(model, pruned, zero);
  });

  it('cuts constants behind Unsqueeze and ConstantOfShape (Caffe2 style) and follows ReduceMean', async () => {
    const model = deepFreeze(caffe2Cnn());
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(shapeOf(pruned, 'shift')).toEqual([3]);
    expect(shapeOf(pruned, 'fc.weight')).toEqual([3, 2]);
    const zero = [
      ...removed(report.layers, 'conv1', [
        ['conv1.weight', 0],
        ['conv1.bias', 0],
        ['shift', 0],
      ]),
      ...removed(report.layers, 'conv2', [
        ['conv2.weight', 0],
        ['conv2.bias', 0],
      ]),
    ];
    await expectSameAsZeroed(model, pruned, zero);
  });

  it('prunes keras-style MatMul + Add dense layers (symbolic batch)', async () => {
    const model = deepFreeze(kerasMlp());
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(shapeOf(pruned, 'w1')).toEqual([6, 5]);
    const zero = [
      ...removed(report.layers, 'dense0', [
        ['w0', 1],
        ['b0', 0],
      ]),
      ...removed(report.layers, 'dense1', [
        ['w1', 1],
        ['b1', 0],
      ]),
    ];
    await expectSameAsZeroed(model, pruned, zero);
  });
});

/** input → convA (→ `tail` op) and convB → … → output; returns the model. */
function withTail(tail: (b: GraphBuilder, a: string) => string): Model {
  const b = new GraphBuilder('skip');
  const x = b.input('input', 'float32', [1, 2, 6, 6]);
  const w = b.constant(
    'convA.weight',
    Float32Array.from({ length: 8 * 2 * 9 }, (_, i) => Math.sin(i)),
    [8, 2, 3, 3],
  );
  const a = b.op('Conv', [x, w], { kernel_shape: [3, 3] }, { name: 'convA', outputs: ['a'] });
  const y = tail(b, a);
  return b.output(y).model({ opset: 13 });
}

describe('pruneChannels keeps what it cannot follow', () => {
  const cases: [string, (b: GraphBuilder, a: string) => string, RegExp][] = [
    ['a graph output', (_b, a) => a, /graph output/],
    ['a Shape reader', (b, a) => b.op('Shape', [a], {}, { name: 'shape', outputs: ['s'] }), /reads the channel count/],
    ['an LRN', (b, a) => b.op('LRN', [a], { size: 3 }, { name: 'lrn', outputs: ['l'] }), /mixes neighbouring channels/],
    [
      'a Softmax over channels',
      (b, a) => b.op('Softmax', [a], { axis: 1 }, { name: 'sm', outputs: ['p'] }),
      /normalizes over the channels/,
    ],
    [
      'an unknown op',
      (b, a) => b.op('Frobnicate', [a], {}, { name: 'f', outputs: ['q'], domain: 'x.y' }),
      /cannot follow/,
    ],
  ];
  for (const [what, tail, reason] of cases) {
    it(`refuses a layer feeding ${what}, with the reason`, () => {
      const model = withTail(tail);
      expect(() => pruneChannels(model, HALF)).toThrow(reason);
      try {
        pruneChannels(model, HALF);
      } catch (e) {
        expect(e).toBeInstanceOf(TransformError);
        expect((e as TransformError).code).toBe('not-applicable');
      }
    });
  }

  it('reports a blocked layer and prunes the others', () => {
    const model = withTail((b, a) => {
      const w = b.constant(
        'convB.weight',
        Float32Array.from({ length: 6 * 8 * 9 }, (_, i) => Math.cos(i)),
        [6, 8, 3, 3],
      );
      const c = b.op('Conv', [a, w], { kernel_shape: [3, 3] }, { name: 'convB', outputs: ['c'] });
      b.op('Shape', [c], {}, { name: 'shape', outputs: ['s'] });
      return b.op('ReduceSum', [c], { keepdims: 0 }, { name: 'sum', outputs: ['y'] });
    });
    const { model: pruned, report } = pruneChannels(model, HALF);
    expect(layer(report.layers, 'convA').channelsAfter).toBe(4);
    expect(layer(report.layers, 'convB')).toMatchObject({ channelsAfter: 6, shape: [6, 4, 3, 3] });
    expect(layer(report.layers, 'convB').skipped).toMatch(/Shape "shape" reads the channel count/);
    expect(report.notes.join('\n')).toMatch(/convB.*kept all 6 channels/);
    expect(validateGraph(pruned.graph)).toEqual([]);
  });
});

describe('pruneChannels options', () => {
  const model = deepFreeze(bnCnn());
  it('excludeFirstLast leaves the first layer whole', () => {
    const { report } = pruneChannels(model, { ...HALF, excludeFirstLast: true });
    expect(layer(report.layers, 'conv1')).toMatchObject({
      channelsAfter: 8,
      skipped: expect.stringMatching(/excludeFirstLast/),
    });
    expect(layer(report.layers, 'conv2').channelsAfter).toBe(3);
  });
  it('overrides exclude a layer or give it its own sparsity', () => {
    const { report } = pruneChannels(model, {
      ...HALF,
      overrides: { conv1: { sparsity: 0.25 }, conv2: { exclude: true } },
    });
    expect(layer(report.layers, 'conv1').channelsAfter).toBe(6);
    expect(layer(report.layers, 'conv2')).toMatchObject({ channelsAfter: 6, skipped: 'excluded by an override' });
  });
  it('rounds kept channels up to channelMultiple, keeps one at least, honours minElements', () => {
    expect(layer(pruneChannels(model, { ...HALF, channelMultiple: 4 }).report.layers, 'conv2').channelsAfter).toBe(4);
    expect(layer(pruneChannels(model, { ...HALF, sparsity: 0.99 }).report.layers, 'conv2').channelsAfter).toBe(1);
    const small = pruneChannels(model, { ...HALF, minElements: 300 }).report;
    expect(layer(small.layers, 'conv1')).toMatchObject({
      channelsAfter: 8,
      skipped: expect.stringMatching(/minElements/),
    });
    expect(layer(small.layers, 'conv2').channelsAfter).toBe(3);
  });
  it('l1 and l2 rank filters by their own norms', () => {
    for (const norm of ['l1', 'l2'] as const) {
      const { model: pruned } = pruneChannels(model, { ...HALF, norm });
      expect(validateGraph(pruned.graph)).toEqual([]);
    }
  });
  it('rejects bad options and formats it cannot prune', () => {
    const bad = (o: Partial<PruneOptions>): void => void pruneChannels(model, { ...HALF, ...o } as PruneOptions);
    expect(() => bad({ sparsity: 1 })).toThrow(/sparsity/);
    expect(() => bad({ channelMultiple: 0 })).toThrow(/channel multiple/);
    expect(() => bad({ method: 'magnitude' })).toThrow(TransformError);
    expect(() => pruneChannels({ ...model, format: 'tfjs' }, HALF)).toThrow(/ONNX and TFLite/);
    const b = new GraphBuilder('relu-only');
    b.output(b.op('Relu', [b.input('x', 'float32', [1, 4])]));
    expect(() => pruneChannels(b.model(), HALF)).toThrow(/no prunable weights/);
  });
});
