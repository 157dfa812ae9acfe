import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../ir/builder';
import type { Model } from '../ir/types';
import { runOp, t } from '../../test-support/shape/one-node';
import { inferShapes } from './infer';
import { supportedShapeOps } from './registry';

describe('inferShapes', () => {
  it('propagates through a small CNN with a symbolic batch', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['N', 1, 28, 28]);
    b.constant('w', new Float32Array(8 * 9), [8, 1, 3, 3]);
    b.constant('fc', new Float32Array(8 * 13 * 13 * 10), [8 * 13 * 13, 10]);
    const c = b.op('Conv', ['x', 'w'], {}, { name: 'conv' });
    const r = b.op('Relu', [c]);
    const p = b.op('MaxPool', [r], { kernel_shape: [2, 2], strides: [2, 2] });
    const f = b.op('Flatten', [p]);
    const y = b.op('MatMul', [f, 'fc']);
    const result = inferShapes(b.output(y).model());
    expect(result.problems).toEqual([]);
    expect(result.types.get(c)).toEqual({ dtype: 'float32', shape: ['N', 8, 26, 26] });
    expect(result.types.get(p)).toEqual({ dtype: 'float32', shape: ['N', 8, 13, 13] });
    expect(result.types.get(f)).toEqual({ dtype: 'float32', shape: ['N', 1352] });
    expect(result.types.get(y)).toEqual({ dtype: 'float32', shape: ['N', 10] });
  });

  it('options.inputShapes overrides the declared input shape', () => {
    const r = runOp('Relu', [t('float32', ['N', 3])], {}, { inputShapes: { in0: [1, 3] } });
    expect(r.outputs[0]?.shape).toEqual([1, 3]);
  });

  it('folds Shape → Gather → Unsqueeze → Concat → Reshape and keeps symbols', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', ['N', 3, 4]);
    b.constant('zero', new BigInt64Array([0n]), []);
    b.constant('axes', new BigInt64Array([0n]), [1]);
    b.constant('minus1', new BigInt64Array([-1n]), [1]);
    const s = b.op('Shape', ['x']);
    const n = b.op('Gather', [s, 'zero']);
    const n1 = b.op('Unsqueeze', [n, 'axes']);
    const target = b.op('Concat', [n1, 'minus1'], { axis: 0 });
    const y = b.op('Reshape', ['x', target]);
    const batch = b.op('ConstantOfShape', [n1]);
    const r = inferShapes(b.output(y, batch).model());
    expect(r.problems).toEqual([]);
    expect(r.types.get(y)).toEqual({ dtype: 'float32', shape: ['N', 12] });
    expect(r.types.get(batch)).toEqual({ dtype: 'float32', shape: ['N'] });
    // Values holding symbols are not published as folded numbers.
    expect(r.folded.has(target)).toBe(false);
    const fixed = inferShapes(b.output(y).model(), { inputShapes: { x: [2, 3, 4] } });
    expect(fixed.folded.get(target)).toEqual({ dtype: 'int64', shape: [2], values: [2, -1] });
    expect(fixed.types.get(y)?.shape).toEqual([2, 12]);
  });

  it('folds small initializers and leaves large ones out', () => {
    const b = new GraphBuilder();
    b.constant('small', new Int32Array([1, 2, 3]), [3]);
    b.constant('large', new Float32Array(5000), [5000]);
    const r = inferShapes(b.model());
    expect(r.folded.get('small')).toEqual({ dtype: 'int32', shape: [3], values: [1, 2, 3] });
    expect(r.folded.has('large')).toBe(false);
    expect(r.types.get('large')).toEqual({ dtype: 'float32', shape: [5000] });
  });

  describe('declared types', () => {
    function declared(shape: readonly (number | string | null)[], declaredShape: readonly (number | string | null)[]) {
      const b = new GraphBuilder();
      b.input('x', 'float32', shape);
      const y = b.op('Relu', ['x']);
      b.declare(y, 'float32', declaredShape);
      return inferShapes(b.output(y).model()).types.get(y);
    }
    it('inferred sizes win over declared symbols', () => expect(declared([2, 3], ['a', 'b'])?.shape).toEqual([2, 3]));
    it('declared sizes fill what inference does not know', () =>
      expect(declared(['N', null], [1, 'C'])?.shape).toEqual([1, 'C']));

    it('a conflict is reported and the inferred size kept', () => {
      const b = new GraphBuilder();
      b.input('x', 'float32', [2, 3]);
      const y = b.op('Relu', ['x'], {}, { name: 'relu' });
      b.declare(y, 'float32', [2, 4]);
      const r = inferShapes(b.output(y).model());
      expect(r.types.get(y)?.shape).toEqual([2, 3]);
      expect(r.problems).toEqual([
        expect.objectContaining({
          nodeId: 'relu',
          code: 'shape-mismatch',
          message: expect.stringContaining('declared [2, 4]'),
        }),
      ]);
    });

    it('declared types of unknown ops are kept', () => {
      const b = new GraphBuilder();
      b.input('x', 'float32', [2, 3]);
      const y = b.op('MyOp', ['x'], {}, { domain: 'com.example', dtype: 'float16', shape: [6] });
      const z = b.op('Relu', [y]);
      const r = inferShapes(b.output(z).model());
      expect(r.types.get(y)).toEqual({ dtype: 'float16', shape: [6] });
      expect(r.types.get(z)).toEqual({ dtype: 'float16', shape: [6] });
    });
  });

  describe('unknown operators', () => {
    function custom(domain: string): Model {
      const b = new GraphBuilder();
      b.input('x', 'float32', [1, 3, 8, 8]);
      const y = b.op('FancyOp', ['x'], {}, { name: 'fancy', domain });
      const z = b.op('Relu', [y]);
      const w = b.op('GlobalAveragePool', [z]);
      return b.output(w).model({
        opsets: [
          { domain: '', version: 13 },
          { domain, version: 1 },
        ],
      });
    }

    it.each(['com.example.custom', ''])(
      'an unknown op of domain "%s" leaves everything downstream unknown',
      (domain) => {
        const r = inferShapes(custom(domain));
        expect(r.problems).toHaveLength(1);
        expect(r.problems[0]).toMatchObject({ nodeId: 'fancy', op: 'FancyOp', code: 'unknown-op' });
        expect(r.problems[0]?.message).toContain('FancyOp');
        for (const id of ['fancy_out', 'Relu_1_out', 'GlobalAveragePool_2_out'])
          expect(r.types.get(id)).toEqual({ dtype: 'undefined' });
      },
    );

    it('ops of a known domain under the ai.onnx alias use the default rules', () => {
      const b = new GraphBuilder();
      b.input('x', 'float32', [4]);
      const y = b.op('Relu', ['x'], {}, { domain: 'ai.onnx' });
      expect(inferShapes(b.output(y).model()).types.get(y)?.shape).toEqual([4]);
    });
  });

  it('uses declared types only for non-ONNX models (their files declare every shape)', () => {
    const b = new GraphBuilder();
    b.input('x', 'float32', [1, 4]);
    const y = b.op('FULLY_CONNECTED', ['x'], {}, { dtype: 'float32', shape: [1, 2] });
    const r = inferShapes(b.output(y).model({ format: 'tflite' }));
    expect(r.problems).toEqual([]);
    expect(r.types.get(y)).toEqual({ dtype: 'float32', shape: [1, 2] });
  });

  it('never throws, whatever an operator is given', () => {
    const junk = [
      {},
      { axis: 99, axes: [7, 7], perm: [5], kernel_shape: [0], strides: [0], pads: [1], to: 999, blocksize: 0 },
      { axis: 'x', kernel_shape: 'y', value: attr.float(1), then_branch: 3, body: 'nope', equation: '->,', mode: 4 },
    ];
    const inputSets = [
      [],
      [t('float32')],
      [t('float32', []), t('int64', []), t('float32', []), t('int64', [])],
      [t('float32', [1, 2, 3, 4]), t('float32', [5]), t('int64', [0]), t('float32', [3, 3])],
    ];
    let runs = 0;
    for (const { domain, op } of supportedShapeOps())
      for (const attrs of junk)
        for (const inputs of inputSets) {
          const r = runOp(op, inputs, attrs as never, { domain, outputs: 2 });
          // Bad input is reported as such, never as a crash inside a rule.
          const crash = r.problems.find((p) => p.message.includes('internal error'));
          expect(crash, `${op}: ${crash?.message}`).toBeUndefined();
          runs++;
        }
    expect(runs).toBeGreaterThan(1000);
  });
});
