// TFLite kernels on builder-made one-op graphs with hand-computed outputs (NHWC, TFLite weight layouts,
// padding rules, fused activations, masks), and quantized tensors handled as real values on their grid.
import { describe, expect, it } from 'vitest';
import { GraphBuilder, attr, type AttributeInput } from '../ir/builder';
import type { DType } from '../ir/dtype';
import type { Quantization } from '../ir/types';
import { tfliteOptionAttributes as options } from '../formats/tflite';
import { patchTensors, tfliteModel, tinyConvModel } from '../formats/tflite/test-models';
import { runModel, runModelTensors, type RuntimeTensor } from './index';

interface In {
  readonly shape: number[];
  readonly values: number[];
  /** Constant (weights, shapes, axes) rather than a fed input. */
  readonly constant?: boolean;
  readonly dtype?: DType;
}

const c = (shape: number[], values: number[], dtype: DType = 'float32'): In => ({
  shape,
  values,
  constant: true,
  dtype,
});
const x = (shape: number[], values: number[]): In => ({ shape, values });
const seq = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

/** Runs one TFLite op; returns its outputs. */
async function run(
  op: string,
  ins: readonly (In | undefined)[],
  given: Record<string, AttributeInput> = {},
  outputs = 1,
): Promise<RuntimeTensor[]> {
  const b = new GraphBuilder(op);
  const feeds: Record<string, { data: Float32Array; shape: number[] }> = {};
  const ids = ins.map((input, i) => {
    if (!input) return '';
    const name = `in${i}`;
    if (!input.constant) {
      b.input(name, 'float32', input.shape);
      feeds[name] = { data: Float32Array.from(input.values), shape: input.shape };
      return name;
    }
    const data = input.dtype === 'int32' ? Int32Array.from(input.values) : Float32Array.from(input.values);
    return b.constant(name, data, input.shape);
  });
  const outs = b.node(op, ids, options(op, given), { outputs, dtype: 'float32' });
  b.output(...outs);
  const result = await runModelTensors(tfliteModel(b), feeds);
  return outs.map((id) => result[id]!);
}

function values(t: RuntimeTensor | undefined): number[] {
  // + 0 turns −0 into 0.
  return Array.from(t!.data, (v) => Math.round(v * 1e5) / 1e5 + 0);
}

