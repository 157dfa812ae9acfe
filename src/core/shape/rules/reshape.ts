// Ops that rearrange a tensor's dims: Reshape, Flatten, Transpose, Squeeze, Unsqueeze, Expand, Tile,
// DepthToSpace, SpaceToDepth. Known values pass through the ones that only relabel the shape.
import type { Dim, Shape } from '../../ir/types';
import { intAttr, intsAttr } from '../attrs';
import type { KnownValue, ShapeRule } from '../context';
import { fail } from '../context';
import { broadcastShapes, dimProduct, isNum, mapDim, normAxes, normAxis, unknownDims } from '../dims';
import { FOLD_LIMIT, foldElementwise } from '../values';
import { attrOrInput, like, out } from './common';

/** A known value re-labelled with a new static shape. */
function reshaped(v: KnownValue | undefined, shape: Shape | undefined): KnownValue | undefined {
  if (!v || !shape || !shape.every(isNum)) return undefined;
  return { dtype: v.dtype, shape: shape as number[], values: v.values };
}

/** The dim a -1 in Reshape stands for: input size over the other output dims, symbols cancelling. */
export function minusOne(input: Shape | undefined, others: readonly Dim[]): Dim {
  if (!input || input.some((d) => d === null) || others.some((d) => d === null)) return null;
  const symbols: string[] = [];
  let size = 1;
  for (const d of input) {
    if (isNum(d)) size *= d;
    else symbols.push(d as string);
  }
  let divisor = 1;
  for (const d of others) {
    if (isNum(d)) divisor *= d;
    else {
      const at = symbols.indexOf(d as string);
      if (at < 0) return null;
      symbols.splice(at, 1);
    }
  }
  if (divisor === 0) return null;
  if (symbols.length === 0) {
    if (size % divisor !== 0) fail('shape-mismatch', `cannot reshape ${size} elements into groups of ${divisor}`);
    return size / divisor;
  }
  return symbols.length === 1 && size === divisor ? (symbols[0] ?? null) : null;
}

const reshape: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const input = ctx.shape(0);
  let target: readonly Dim[] | undefined;
  if (ctx.opset < 5) target = intsAttr(ctx.node, 'shape');
  else target = ctx.value(1)?.values;
  if (target === undefined) {
    const rank = ctx.shape(1)?.[0];
    return [out(dtype, isNum(rank) ? unknownDims(rank) : undefined)];
  }
  const allowZero = ctx.opset >= 14 && intAttr(ctx.node, 'allowzero', 0) === 1;
  if (target.filter((d) => d === -1).length > 1) fail('bad-attribute', 'the target shape has more than one -1');
  const negative = target.find((d) => isNum(d) && d < -1);
  if (negative !== undefined) fail('bad-attribute', `the target shape has a dim of ${negative}`);
  const dims = target.map((d, i): Dim => {
    if (d === 0 && !allowZero) {
      if (input && i >= input.length)
        fail('shape-mismatch', `target dim ${i} copies a dim the rank-${input.length} input lacks`);
      return input ? (input[i] ?? null) : null;
    }
    return d;
  });
  const at = dims.indexOf(-1);
  if (at >= 0)
    dims[at] = minusOne(
      input,
      dims.filter((_, i) => i !== at),
    );
  if (input?.every(isNum) && dims.every(isNum)) {
    const from = dimProduct(input);
    const to = dimProduct(dims);
    if (from !== to)
      fail('shape-mismatch', `cannot reshape [${input.join(', ')}] (${from} elements) into [${dims.join(', ')}]`);
  }
  return [out(dtype, dims, reshaped(ctx.value(0), dims))];
};

const flatten: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [like(ctx)];
  // Flatten's axis lies in [-r, r]; a negative one counts from r.
  const raw = intAttr(ctx.node, 'axis', 1);
  const axis = raw < 0 ? normAxis(raw, x.length) : normAxis(raw, x.length + 1);
  const shape = [dimProduct(x.slice(0, axis)), dimProduct(x.slice(axis))];
  return [out(ctx.dtype(0), shape, reshaped(ctx.value(0), shape))];
};

const transpose: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [like(ctx)];
  const perm = intsAttr(ctx.node, 'perm') ?? x.map((_, i) => x.length - 1 - i);
  if (perm.length !== x.length) fail('bad-attribute', `perm has ${perm.length} entries for a rank-${x.length} input`);
  const axes = normAxes(perm, x.length, 'perm');
  return [
    out(
      ctx.dtype(0),
      axes.map((a) => x[a] ?? null),
    ),
  ];
};

