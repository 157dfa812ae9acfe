// The executor's contract on builder-made ONNX graphs: observation, cancellation, unsupported ops, feed
// checks, batches (whole or in chunks), recycled buffers, and ops the conformance suite lacks (Gelu).
import { describe, expect, it } from 'vitest';
import { ExecutionError } from '../errors';
import { attr, GraphBuilder } from '../ir/builder';
import type { Model } from '../ir/types';
import { erf } from './ops/math';
import { roundToHalf } from './ops/cast';
import { executableOps, runModel, runModelTensors, unsupportedOps } from './index';

async function failure(run: Promise<unknown>): Promise<ExecutionError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof ExecutionError) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

/** x → Relu → Mul(2) → Sigmoid, with every intermediate named. */
function chain(): Model {
  const b = new GraphBuilder('chain');
  const x = b.input('x', 'float32', ['N', 3]);
  const r = b.op('Relu', [x], {}, { outputs: ['r'] });
  const two = b.constant('two', Float32Array.of(2), []);
  const m = b.op('Mul', [r, two], {}, { outputs: ['m'] });
  b.output(b.op('Sigmoid', [m], {}, { outputs: ['y'] }));
  return b.model();
}

/** A graph baked for batch 1: Reshape to a constant [1, 6] then MatMul. */
function fixedBatch(): Model {
  const b = new GraphBuilder('fixed');
  const x = b.input('x', 'float32', [1, 2, 3]);
  const shape = b.constant('shape', BigInt64Array.of(1n, 6n), [2]);
  const flat = b.op('Reshape', [x, shape], {}, { outputs: ['flat'] });
  const w = b.constant(
    'w',
    Float32Array.from({ length: 12 }, (_, i) => i / 10),
    [6, 2],
  );
  b.output(b.op('MatMul', [flat, w], {}, { outputs: ['y'] }));
  return b.model();
}

