// Matrix products: Gemm, MatMul (numpy semantics), Einsum. quant.ts reuses matmulShape.
import type { Dim, Shape } from '../../ir/types';
import { intAttr, stringAttr } from '../attrs';
import type { RuleContext, ShapeRule } from '../context';
import { fail } from '../context';
import { broadcastDim, broadcastShapes } from '../dims';
import { out } from './common';

function checkInner(k1: Dim | undefined, k2: Dim | undefined): void {
  if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2)
    fail('shape-mismatch', `inner dimensions ${k1} and ${k2} differ`);
}

/** numpy.matmul output shape: 1-D operands gain and then lose an axis; batch axes broadcast. */
export function matmulShape(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (!a || !b) return undefined;
  if (a.length === 0 || b.length === 0) fail('shape-mismatch', 'MatMul operands must have rank 1 or more');
  const a2 = a.length === 1 ? [1, ...a] : a;
  const b2 = b.length === 1 ? [...b, 1] : b;
  checkInner(a2[a2.length - 1], b2[b2.length - 2]);
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)]);
  const rows: Dim[] = a.length === 1 ? [] : [a2[a2.length - 2] ?? null];
  const cols: Dim[] = b.length === 1 ? [] : [b2[b2.length - 1] ?? null];
  return [...batch, ...rows, ...cols];
}

/** Gemm's [M, N] from A at `a` and B at `b`, honouring transA / transB. */
export function gemmShape(ctx: RuleContext, a: number, b: number): Shape | undefined {
  const sa = ctx.shape(a);
  const sb = ctx.shape(b);
  if (!sa || !sb) return undefined;
  if (sa.length !== 2 || sb.length !== 2)
    fail('shape-mismatch', `Gemm needs 2-D A and B, got ranks ${sa.length} and ${sb.length}`);
  const ta = intAttr(ctx.node, 'transA', 0) === 1;
  const tb = intAttr(ctx.node, 'transB', 0) === 1;
  checkInner(ta ? sa[0] : sa[1], tb ? sb[1] : sb[0]);
  return [(ta ? sa[1] : sa[0]) ?? null, (tb ? sb[0] : sb[1]) ?? null];
}

/** Einsum output shape from its equation (explicit `->` or implicit: letters seen once, sorted). */
function einsum(ctx: RuleContext): Shape | undefined {
  const equation = stringAttr(ctx.node, 'equation', '').replace(/\s+/g, '');
  const [lhs = '', rhs] = equation.split('->');
  const terms = lhs.split(',');
  if (terms.length !== ctx.node.inputs.length)
    fail('bad-attribute', `the equation has ${terms.length} operands but the node ${ctx.node.inputs.length} inputs`);
  const sizes = new Map<string, Dim>();
  const counts = new Map<string, number>();
  let ellipsis: Shape = [];
  for (const [i, term] of terms.entries()) {
    const shape = ctx.shape(i);
    if (!shape) return undefined;
    const letters = term.replace('...', '').split('');
    const ellipsisRank = shape.length - letters.length;
    if (ellipsisRank < 0 || (!term.includes('...') && ellipsisRank !== 0))
      fail('shape-mismatch', `operand ${i + 1} has rank ${shape.length}, the term "${term}" does not fit it`);
    const at = term.indexOf('...');
    const before = at < 0 ? letters.length : at;
    if (term.includes('...')) ellipsis = broadcastShapes([ellipsis, shape.slice(before, before + ellipsisRank)]);
    letters.forEach((letter, j) => {
      const d = shape[j < before ? j : j + ellipsisRank] ?? null;
      const seen = sizes.get(letter);
      sizes.set(letter, seen === undefined ? d : broadcastDim(seen, d));
      counts.set(letter, (counts.get(letter) ?? 0) + 1);
    });
  }
  const output =
    rhs ??
    (equation.includes('...') ? '...' : '') +
      [...counts]
        .filter(([, c]) => c === 1)
        .map(([l]) => l)
        .sort()
        .join('');
  const result: Dim[] = [];
  for (const part of output.split(/(\.\.\.)/)) {
    if (part === '...') result.push(...ellipsis);
    else
      for (const letter of part)
        result.push(sizes.get(letter) ?? fail('bad-attribute', `output letter "${letter}" is not in any operand`));
  }
  return result;
}

/** Rules of the matrix products (default domain). */
export const matmulRules: Readonly<Record<string, ShapeRule>> = {
  Gemm: (ctx) => [out(ctx.dtype(0), gemmShape(ctx, 0, 1))],
  MatMul: (ctx) => [out(ctx.dtype(0), matmulShape(ctx.shape(0), ctx.shape(1)))],
  Einsum: (ctx) => [out(ctx.dtype(0), einsum(ctx))],
};
