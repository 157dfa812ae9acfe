import { describe, expect, it } from 'vitest';
import { TransformError } from '../../../errors';
import { GraphBuilder } from '../../../ir/builder';
import { seededRandom } from '../../../util/random';
import { quantizeWithData } from '../index';
import { tinyCnn } from '../onnx/test-models';
import { activationTensors, calibrate, type Feeds } from './calibrate';

function feeds(count: number, seed = 1): Feeds[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({ input: Float32Array.from({ length: 64 }, () => random()) }));
}

describe('calibrate', () => {
  it('observes every float activation, inputs included, and reports progress up to 1', async () => {
    const model = tinyCnn();
    expect(activationTensors(model)).toEqual(['input', 'conv_out', 'relu_out', 'pool_out', 'flat_out', 'logits']);
    const progress: number[] = [];
    const result = await calibrate(model, feeds(5), { onProgress: (f) => progress.push(f) });
    expect(result.batches).toBe(5);
    expect(progress).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect([...result.ranges.keys()].sort()).toEqual([
      'conv_out',
      'flat_out',
      'input',
      'logits',
      'pool_out',
      'relu_out',
    ]);
    const input = result.ranges.get('input')!;
    expect(input.min).toBeGreaterThanOrEqual(0);
    expect(input.max).toBeLessThanOrEqual(1);
    expect(result.ranges.get('relu_out')!.min).toBe(0);
    // Max pooling never widens the range it pools.
    expect(result.ranges.get('pool_out')!.max).toBeLessThanOrEqual(result.ranges.get('relu_out')!.max);
  });

  it('takes async data and a subset of tensors; the method changes the ranges', async () => {
    async function* stream(): AsyncGenerator<Feeds> {
      for (const f of feeds(8, 2)) yield f;
    }
    const minmax = await calibrate(tinyCnn(), stream(), { tensors: ['conv_out'] });
    expect([...minmax.ranges.keys()]).toEqual(['conv_out']);
    const percentile = await calibrate(tinyCnn(), feeds(8, 2), {
      tensors: ['conv_out'],
      method: 'percentile',
      percentile: 90,
    });
    const a = minmax.ranges.get('conv_out')!;
    const b = percentile.ranges.get('conv_out')!;
    expect(b.max - b.min).toBeLessThan(a.max - a.min);
  });

  it('stops when cancelled, and refuses no data', async () => {
    const signal = { aborted: false };
    const run = calibrate(tinyCnn(), feeds(4), {
      signal,
      total: 4,
      onProgress: () => {
        signal.aborted = true;
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    await expect(calibrate(tinyCnn(), [])).rejects.toBeInstanceOf(TransformError);
  });

  it('ignores integer tensors', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const shape = b.op('Shape', [x], {}, { dtype: 'int64', outputs: ['s'] });
    const m = b.output(shape, b.op('Relu', [x], {}, { dtype: 'float32', outputs: ['r'] })).model();
    expect(activationTensors(m)).toEqual(['x', 'r']);
  });

  it('quantizeWithData calibrates static int8 on the data, then quantizes', async () => {
    const progress: number[] = [];
    const result = await quantizeWithData(tinyCnn(), feeds(4), {
      mode: 'int8',
      calibration: { method: 'mse' },
      onProgress: (f) => progress.push(f),
    });
    expect(result.calibration?.batches).toBe(4);
    expect(result.report.activations.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    const weights = await quantizeWithData(tinyCnn(), undefined, { mode: 'int8-weights' });
    expect(weights.calibration).toBeUndefined();
    await expect(quantizeWithData(tinyCnn(), undefined, { mode: 'int8' })).rejects.toThrow(/needs calibration data/);
  });
});