describe('TFLite convolutions', () => {
  const image = x([1, 3, 3, 1], seq(9));
  const diagonal = c([1, 2, 2, 1], [1, 0, 0, 1]);
  const bias = c([1], [10]);

  it('CONV_2D: VALID and SAME (stride 2, padding after only), channels in OHWI', async () => {
    const [valid] = await run('CONV_2D', [image, diagonal, bias], { padding: 'VALID', stride_w: 1, stride_h: 1 });
    expect(valid!.shape).toEqual([1, 2, 2, 1]);
    expect(values(valid)).toEqual([16, 18, 22, 24]);
    const [same] = await run('CONV_2D', [image, diagonal, bias], { padding: 'SAME', stride_w: 2, stride_h: 2 });
    expect(values(same)).toEqual([16, 13, 17, 19]);
    // 1×1 convolution, 2 in → 2 out: out0 = p·(1, 2), out1 = p·(−1, 1); no bias input.
    const pixels = x([1, 1, 2, 2], [1, 2, 3, 4]);
    const [mix] = await run('CONV_2D', [pixels, c([2, 1, 1, 2], [1, 2, -1, 1]), undefined], {
      stride_w: 1,
      stride_h: 1,
    });
    expect(values(mix)).toEqual([5, 1, 11, 1]);
  });

  it('DEPTHWISE_CONV_2D with depth_multiplier 2 (output channel c·2 + m reads channel c)', async () => {
    const input = x([1, 2, 2, 2], [1, 10, 2, 20, 3, 30, 4, 40]);
    const filter = c([1, 2, 2, 4], [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    const [y] = await run('DEPTHWISE_CONV_2D', [input, filter, c([4], [1, 2, 3, 4])], {
      padding: 'VALID',
      stride_w: 1,
      stride_h: 1,
      depth_multiplier: 2,
    });
    expect(y!.shape).toEqual([1, 1, 1, 4]);
    expect(values(y)).toEqual([11, 22, 303, 404]);
  });

  it('TRANSPOSE_CONV: stride 2 VALID replicates, stride 1 SAME sums overlapping taps', async () => {
    const input = x([1, 2, 2, 1], [1, 2, 3, 4]);
    const ones = c([1, 2, 2, 1], [1, 1, 1, 1]);
    const [up] = await run('TRANSPOSE_CONV', [c([4], [1, 4, 4, 1], 'int32'), ones, input, c([1], [0.5])], {
      padding: 'VALID',
      stride_w: 2,
      stride_h: 2,
    });
    expect(values(up)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4].map((v) => v + 0.5));
    const [same] = await run('TRANSPOSE_CONV', [c([4], [1, 2, 2, 1], 'int32'), ones, input], {
      padding: 'SAME',
      stride_w: 1,
      stride_h: 1,
    });
    expect(values(same)).toEqual([1, 3, 4, 10]);
  });

  it('FULLY_CONNECTED over rows, with keep_num_dims and without bias', async () => {
    const input = x([1, 2, 3], seq(6));
    const w = c([2, 3], [1, 0, -1, 1, 1, 1]);
    const [kept] = await run('FULLY_CONNECTED', [input, w, c([2], [0.5, -0.5])], { keep_num_dims: 1 });
    expect(kept!.shape).toEqual([1, 2, 2]);
    expect(values(kept)).toEqual([-1.5, 5.5, -1.5, 14.5]);
    const [flat] = await run('FULLY_CONNECTED', [input, w, undefined], { fused_activation_function: 'RELU' });
    expect(flat!.shape).toEqual([2, 2]);
    expect(values(flat)).toEqual([0, 6, 0, 15]);
  });
});

describe('TFLite element-wise ops and activations', () => {
  it('broadcast arithmetic with fused activations', async () => {
    const a = x([1, 2, 2], [-1, 2, 5, 8]);
    const [add] = await run('ADD', [a, c([2], [1, 0])], { fused_activation_function: 'RELU6' });
    expect(values(add)).toEqual([0, 2, 6, 6]);
    const [sub] = await run('SUB', [a, c([1], [3])], { fused_activation_function: 'RELU_N1_TO_1' });
    expect(values(sub)).toEqual([-1, -1, 1, 1]);
    const [mul] = await run('MUL', [a, c([2], [0.5, -0.25])], { fused_activation_function: 'TANH' });
    expect(values(mul)).toEqual([-0.5, -0.5, 2.5, -2].map((v) => Math.round(Math.tanh(v) * 1e5) / 1e5));
    const [div] = await run('DIV', [a, c([2], [2, 4])]);
    expect(values(div)).toEqual([-0.5, 0.5, 2.5, 2]);
    const [min] = await run('MINIMUM', [a, c([], [3])]);
    const [max] = await run('MAXIMUM', [a, c([], [3])]);
    expect([values(min), values(max)]).toEqual([
      [-1, 2, 3, 3],
      [3, 3, 5, 8],
    ]);
  });

  it('activations', async () => {
    const v = x([5], [-4, -1, 0, 1, 7]);
    const [relu] = await run('RELU', [v]);
    const [relu6] = await run('RELU6', [v]);
    const [leaky] = await run('LEAKY_RELU', [v], { alpha: attr.float(0.1) });
    const [hswish] = await run('HARD_SWISH', [v]);
    const [logistic] = await run('LOGISTIC', [v]);
    const [tanh] = await run('TANH', [v]);
    expect(values(relu)).toEqual([0, 0, 0, 1, 7]);
    expect(values(relu6)).toEqual([0, 0, 0, 1, 6]);
    expect(values(leaky)).toEqual([-0.4, -0.1, 0, 1, 7]);
    expect(values(hswish)).toEqual([0, -1 / 3, 0, 2 / 3, 7].map((n) => Math.round(n * 1e5) / 1e5));
    expect(values(logistic)[2]).toBe(0.5);
    expect(values(tanh)[3]).toBe(Math.round(Math.tanh(1) * 1e5) / 1e5);
  });

  it('SOFTMAX with beta', async () => {
    const [y] = await run('SOFTMAX', [x([1, 2], [0, Math.LN2 / 2])], { beta: attr.float(2) });
    expect(values(y)).toEqual([0.33333, 0.66667]);
  });
});

describe('TFLite pooling, reductions and resizing', () => {
  const image = x([1, 3, 3, 1], seq(9));
  const window = { padding: 'SAME', stride_w: 2, stride_h: 2, filter_width: 2, filter_height: 2 };

  it('AVERAGE_POOL_2D divides by the elements inside the input; MAX_POOL_2D', async () => {
    const [avg] = await run('AVERAGE_POOL_2D', [image], window);
    expect(values(avg)).toEqual([3, 4.5, 7.5, 9]);
    const [max] = await run('MAX_POOL_2D', [image], window);
    expect(values(max)).toEqual([5, 6, 8, 9]);
  });

  it('MEAN with and without keep_dims', async () => {
    const input = x([1, 2, 2, 1], [1, 2, 3, 4]);
    const [kept] = await run('MEAN', [input, c([2], [1, 2], 'int32')], { keep_dims: 1 });
    expect([kept!.shape, values(kept)]).toEqual([[1, 1, 1, 1], [2.5]]);
    const [dropped] = await run('MEAN', [input, c([2], [1, 2], 'int32')]);
    expect(dropped!.shape).toEqual([1, 1]);
  });

  it('RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR (plain, half-pixel, align-corners)', async () => {
    const [nearest] = await run('RESIZE_NEAREST_NEIGHBOR', [x([1, 2, 2, 1], [1, 2, 3, 4]), c([2], [4, 4], 'int32')]);
    expect(values(nearest)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const row = x([1, 1, 2, 1], [0, 4]);
    const size = c([2], [1, 4], 'int32');
    const [plain] = await run('RESIZE_BILINEAR', [row, size]);
    const [half] = await run('RESIZE_BILINEAR', [row, size], { half_pixel_centers: 1 });
    const [corners] = await run('RESIZE_BILINEAR', [row, size], { align_corners: 1 });
    expect(values(plain)).toEqual([0, 2, 4, 4]);
    expect(values(half)).toEqual([0, 1, 3, 4]);
    expect(values(corners)).toEqual([0, 1.33333, 2.66667, 4]);
  });
});

describe('TFLite shape and data-movement ops', () => {
  const grid = x(
    [3, 4],
    Array.from({ length: 12 }, (_, i) => i),
  );

  it('RESHAPE (shape input or new_shape), SQUEEZE, EXPAND_DIMS, TRANSPOSE', async () => {
    const [r1] = await run('RESHAPE', [grid, c([2], [-1, 2], 'int32')]);
    expect(r1!.shape).toEqual([6, 2]);
    const [r2] = await run('RESHAPE', [grid], { new_shape: [2, 6] });
    expect(r2!.shape).toEqual([2, 6]);
    const [s1] = await run('SQUEEZE', [x([1, 3, 1], [1, 2, 3])]);
    const [s2] = await run('SQUEEZE', [x([1, 3, 1], [1, 2, 3])], { squeeze_dims: [0] });
    expect([s1!.shape, s2!.shape]).toEqual([[3], [3, 1]]);
    const [e] = await run('EXPAND_DIMS', [x([1, 3], [1, 2, 3]), c([], [-1], 'int32')]);
    expect(e!.shape).toEqual([1, 3, 1]);
    const [t] = await run('TRANSPOSE', [x([2, 3], seq(6)), c([2], [1, 0], 'int32')]);
    expect([t!.shape, values(t)]).toEqual([
      [3, 2],
      [1, 4, 2, 5, 3, 6],
    ]);
  });

  it('CONCATENATION, PAD, PADV2, GATHER', async () => {
    const [cat] = await run('CONCATENATION', [x([1, 2], [1, 2]), x([1, 1], [3])], { axis: -1 });
    expect(values(cat)).toEqual([1, 2, 3]);
    const pads = c([2, 2], [0, 0, 1, 2], 'int32');
    const [pad] = await run('PAD', [x([1, 2], [1, 2]), pads]);
    const [padv2] = await run('PADV2', [x([1, 2], [1, 2]), pads, c([], [9])]);
    expect([values(pad), values(padv2)]).toEqual([
      [0, 1, 2, 0, 0],
      [9, 1, 2, 9, 9],
    ]);
    const [g] = await run('GATHER', [x([2, 3], seq(6)), c([2], [2, 0], 'int32')], { axis: 1 });
    expect([g!.shape, values(g)]).toEqual([
      [2, 2],
      [3, 1, 6, 4],
    ]);
  });

  it('STRIDED_SLICE with end_mask, shrink_axis_mask and a negative stride', async () => {
    const i32 = (v: number[]): In => c([v.length], v, 'int32');
    const [a] = await run('STRIDED_SLICE', [grid, i32([1, 0]), i32([0, 4]), i32([1, 2])], { end_mask: 1 });
    expect([a!.shape, values(a)]).toEqual([
      [2, 2],
      [4, 6, 8, 10],
    ]);
    const [b] = await run('STRIDED_SLICE', [grid, i32([2, 1]), i32([3, 3]), i32([1, 1])], { shrink_axis_mask: 1 });
    expect([b!.shape, values(b)]).toEqual([[2], [9, 10]]);
    const [r] = await run('STRIDED_SLICE', [grid, i32([0, -1]), i32([1, 0]), i32([1, -1])], { end_mask: 2 });
    expect([r!.shape, values(r)]).toEqual([
      [1, 4],
      [3, 2, 1, 0],
    ]);
  });

  it('SPLIT (axis first), PACK, UNPACK', async () => {
    const [p, q] = await run('SPLIT', [c([], [1], 'int32'), x([2, 4], [0, 1, 2, 3, 4, 5, 6, 7])], { num_splits: 2 }, 2);
    expect([values(p), values(q)]).toEqual([
      [0, 1, 4, 5],
      [2, 3, 6, 7],
    ]);
    const [packed] = await run('PACK', [x([2], [1, 2]), x([2], [3, 4])], { values_count: 2, axis: 1 });
    expect([packed!.shape, values(packed)]).toEqual([
      [2, 2],
      [1, 3, 2, 4],
    ]);
    const [u0, u1] = await run('UNPACK', [x([2, 2], [1, 2, 3, 4])], { num: 2, axis: 0 }, 2);
    expect([u0!.shape, values(u0), values(u1)]).toEqual([[2], [1, 2], [3, 4]]);
  });
});

describe('quantized TFLite tensors (real values on their grid)', () => {
  const perTensor = (scale: number, zeroPoint: number): Quantization => ({ scale: [scale], zeroPoint: [zeroPoint] });

  it('QUANTIZE snaps onto the int8 grid (rounding half away, clamping); DEQUANTIZE passes real values', async () => {
    const b = new GraphBuilder('q');
    const input = b.input('x', 'float32', [4]);
    const q = b.op('QUANTIZE', [input], {}, { outputs: ['q'], dtype: 'int8', shape: [4] });
    b.output(b.op('DEQUANTIZE', [q], {}, { outputs: ['y'], dtype: 'float32', shape: [4] }));
    const model = tfliteModel(b);
    const graph = patchTensors(model.graph, { q: { quant: perTensor(0.5, 1) } });
    const out = await runModelTensors({ ...model, graph }, { x: Float32Array.of(0.2, 0.25, -100, 0.75) });
    // q = clamp(round(x / 0.5) + 1): 1, 2, −128, 3 → real 0.5·(q − 1).
    expect(Array.from(out['y']!.data)).toEqual([0, 0.5, -64.5, 1]);
    expect(out['y']!.dtype).toBe('float32');
  });

  it('dequantizes integer feeds of quantized inputs and runs a full-int8 graph', async () => {
    const b = new GraphBuilder('int8');
    const input = b.input('x', 'int8', [1, 2]);
    const w = b.constant('w', Int8Array.of(2, -4), [1, 2]);
    b.output(
      b.op('FULLY_CONNECTED', [input, w, ''], options('FULLY_CONNECTED'), {
        outputs: ['y'],
        dtype: 'int8',
        shape: [1, 1],
      }),
    );
    const model = tfliteModel(b);
    const graph = patchTensors(model.graph, {
      x: { quant: perTensor(0.5, 2) },
      w: { quant: perTensor(0.25, 0) },
      y: { quant: perTensor(0.1, 0) },
    });
    // x = 0.5·([6, 0] − 2) = [2, −1]; w = [0.5, −1]; y = 1 + 1 = 2 (on the 0.1 grid).
    const out = await runModel({ ...model, graph }, { x: Int8Array.of(6, 0) });
    expect(out['y']![0]).toBeCloseTo(2, 6);
    // Float feeds are real values, snapped onto the input's grid: 2.2 → 2, −1.1 → −1.
    const snapped = await runModel(
      { ...model, graph },
      { x: Float32Array.of(2.2, -1.1) },
      {
        observe: new Set(['x']),
        onTensor: (_, v) => expect(Array.from(v)).toEqual([2, -1]),
      },
    );
    expect(snapped['y']![0]).toBeCloseTo(2, 6);
    // The format's own test model: QUANTIZE → int8 conv → FC → SOFTMAX, probabilities on a 1/256 grid.
    const tiny = tinyConvModel();
    const probs = Object.values(await runModel(tiny, { input: new Float32Array(192).map((_, i) => Math.sin(i)) }))[0]!;
    expect(probs.length).toBe(10);
    expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 1);
    for (const p of probs) expect(Math.abs(p * 256 - Math.round(p * 256))).toBeLessThan(1e-4);
  });
});
