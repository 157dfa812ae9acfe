import { describe, expect, it } from 'vitest';
import { deepFreeze, snapshotBytes } from '../../../../test-support/deep-freeze';
import { TransformError } from '../../../errors';
import { readTflite, writeTflite } from '../../../formats/tflite';
import { tinyConvModel } from '../../../formats/tflite/test-models';
import { typedView } from '../../../ir/tensor';
import type { Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import { calibrate } from '../calibration/calibrate';
import { quantizeModel } from '../index';
import type { QuantizeOptions } from '../types';
import { quantizeTflite, type TfliteQuantizeOptions } from './index';
import { floatCnn, floatConcat, floatDense, floatOpZoo, randomFeeds } from './test-models';

async function rangesOf(model: Model, lo = -1, hi = 1) {
  return (await calibrate(model, randomFeeds(model, 16, lo, hi))).ranges;
}

const tensorOf = (model: Model, id: string): Tensor => {
  const t = model.graph.tensors.find((x) => x.id === id);
  if (!t) throw new Error(`no tensor ${id}`);
  return t;
};
const nodeOf = (model: Model, op: string): Node => model.graph.nodes.find((n) => n.op === op)!;
const versionOf = (n: Node): number => (n.extras?.['tflite'] as { version?: number } | undefined)?.version ?? 1;
const values = (t: Tensor) => Array.from(typedView(t.dtype, t.data!.bytes!) as ArrayLike<number>);

async function quantized(model: Model, extra: Partial<TfliteQuantizeOptions> = {}) {
  const activationRanges = await rangesOf(model);
  const frozen = deepFreeze(model);
  const bytes = snapshotBytes(frozen);
  const result = quantizeTflite(frozen, { mode: 'int8', activationRanges, ...extra });
  expect(snapshotBytes(frozen)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  return result;
}

describe('full-integer int8 TFLite', () => {
  it('follows the TFLite int8 spec op by op, with int8 inputs and outputs', async () => {
    const { model, report } = await quantized(floatCnn());
    const g = model.graph;
    // Inputs and outputs are int8 under their original ids (no QUANTIZE / DEQUANTIZE).
    expect(g.nodes.map((n) => n.op)).toEqual([
      'CONV_2D',
      'DEPTHWISE_CONV_2D',
      'ADD',
      'AVERAGE_POOL_2D',
      'RESHAPE',
      'FULLY_CONNECTED',
      'SOFTMAX',
    ]);
    expect(tensorOf(model, 'input').dtype).toBe('int8');
    // Versions of the int8 kernels (op_version.cc).
    expect(Object.fromEntries(g.nodes.map((n) => [n.op, versionOf(n)]))).toEqual({
      CONV_2D: 3,
      DEPTHWISE_CONV_2D: 3,
      ADD: 2,
      AVERAGE_POOL_2D: 2,
      RESHAPE: 1,
      FULLY_CONNECTED: 4,
      SOFTMAX: 2,
    });
    // SOFTMAX output: (1/256, -128); AVERAGE_POOL_2D and RESHAPE keep their input's parameters.
    expect(tensorOf(model, 'probs').quant).toMatchObject({ scale: [1 / 256], zeroPoint: [-128] });
    const sum = tensorOf(model, 'sum').quant!;
    for (const id of ['pool', 'flat'])
      expect(tensorOf(model, id).quant).toMatchObject({ scale: sum.scale, zeroPoint: sum.zeroPoint });
    // RELU6 narrows the depthwise output to [0, 6].
    const dq = tensorOf(model, 'depthwise').quant!;
    expect(dq.zeroPoint[0]).toBe(-128);
    expect(dq.scale[0]! * 255).toBeLessThanOrEqual(6 + 1e-6);

    // Conv weights: int8 per axis 0, symmetric in [-127, 127], scale = max|w| / 127 per channel.
    const cw = tensorOf(model, 'conv/weights');
    expect(cw.dtype).toBe('int8');
    expect(cw.quant!.axis ?? 0).toBe(0);
    expect(cw.quant!.scale).toHaveLength(4);
    expect(cw.quant!.zeroPoint).toEqual([0, 0, 0, 0]);
    expect(Math.min(...values(cw))).toBeGreaterThanOrEqual(-127);
    const original = floatCnn().graph.tensors.find((t) => t.id === 'conv/weights')!;
    const w = values(original);
    for (let c = 0; c < 4; c++) {
      const channel = w.slice(c * 27, (c + 1) * 27).map(Math.abs);
      expect(cw.quant!.scale[c]).toBeCloseTo(Math.max(...channel) / 127, 7);
    }
    // Depthwise weights per axis 3.
    expect(tensorOf(model, 'dw/weights').quant!.axis).toBe(3);
    // FULLY_CONNECTED weights per tensor (as the converter's files have them).
    expect(tensorOf(model, 'fc/weights').quant!.scale).toHaveLength(1);
    // Bias int32 with scale s_input · s_weight[c] to the 1e-6 the int8 kernels check.
    const sIn = tensorOf(model, 'input').quant!.scale[0]!;
    const cb = tensorOf(model, 'conv/bias');
    expect(cb.dtype).toBe('int32');
    cb.quant!.scale.forEach((s, c) => expect(Math.abs(s - sIn * cw.quant!.scale[c]!) / s).toBeLessThan(1e-6));

    // The report: one row per weight and bias, activations with their parameters, sizes about a quarter.
    expect(report.layers.filter((l) => l.role === 'weight')).toHaveLength(3);
    expect(report.layers.filter((l) => l.role === 'bias')).toHaveLength(3);
    expect(report.totals.minWeightSqnrDb).toBeGreaterThan(30);
    expect(report.totals.ratio).toBeLessThan(0.35);
    expect(report.activations.find((a) => a.tensor === 'probs')).toMatchObject({ scale: 1 / 256, zeroPoint: -128 });
  });

  it('applies the spec restrictions of PAD, MAX_POOL_2D, LOGISTIC, TANH, CONCATENATION, MEAN, SQUEEZE', async () => {
    const { model } = await quantized(floatOpZoo());
    const q = (id: string) => {
      const p = tensorOf(model, id).quant!;
      return { scale: p.scale[0], zeroPoint: p.zeroPoint[0] };
    };
    expect(q('padded')).toEqual(q('conv'));
    expect(q('pooled')).toEqual(q('padded'));
    expect(q('gate')).toEqual({ scale: 1 / 256, zeroPoint: -128 });
    expect(q('squash')).toEqual({ scale: 1 / 128, zeroPoint: 0 });
    expect(q('reshaped')).toEqual(q('mean'));
    expect(q('squeezed')).toEqual(q('mean'));
    const concat = nodeOf(model, 'CONCATENATION');
    for (const id of concat.inputs) expect(q(id)).toEqual(q('joined'));
    // SUB's constant operand is int8 like an activation, over its own range.
    expect(tensorOf(model, 'centre')).toMatchObject({ dtype: 'int8' });
    expect(Object.fromEntries(model.graph.nodes.map((n) => [n.op, versionOf(n)]))).toMatchObject({
      PAD: 2,
      MAX_POOL_2D: 2,
      SUB: 2,
      LOGISTIC: 2,
      TANH: 2,
      MUL: 2,
      CONCATENATION: 2,
      MEAN: 2,
      SQUEEZE: 1,
    });
  });

  it('writes a file the TFLite reader reads back to the same model', async () => {
    const { model } = await quantized(floatCnn());
    const [file] = writeTflite(model);
    const back = readTflite([file!]);
    expect(back.graph.nodes.map((n) => [n.op, versionOf(n)])).toEqual(
      model.graph.nodes.map((n) => [n.op, versionOf(n)]),
    );
    for (const t of model.graph.tensors) {
      const r = tensorOf(back, t.id);
      expect(r.dtype).toBe(t.dtype);
      expect(r.quant?.scale).toEqual(t.quant?.scale);
      expect(r.quant?.zeroPoint).toEqual(t.quant?.zeroPoint);
      if (t.data) expect(r.data?.bytes).toEqual(t.data.bytes);
    }
  });

  it('keeps float inputs and outputs with QUANTIZE and DEQUANTIZE at the edges', async () => {
    const { model } = await quantized(floatCnn(), { ioType: 'float' });
    const g = model.graph;
    expect(g.nodes[0]!.op).toBe('QUANTIZE');
    expect(g.nodes.at(-1)!).toMatchObject({ op: 'DEQUANTIZE', outputs: ['probs'] });
    expect(versionOf(g.nodes.at(-1)!)).toBe(2);
    expect(g.inputs).toEqual(['input']);
    expect(tensorOf(model, 'input').dtype).toBe('float32');
    expect(tensorOf(model, 'probs').dtype).toBe('float32');
    expect(tensorOf(model, g.nodes[0]!.outputs[0]!).dtype).toBe('int8');
  });

  it('keeps an overridden layer in float between DEQUANTIZE and QUANTIZE', async () => {
    const model = floatCnn();
    const dw = nodeOf(model, 'DEPTHWISE_CONV_2D');
    const result = await quantized(model, { overrides: { [dw.id]: { keepFloat: true } } });
    const g = result.model.graph;
    const at = g.nodes.findIndex((n) => n.id === dw.id);
    const kept = g.nodes[at]!;
    expect(versionOf(kept)).toBe(1);
    expect(tensorOf(result.model, kept.inputs[1]!).dtype).toBe('float32');
    expect(g.nodes[at - 1]!.op).toBe('DEQUANTIZE');
    expect(g.nodes[at + 1]!).toMatchObject({ op: 'QUANTIZE', inputs: [kept.outputs[0]] });
    expect(result.report.warnings.join(' ')).toMatch(/kept in float/);
    expect(result.report.layers.filter((l) => l.keptFloat).map((l) => l.tensor)).toEqual(['dw/weights', 'dw/bias']);
  });

  it('gives every CONCATENATION input the output parameters', async () => {
    const { model } = await quantized(floatConcat());
    const concat = nodeOf(model, 'CONCATENATION');
    const out = tensorOf(model, concat.outputs[0]!).quant!;
    for (const id of concat.inputs)
      expect(tensorOf(model, id).quant).toMatchObject({ scale: out.scale, zeroPoint: out.zeroPoint });
    expect(tensorOf(model, 'out').quant).toMatchObject({ scale: [1 / 128], zeroPoint: [0] });
  });

  it('raises a weight scale rather than overflow an int32 bias', async () => {
    // Weights of 1e-9 with a bias of 100: 100 / (s_in · 1e-9 / 127) is far beyond int32.
    const model = floatDense(8, 4, 1e-9, 100);
    const { model: q, report } = await quantized(model);
    const bias = report.layers.find((l) => l.role === 'bias')!;
    expect(bias.clipped).toBe(0);
    expect(bias.sqnrDb).toBeGreaterThan(60);
    expect(report.warnings.join(' ')).toMatch(/int32 bias/);
    expect(Math.max(...values(tensorOf(q, 'dense/bias')).map(Math.abs))).toBeLessThanOrEqual(2147483647);
  });

  it('is reachable through quantizeModel', async () => {
    const model = floatCnn();
    const result = quantizeModel(model, { mode: 'int8', activationRanges: await rangesOf(model) });
    expect(result.report.format).toBe('tflite');
    expect(tensorOf(result.model, 'input').dtype).toBe('int8');
  });
});

describe('full-integer int8 TFLite refuses what it cannot do', () => {
  const fails = (model: Model, options: QuantizeOptions, code: string, message: RegExp) => {
    try {
      quantizeTflite(model, options);
    } catch (error) {
      expect(error).toBeInstanceOf(TransformError);
      expect((error as TransformError).code).toBe(code);
      expect((error as Error).message).toMatch(message);
      return;
    }
    throw new Error('expected a TransformError');
  };

  it('needs calibrated ranges', () => {
    fails(floatCnn(), { mode: 'int8' }, 'invalid-options', /calibrat/);
  });

  it('names a tensor the calibration did not cover', async () => {
    const model = floatCnn();
    const ranges = new Map(await rangesOf(model));
    ranges.delete('sum');
    fails(model, { mode: 'int8', activationRanges: ranges }, 'invalid-options', /"sum"/);
  });

  it('refuses an op without an int8 rule unless asked to keep it in float', async () => {
    const base = floatCnn();
    const graph = {
      ...base.graph,
      nodes: base.graph.nodes.map((n) => (n.op === 'ADD' ? { ...n, op: 'SQUARED_DIFFERENCE', attributes: {} } : n)),
    };
    const model = { ...base, graph };
    const activationRanges = await rangesOf(model);
    fails(model, { mode: 'int8', activationRanges }, 'not-applicable', /SQUARED_DIFFERENCE.*per-layer override/);
    const kept = quantizeTflite(model, {
      mode: 'int8',
      activationRanges,
      allowFloatFallback: true,
    } as TfliteQuantizeOptions);
    expect(kept.report.warnings.join(' ')).toMatch(/SQUARED_DIFFERENCE/);
    expect(validateGraph(kept.model.graph)).toEqual([]);
  });

  it('refuses a model that is already quantized', () => {
    fails(
      tinyConvModel(),
      { mode: 'int8', activationRanges: new Map([['x', { min: 0, max: 1 }]]) },
      'not-applicable',
      /already quantized/,
    );
  });

  it('refuses int4 weights, which the TFLite interpreter cannot load', () => {
    fails(floatCnn(), { mode: 'int4-weights' }, 'not-applicable', /INT4/);
  });

  it('refuses an override naming a node the model does not have', () => {
    fails(floatCnn(), { mode: 'int8-weights', overrides: { nope: { keepFloat: true } } }, 'invalid-options', /"nope"/);
  });
});