describe('runModel', () => {
  it('computes the graph and reports observed tensors as they are computed', async () => {
    const seen: [string, number[], readonly number[]][] = [];
    const out = await runModel(
      chain(),
      { x: Float32Array.of(-1, 0, 1, 2, -3, 4) },
      {
        observe: new Set(['x', 'r', 'y']),
        onTensor: (id, values, t) => seen.push([id, Array.from(values), t.shape]),
      },
    );
    const sig = (v: number): number => Math.fround(1 / (1 + Math.exp(-v)));
    expect(Array.from(out['y']!)).toEqual([0, 0, 2, 4, 0, 8].map(sig));
    expect(seen.map(([id]) => id)).toEqual(['x', 'r', 'y']);
    expect(seen[1]).toEqual(['r', [0, 0, 1, 2, 0, 4], [2, 3]]);
  });

  it('never writes into the feeds', async () => {
    const x = Float32Array.of(-1, 0, 1);
    await runModel(chain(), { x });
    expect(Array.from(x)).toEqual([-1, 0, 1]);
  });

  it('stops between nodes when the signal is aborted', async () => {
    const controller = new AbortController();
    let nodes = 0;
    const run = runModel(
      chain(),
      { x: new Float32Array(3) },
      {
        signal: controller.signal,
        onProgress: (done) => {
          nodes = done;
          if (done === 1) controller.abort();
        },
      },
    );
    const error = await failure(run);
    expect(error.code).toBe('cancelled');
    expect(nodes).toBe(1);
  });

  it('lists the ops it cannot run and refuses them with a clear message', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const l = b.op('LSTM', [x], {}, { outputs: ['l'] });
    const c = b.op(
      'Resize',
      [l, '', b.constant('s', Float32Array.of(1, 2), [2])],
      { mode: 'cubic' },
      { outputs: ['c'] },
    );
    b.output(b.op('Abs', [c], {}, { outputs: ['y'], domain: 'com.example' }));
    const model = b.model();
    expect(unsupportedOps(model)).toEqual(['LSTM', 'Resize (mode "cubic" is not supported)', 'com.example::Abs']);
    const error = await failure(runModel(model, { x: new Float32Array(4) }));
    expect(error.code).toBe('unsupported-op');
    expect(error.message).toBe('the reference executor cannot run LSTM (node "LSTM_0")');
    expect(unsupportedOps(chain())).toEqual([]);
    expect(executableOps().onnx).toContain('ConvTranspose');
    expect(executableOps().tflite).toContain('DEPTHWISE_CONV_2D');
  });

  it('checks feeds against the declared inputs', async () => {
    const model = fixedBatch();
    expect((await failure(runModel(model, {}))).message).toBe('input "x": no feed was given for it');
    expect((await failure(runModel(model, { x: new Float32Array(5) }))).message).toBe(
      'input "x": 5 values are not a whole number of samples of 6 values (shape [N, 2, 3])',
    );
    const wrong = { data: new Float32Array(6), shape: [1, 3, 2] };
    expect((await failure(runModel(model, { x: wrong }))).message).toBe(
      'input "x": the model wants shape [1, 2, 3] but the feed has [1, 3, 2] (dimension 1: 3 ≠ 2)',
    );
  });

  it('runs a batch in chunks when the graph bakes in batch 1, and whole when it does not', async () => {
    const model = fixedBatch();
    const x = Float32Array.from({ length: 18 }, (_, i) => i - 5);
    const batched = await runModelTensors(model, { x });
    expect(batched['y']!.shape).toEqual([3, 2]);
    for (let s = 0; s < 3; s++) {
      const one = await runModel(model, { x: x.subarray(s * 6, s * 6 + 6) });
      expect(Array.from(batched['y']!.data.subarray(s * 2, s * 2 + 2))).toEqual(Array.from(one['y']!));
    }
    // Chunked runs report each observed tensor once per chunk.
    const calls: number[][] = [];
    await runModel(model, { x }, { observe: new Set(['flat']), onTensor: (_, __, t) => calls.push([...t.shape]) });
    expect(calls).toEqual([
      [1, 6],
      [1, 6],
      [1, 6],
    ]);
    // The chain has a symbolic batch: one run of the whole batch.
    const whole: number[][] = [];
    await runModel(
      chain(),
      { x: new Float32Array(12) },
      { observe: new Set(['r']), onTensor: (_, __, t) => whole.push([...t.shape]) },
    );
    expect(whole).toEqual([[4, 3]]);
  });

  it('recycles the buffers of dead tensors (memory stays at the live set)', async () => {
    const b = new GraphBuilder('long');
    let t = b.input('x', 'float32', [1, 1000]);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      t = b.op(i % 2 ? 'Relu' : 'Neg', [t], {}, { outputs: [`t${i}`] });
      ids.push(t);
    }
    b.output(t);
    const buffers = new Set<ArrayBufferLike>();
    await runModel(
      b.model(),
      { x: new Float32Array(1000).fill(1) },
      {
        observe: new Set(ids),
        onTensor: (_, values) => buffers.add(values.buffer),
      },
    );
    // Each step frees its input, so two buffers take turns (plus the fresh one of the first step).
    expect(buffers.size).toBeLessThanOrEqual(3);
  });

  it('keeps outputs valid after the run (not recycled, not the constants)', async () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [2]);
    const c = b.constant('c', Float32Array.of(7, 8), [2]);
    b.output(b.op('Identity', [c], {}, { outputs: ['y'] }));
    const out = await runModel(b.model(), { x: new Float32Array(2) });
    out['y']![0] = 0;
    const again = await runModel(b.model(), { x: new Float32Array(2) });
    expect(Array.from(again['y']!)).toEqual([7, 8]);
  });
});

describe('ops beyond the conformance suite', () => {
  it('Gelu (exact and tanh approximation)', async () => {
    const xs = [-3, -1, -0.5, 0, 0.5, 1, 3];
    for (const approximate of ['none', 'tanh']) {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [7]);
      b.output(b.op('Gelu', [x], { approximate: attr.string(approximate) }, { outputs: ['y'] }));
      const y = (await runModel(b.model({ opset: 20 }), { x: Float32Array.from(xs) }))['y']!;
      const want = xs.map((v) =>
        approximate === 'none'
          ? 0.5 * v * (1 + erf(v / Math.SQRT2))
          : 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
      );
      xs.forEach((_, i) => expect(y[i]).toBeCloseTo(want[i]!, 6));
    }
    // erf against tabulated values (Abramowitz & Stegun, table 7.1).
    expect(erf(0.5)).toBeCloseTo(0.5204998778, 10);
    expect(erf(1.5)).toBeCloseTo(0.9661051465, 10);
    expect(erf(2.5)).toBeCloseTo(0.999593048, 10);
    expect(erf(-1)).toBeCloseTo(-0.8427007929, 10);
  });

  it('rounds to float16 with ties to even', () => {
    expect(roundToHalf(1 + 2 ** -11)).toBe(1); // a tie between 1 and 1 + 2^-10: even wins
    expect(roundToHalf(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(roundToHalf(65519)).toBe(65504);
    expect(roundToHalf(70000)).toBe(Infinity);
    expect(roundToHalf(2 ** -25)).toBe(0);
  });
});
