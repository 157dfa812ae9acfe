import { describe, expect, it } from 'vitest';
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { GraphBuilder } from '../../ir/builder';
import { toFloat64 } from '../../ir/tensor';
import type { Model, Tensor } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { foldConstants } from './fold-constants';
import { feedsFor, maxOutputDifference, tensorValue, values } from './test-graphs';
import type { CleanupOptions } from './types';

const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.op);
const tensor = (m: Model, id: string): Tensor => m.graph.tensors.find((t) => t.id === id)!;
const numbers = (t: Tensor): number[] => Array.from(toFloat64(t.dtype, t.data!.bytes!)!);

function fold(model: Model, opts: CleanupOptions = {}): ReturnType<typeof foldConstants> {
  deepFreeze(model);
  const bytes = snapshotBytes(model);
  const result = foldConstants(model, opts);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  return result;
}

describe('foldConstants', () => {
  it('folds a Shape → Gather → Unsqueeze → Concat chain of a static shape, leaving the Reshape', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3, 4]);
    const shape = b.op('Shape', [x]);
    const batch = b.op('Gather', [shape, b.constant('zero', BigInt64Array.of(0n), [])], { axis: 0 });
    const dims = b.op('Unsqueeze', [batch, b.constant('axes', BigInt64Array.of(0n), [1])]);
    const target = b.op('Concat', [dims, b.constant('rest', BigInt64Array.of(-1n), [1])], { axis: 0 });
    b.output(b.op('Reshape', [x, target], {}, { outputs: ['y'] }));
    const model = b.model({ opset: 13 });
    const { model: folded, report } = fold(model);
    expect(ops(folded)).toEqual(['Reshape']);
    expect(report.changed).toBe(4);
    const t = tensor(folded, folded.graph.nodes[0]!.inputs[1]!);
    expect([t.dtype, numbers(t)]).toEqual(['int64', [2, -1]]);
    // The small constants only the chain read are gone.
    expect(folded.graph.tensors.filter((x) => x.data).map((x) => x.id)).toEqual([target]);
    expect(await maxOutputDifference(model, folded, feedsFor(model))).toBe(0);
  });

  it('computes float math on constants with the executor, and turns Constant nodes into initializers', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const w = b.op('Constant', [], { value: tensorValue(values(12, 1), [4, 3]) }, { outputs: ['w'] });
    const wt = b.op('Transpose', [w], { perm: [1, 0] });
    const scale = b.op('Add', [
      b.constant('s1', Float32Array.of(0.5), []),
      b.constant('s2', Float32Array.of(0.25), []),
    ]);
    const scaled = b.op('Mul', [wt, scale]);
    b.output(b.op('MatMul', [x, scaled], {}, { outputs: ['y'] }));
    const model = b.model({ opset: 13 });
    const { model: folded, report } = fold(model);
    expect(ops(folded)).toEqual(['MatMul']);
    expect(report.details[0]).toBe('Constant "Constant_0" folded into "w"');
    const weight = tensor(folded, folded.graph.nodes[0]!.inputs[1]!);
    expect(weight.shape).toEqual([3, 4]);
    const w0 = values(12, 1);
    // Transposed and scaled by 0.75, in float32.
    expect(numbers(weight)[1]).toBe(Math.fround(w0[3]! * 0.75));
    expect(await maxOutputDifference(model, folded, feedsFor(model))).toBe(0);
  });

  it('keeps integers exact beyond float32 (int64 from inference)', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'int64', [2]);
    const big = b.op('Add', [
      b.constant('a', BigInt64Array.of(2n ** 40n, 3n), [2]),
      b.constant('b', BigInt64Array.of(1n, 2n), [2]),
    ]);
    b.output(b.op('Add', [x, big], {}, { outputs: ['y'] }));
    const { model: folded } = fold(b.model({ opset: 13 }));
    const t = tensor(folded, folded.graph.nodes[0]!.inputs[1]!);
    expect(Array.from(new BigInt64Array(t.data!.bytes!.slice().buffer))).toEqual([2n ** 40n + 1n, 5n]);
  });

  describe('generators', () => {
    const generator = (): Model => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [64, 64]);
      const shape = b.constant('shape', BigInt64Array.of(64n, 64n), [2]);
      const ones = b.op('ConstantOfShape', [shape], { value: tensorValue(Float32Array.of(1), [1]) });
      b.output(b.op('Add', [x, ones], {}, { outputs: ['y'] }));
      return b.model({ opset: 13 });
    };

    it('stay unless foldGenerators, and say so', () => {
      const { model, report } = fold(generator());
      expect(ops(model)).toEqual(['ConstantOfShape', 'Add']);
      expect(report.changed).toBe(0);
      expect(report.details).toEqual([
        'ConstantOfShape "ConstantOfShape_0" stays: it generates 16384 bytes from 16 (foldGenerators stores them)',
      ]);
      const stored = fold(generator(), { foldGenerators: true }).model;
      expect(ops(stored)).toEqual(['Add']);
      expect(stored.graph.tensors.find((t) => t.data)!.data!.bytes!.byteLength).toBe(16384);
    });

    it('never exceed maxFoldedElements', () => {
      const { model, report } = fold(generator(), { foldGenerators: true, maxFoldedElements: 1000 });
      expect(ops(model)).toEqual(['ConstantOfShape', 'Add']);
      expect(report.details[0]).toContain('4096 elements (maxFoldedElements 1000)');
    });
  });

  it('does not fold random generators, graph outputs, nodes of other domains or overridable inputs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const noise = b.op('RandomUniform', [], { shape: [2], dtype: 1 });
    const c = b.op('Neg', [b.constant('c', Float32Array.of(1, 2), [2])], {}, { outputs: ['c_out'] });
    const custom = b.op('Custom', [b.constant('d', Float32Array.of(1, 2), [2])], {}, { domain: 'com.example' });
    // An initializer that is also a graph input (IR ≥ 4) is a default value the caller may feed.
    const fed = b.op('Neg', [b.constant('e', Float32Array.of(3, 4), [2])]);
    b.output(b.op('Sum', [x, noise, custom, fed], {}, { outputs: ['y'] }), c);
    const model = b.model({ opset: 13 });
    const withInput = { ...model, graph: { ...model.graph, inputs: ['x', 'e'] } };
    const { report } = fold(withInput);
    expect(report.changed).toBe(0);
  });

  it('makes IR-version-3 initializer inputs plain constants before folding', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const neg = b.op('Neg', [b.constant('c', Float32Array.of(1, 2), [2])]);
    b.output(b.op('Add', [x, neg], {}, { outputs: ['y'] }));
    const model = b.model({ opset: 9 });
    const old = { ...model, irVersion: 3, graph: { ...model.graph, inputs: ['x', 'c'] } };
    const { model: folded, report } = fold(old);
    expect(folded.irVersion).toBe(4);
    expect(folded.graph.inputs).toEqual(['x']);
    expect(report.details[0]).toMatch(/^1 initializer\(s\) the IR-version-3 file listed as graph inputs/);
    expect(ops(folded)).toEqual(['Add']);
  });

  describe('TFLite', () => {
    it('folds unquantized constants (TRANSPOSE of a weight) with the executor', async () => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [1, 3]);
      const w = b.constant('w', values(12, 1), [3, 4]);
      const perm = b.constant('perm', Int32Array.of(1, 0), [2]);
      const wt = b.op('TRANSPOSE', [w, perm], {}, { outputs: ['wt'], dtype: 'float32', shape: [4, 3] });
      const fc = b.node('FULLY_CONNECTED', [x, wt, ''], options('FULLY_CONNECTED'), {
        outputs: ['y'],
        dtype: 'float32',
        shape: [1, 4],
      });
      b.output(fc[0]!);
      const model = b.model({ format: 'tflite' });
      const { model: folded } = fold(model);
      expect(ops(folded)).toEqual(['FULLY_CONNECTED']);
      // The folded tensor keeps its declaration (name, shape) and gets the data.
      expect(tensor(folded, 'wt').shape).toEqual([4, 3]);
      expect(await maxOutputDifference(model, folded, feedsFor(model))).toBe(0);
    });

    it('leaves quantized constants alone', () => {
      const b = new GraphBuilder();
      const x = b.input('x', 'int8', [1, 3]);
      const w = b.constant('w', Int8Array.of(1, 2, 3, 4, 5, 6), [3, 2]);
      const perm = b.constant('perm', Int32Array.of(1, 0), [2]);
      const wt = b.op('TRANSPOSE', [w, perm], {}, { outputs: ['wt'], dtype: 'int8', shape: [2, 3] });
      b.output(
        b.node('FULLY_CONNECTED', [x, wt, ''], options('FULLY_CONNECTED'), { outputs: ['y'], dtype: 'int8' })[0]!,
      );
      const model = b.model({ format: 'tflite' });
      const q = { scale: [0.1], zeroPoint: [0] };
      const graph = { ...model.graph, tensors: model.graph.tensors.map((t) => ({ ...t, quant: q })) };
      expect(fold({ ...model, graph }).report.changed).toBe(0);
    });
  });

  it('folds nothing in TF.js models', () => {
    const b = new GraphBuilder();
    b.output(b.op('Neg', [b.constant('c', Float32Array.of(1), [1])]));
    const model = b.model({ format: 'tfjs' });
    expect(fold(model).model).toBe(model);
  });
});