const squeeze: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const axes = attrOrInput(ctx, 13, () => intsAttr(ctx.node, 'axes'), 1);
  if (!x || !axes.known) return [out(ctx.dtype(0))];
  let shape: Dim[];
  if (axes.values === undefined || axes.values.length === 0) {
    if (!x.every(isNum)) return [out(ctx.dtype(0))];
    shape = x.filter((d) => d !== 1);
  } else {
    const drop = new Set(normAxes(axes.values, x.length));
    for (const a of drop)
      if (isNum(x[a]) && x[a] !== 1)
        fail('shape-mismatch', `axis ${a} has size ${x[a]}, only size-1 axes can be squeezed`);
    shape = x.filter((_, i) => !drop.has(i));
  }
  return [out(ctx.dtype(0), shape, reshaped(ctx.value(0), shape))];
};

const unsqueeze: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const axes = attrOrInput(ctx, 13, () => intsAttr(ctx.node, 'axes'), 1);
  if (!x) return [out(ctx.dtype(0))];
  if (!axes.known) {
    // Where the new axes go is unknown, but not how many there are.
    const count = ctx.shape(1)?.[0];
    return [out(ctx.dtype(0), isNum(count) ? unknownDims(x.length + count) : undefined)];
  }
  if (!axes.values) fail('bad-attribute', 'axes are required');
  const rank = x.length + axes.values.length;
  const inserted = new Set(normAxes(axes.values, rank));
  const shape: Dim[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) shape.push(inserted.has(i) ? 1 : (x[next++] ?? null));
  return [out(ctx.dtype(0), shape, reshaped(ctx.value(0), shape))];
};

const expand: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dtype = ctx.dtype(0);
  const target = ctx.value(1)?.values;
  if (!x) return [out(dtype)];
  if (target === undefined) {
    const rank = ctx.shape(1)?.[0];
    if (!isNum(rank)) return [out(dtype)];
    // An unknown target dim could be anything where the input has 1; elsewhere the input's size wins.
    const r = Math.max(rank, x.length);
    const dims = Array.from({ length: r }, (_, i): Dim => {
      const d = x[i - (r - x.length)];
      return isNum(d) && d !== 1 ? d : null;
    });
    return [out(dtype, dims)];
  }
  const negative = target.find((d) => isNum(d) && d < 0);
  if (negative !== undefined) fail('bad-attribute', `the target shape has a dim of ${negative}`);
  const shape = broadcastShapes([x, target]);
  return [out(dtype, shape, expandValue(ctx.value(0), shape))];
};

/** The known value broadcast to `shape` (Expand), when both are small and static. */
function expandValue(v: KnownValue | undefined, shape: Shape): KnownValue | undefined {
  const count = dimProduct(shape);
  if (!v || !isNum(count) || count > FOLD_LIMIT) return undefined;
  const zeros: KnownValue = { dtype: v.dtype, shape: shape as number[], values: new Array<number>(count).fill(0) };
  return foldElementwise([v, zeros], v.dtype, ([a]) => a ?? null);
}

const tile: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (ctx.opset < 6 || !x) return [out(ctx.dtype(0))];
  const repeats = ctx.numbers(1);
  if (!repeats) return [out(ctx.dtype(0), unknownDims(x.length))];
  if (repeats.length !== x.length) fail('shape-mismatch', `${repeats.length} repeats for a rank-${x.length} input`);
  return [
    out(
      ctx.dtype(0),
      x.map((d, i) => (repeats[i] === 1 ? d : mapDim(d, (n) => n * (repeats[i] ?? 1)))),
    ),
  ];
};

function blockRule(toSpace: boolean): ShapeRule {
  return (ctx) => {
    const x = ctx.shape(0);
    if (!x) return [like(ctx)];
    if (x.length !== 4) fail('shape-mismatch', `the input has rank ${x.length}, expected 4 (N, C, H, W)`);
    const b = intAttr(ctx.node, 'blocksize') ?? fail('bad-attribute', 'attribute "blocksize" is required');
    const [n = null, c = null, h = null, w = null] = x;
    if (toSpace) {
      if (isNum(c) && c % (b * b) !== 0) fail('shape-mismatch', `${c} channels do not divide by blocksize² ${b * b}`);
      return [out(ctx.dtype(0), [n, mapDim(c, (v) => v / (b * b)), mapDim(h, (v) => v * b), mapDim(w, (v) => v * b)])];
    }
    return [
      out(ctx.dtype(0), [
        n,
        mapDim(c, (v) => v * b * b),
        mapDim(h, (v) => Math.floor(v / b)),
        mapDim(w, (v) => Math.floor(v / b)),
      ]),
    ];
  };
}

/** Rules of the shape-rearranging ops (default domain). */
export const reshapeRules: Readonly<Record<string, ShapeRule>> = {
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Expand: expand,
  Tile: tile,
  DepthToSpace: blockRule(true),
  SpaceToDepth: blockRule(false),
};
