import { describe, expect, it } from 'vitest';
import { TransformError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { checkCleanupOptions, cleanupModel } from './index';
import { batchNorm, feedsFor, maxOutputDifference, values } from './test-graphs';
import { CLEANUP_PASSES, type CleanupOptions } from './types';

/** Everything at once: a Shape chain, an Identity, a BatchNormalization after a Conv, a dead branch. */
function messyOnnx(): Model {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 2, 4, 4]);
  const conv = b.op('Conv', [x, b.constant('w', values(3 * 2 * 3 * 3, 1), [3, 2, 3, 3])], { pads: [1, 1, 1, 1] });
  const bn = batchNorm(b, conv, 3, 'bn');
  const copy = b.op('Identity', [bn]);
  const shape = b.op('Shape', [copy]);
  const batch = b.op('Gather', [shape, b.constant('zero', BigInt64Array.of(0n), [])], { axis: 0 });
  const dims = b.op('Unsqueeze', [batch, b.constant('axes', BigInt64Array.of(0n), [1])]);
  const target = b.op('Concat', [dims, b.constant('rest', BigInt64Array.of(-1n), [1])], { axis: 0 });
  b.op('Abs', [x], {}, { name: 'dead' });
  b.output(b.op('Reshape', [copy, target], {}, { outputs: ['y'] }));
  return b.model({ opset: 13 });
}

describe('cleanupModel', () => {
  it('runs every pass in order and reports node counts', async () => {
    const model = deepFreeze(messyOnnx());
    const { model: clean, report } = cleanupModel(model);
    expect(report.passes.map((p) => p.pass)).toEqual(CLEANUP_PASSES);
    expect(report.nodesBefore).toBe(9);
    expect(clean.graph.nodes.map((n) => n.op)).toEqual(['Conv', 'Reshape']);
    expect(report.nodesAfter).toBe(2);
    expect(Object.fromEntries(report.passes.map((p) => [p.pass, p.changed]))).toEqual({
      'fold-constants': 4,
      'remove-identity': 1,
      'fold-batchnorm': 1,
      'fuse-activations': 0,
      // The dead Abs (its output declaration goes with it).
      'dead-nodes': 1,
    });
    expect(await maxOutputDifference(model, clean, feedsFor(model))).toBeLessThan(1e-5);
  });

  it('runs only the passes asked for, in the order given', () => {
    const model = messyOnnx();
    const { model: out, report } = cleanupModel(model, { passes: ['dead-nodes', 'remove-identity'] });
    expect(report.passes.map((p) => [p.pass, p.changed])).toEqual([
      ['dead-nodes', 1],
      ['remove-identity', 1],
    ]);
    expect(out.graph.nodes.map((n) => n.op)).not.toContain('Identity');
    expect(cleanupModel(model, { passes: [] }).model).toBe(model);
  });

  it('returns other formats as they are', () => {
    const b = new GraphBuilder();
    b.output(b.op('Identity', [b.input('x', 'float32', [1])]));
    const model = b.model({ format: 'tfjs' });
    const { model: out, report } = cleanupModel(model);
    expect(out).toBe(model);
    expect(report.passes.every((p) => p.changed === 0)).toBe(true);
  });

  it('refuses options it does not know, naming them', () => {
    const bad: [CleanupOptions, RegExp][] = [
      [{ passes: ['fold-everything' as never] }, /"fold-everything" is not a clean-up pass/],
      [{ maxFoldedElements: -1 }, /maxFoldedElements must be a whole number/],
      [{ maxFoldedElements: 1.5 }, /maxFoldedElements/],
      [{ foldGenerators: 'yes' as never }, /foldGenerators must be true or false/],
    ];
    for (const [options, message] of bad) {
      expect(() => checkCleanupOptions(options)).toThrow(message);
      const thrown = ((): unknown => {
        try {
          cleanupModel(messyOnnx(), options);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(thrown).toBeInstanceOf(TransformError);
      expect((thrown as TransformError).code).toBe('invalid-options');
    }
  });
});
