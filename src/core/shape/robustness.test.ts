// Inference never throws and never crashes inside a rule: seeded random nodes of every supported op, with
// odd ranks, symbols, unknown dims, constant inputs and attributes of the wrong type or value.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../util/random';
import { attr, type AttributeInput } from '../ir/builder';
import type { Dim } from '../ir/types';
import { c, runOp, t, type InputSpec } from '../../test-support/shape/one-node';
import { supportedShapeOps } from './registry';

const ATTRIBUTES = [
  'axis',
  'axes',
  'perm',
  'kernel_shape',
  'strides',
  'pads',
  'dilations',
  'to',
  'blocksize',
  'keepdims',
  'group',
  'split',
  'starts',
  'ends',
  'shape',
  'k',
  'transA',
  'transB',
  'auto_pad',
  'ceil_mode',
  'num_scan_inputs',
  'layout',
  'hidden_size',
  'direction',
  'allowzero',
  'num_outputs',
  'output_shape',
  'output_padding',
  'equation',
  'scales',
  'reduction',
  'batch_dims',
  'start',
  'end',
  'dtype',
  'noop_with_empty_axes',
  'value',
  'stash_type',
  'sizes',
];

describe('robustness', () => {
  it('random nodes of every op give problems, not crashes or impossible shapes', () => {
    const rnd = seededRandom(20241121);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const ints = (): number[] =>
      Array.from({ length: Math.floor(rnd() * 5) }, () => pick([-3, -1, 0, 1, 2, 3, 9, 2 ** 40]));
    const dims = (): Dim[] =>
      Array.from({ length: Math.floor(rnd() * 5) }, () => pick<Dim>([0, 1, 2, 3, 5, 'N', null]));
    const input = (): InputSpec => {
      const r = rnd();
      if (r < 0.1) return null;
      if (r < 0.2) return t(pick(['float32', 'int64', 'bool'] as const));
      if (r < 0.45) {
        const v = ints();
        return c('int64', [v.length], v);
      }
      if (r < 0.55) return c('int64', [], [pick([-1, 0, 1, 3])]);
      return t(pick(['float32', 'int64', 'uint8'] as const), dims());
    };
    const values: readonly (() => AttributeInput)[] = [
      () => pick([-2, -1, 0, 1, 2, 3, 13]),
      ints,
      () => pick(['SAME_UPPER', 'VALID', 'bidirectional', 'none', 'ij,jk->ik', '...i->i', '']),
      () => attr.float(0.5),
    ];
    const ops = supportedShapeOps();
    let crashes = 0;
    for (let i = 0; i < 10000; i++) {
      const { domain, op } = pick(ops);
      const attributes: Record<string, AttributeInput> = {};
      for (const name of ATTRIBUTES) if (rnd() < 0.12) attributes[name] = pick(values)();
      const inputs = Array.from({ length: Math.floor(rnd() * 6) }, input);
      const opset = pick([1, 6, 7, 9, 10, 11, 13, 14, 17, 18, 21]);
      const r = runOp(op, inputs, attributes, { domain, opset, outputs: 1 + Math.floor(rnd() * 3) });
      const crash = r.problems.find((p) => p.message.includes('internal error'));
      if (crash) crashes++;
      expect(crash, `${op} ${JSON.stringify({ inputs, attributes, opset })}`).toBeUndefined();
      for (const o of r.outputs)
        for (const d of o.shape ?? []) if (typeof d === 'number') expect(Number.isInteger(d) && d >= 0).toBe(true);
    }
    expect(crashes).toBe(0);
  });
});
