// Ops that cut and join tensors: Slice, Split, Concat, Pad.
import type { Dim, Shape } from '../../ir/types';
import { intAttr, intsAttr } from '../attrs';
import type { KnownValue, RuleContext, RuleOutput, ShapeRule } from '../context';
import { fail } from '../context';
import { isNum, normAxes, normAxis, unknownDims } from '../dims';
import { makeValue } from '../values';
import { attrOrInput, out } from './common';

// Exporters write "to the end" as INT64_MAX or INT32_MAX; anything this large means the full axis.
const TO_END = 2 ** 31 - 1;

/** Resolved [start, end) and step of a slice along an axis of size `dim` (ONNX Slice clamping rules). */
export function sliceRange(dim: number, start: number, end: number, step: number): { start: number; count: number } {
  if (step === 0) fail('bad-attribute', 'a slice step cannot be 0');
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
    return { start: s, count: Math.max(0, Math.ceil((e - s) / step)) };
  }
  s = Math.min(Math.max(s, 0), dim - 1);
  e = Math.min(Math.max(e, -1), dim - 1);
  return { start: s, count: Math.max(0, Math.ceil((s - e) / -step)) };
}

function slicedDim(dim: Dim, start: number, end: number, step: number): Dim {
  if (isNum(dim)) return sliceRange(dim, start, end, step).count;
  const whole = step === 1 ? start === 0 && end >= TO_END : step === -1 && start >= TO_END && end <= -TO_END;
  return whole ? dim : null;
}

const slice: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [out(dtype)];
  const legacy = ctx.opset < 10;
  const starts = legacy ? intsAttr(ctx.node, 'starts') : ctx.numbers(1);
  const ends = legacy ? intsAttr(ctx.node, 'ends') : ctx.numbers(2);
  const axesIn = legacy
    ? { known: true, values: intsAttr(ctx.node, 'axes') }
    : attrOrInput(ctx, 10, () => undefined, 3);
  const steps = legacy || !ctx.has(4) ? undefined : ctx.numbers(4);
  const stepsKnown = legacy || !ctx.has(4) || steps !== undefined;
  if (!starts || !ends || !stepsKnown || !axesIn.known) {
    // Axes we know are touched become unknown; without the axes, every dim may change.
    if (!axesIn.known || !axesIn.values) return [out(dtype, unknownDims(x.length))];
    const touched = new Set(normAxes(axesIn.values, x.length));
    return [
      out(
        dtype,
        x.map((d, i) => (touched.has(i) ? null : d)),
      ),
    ];
  }
  if (starts.length !== ends.length) fail('shape-mismatch', `${starts.length} starts but ${ends.length} ends`);
  const axes = normAxes(axesIn.values ?? starts.map((_, i) => i), x.length);
  if (axes.length !== starts.length) fail('shape-mismatch', `${axes.length} axes for ${starts.length} starts`);
  const shape: Dim[] = [...x];
  const ranges: { start: number; step: number }[] = x.map(() => ({ start: 0, step: 1 }));
  axes.forEach((axis, i) => {
    const step = steps?.[i] ?? 1;
    const dim = x[axis] ?? null;
    shape[axis] = slicedDim(dim, starts[i] ?? 0, ends[i] ?? 0, step);
    if (isNum(dim)) ranges[axis] = { start: sliceRange(dim, starts[i] ?? 0, ends[i] ?? 0, step).start, step };
  });
  const v = ctx.value(0);
  let value: KnownValue | undefined;
  if (v && v.shape.length === 1 && isNum(shape[0])) {
    const { start, step } = ranges[0] ?? { start: 0, step: 1 };
    value = makeValue(
      v.dtype,
      [shape[0]],
      Array.from({ length: shape[0] }, (_, i) => v.values[start + i * step] ?? null),
    );
  }
  return [out(dtype, shape, value)];
};

function splitSizes(ctx: RuleContext, dim: Dim, n: number): { known: boolean; sizes?: readonly Dim[] } {
  const given = attrOrInput(ctx, 13, () => intsAttr(ctx.node, 'split'), 1);
  // Split-1 could also take the sizes as a second input.
  const legacyInput = ctx.opset < 2 && !given.values && ctx.has(1) ? ctx.numbers(1) : undefined;
  const explicit = given.values ?? legacyInput;
  if (!given.known) return { known: false };
  if (explicit && explicit.length > 0) {
    if (explicit.length !== n) fail('shape-mismatch', `split gives ${explicit.length} sizes for ${n} outputs`);
    const total = explicit.reduce((a, b) => a + b, 0);
    if (isNum(dim) && total !== dim) fail('shape-mismatch', `split sizes add up to ${total}, the axis has ${dim}`);
    return { known: true, sizes: explicit };
  }
  if (!isNum(dim)) return { known: false };
  const numOutputs = ctx.opset >= 18 ? intAttr(ctx.node, 'num_outputs') : undefined;
  if (numOutputs !== undefined) {
    // Opset 18: uneven splits put ceil(dim / n) in every chunk but the last.
    const chunk = Math.ceil(dim / numOutputs);
    return { known: true, sizes: Array.from({ length: n }, (_, i) => (i < n - 1 ? chunk : dim - chunk * (n - 1))) };
  }
  if (dim % n !== 0) fail('shape-mismatch', `an axis of ${dim} does not split evenly into ${n} outputs`);
  return { known: true, sizes: new Array<number>(n).fill(dim / n) };
}

const split: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  const n = ctx.node.outputs.length;
  if (!x) return Array.from({ length: n }, () => out(dtype));
  const axis = normAxis(intAttr(ctx.node, 'axis', 0), x.length);
  const { sizes } = splitSizes(ctx, x[axis] ?? null, n);
  const v = ctx.value(0);
  let offset = 0;
  return Array.from({ length: n }, (_, i): RuleOutput => {
    const size = sizes?.[i] ?? null;
    const shape = x.map((d, a) => (a === axis ? size : d));
    let value: KnownValue | undefined;
    if (v && v.shape.length === 1 && isNum(size))
      value = makeValue(v.dtype, [size], v.values.slice(offset, offset + size));
    if (isNum(size)) offset += size;
    return out(dtype, shape, value);
  });
};

/** Concat's output shape: sizes add up along `axis`, the other dims must agree. */
export function concatShape(shapes: readonly (Shape | undefined)[], axisAttr: number): Shape | undefined {
  const known = shapes.filter((s): s is Shape => s !== undefined);
  const first = known[0];
  if (!first) return undefined;
  const rank = first.length;
  if (known.some((s) => s.length !== rank)) fail('shape-mismatch', 'inputs have different ranks');
  const axis = normAxis(axisAttr, rank);
  return first.map((_, a): Dim => {
    if (a === axis) {
      if (known.length < shapes.length) return null;
      let sum = 0;
      for (const s of known) {
        const d = s[a];
        if (!isNum(d)) return known.length === 1 ? (d ?? null) : null;
        sum += d;
      }
      return sum;
    }
    let dim: Dim = null;
    for (const s of known) {
      const d = s[a] ?? null;
      if (isNum(d) && isNum(dim) && d !== dim) fail('shape-mismatch', `inputs differ on axis ${a} (${dim} vs ${d})`);
      if (isNum(d) || dim === null) dim = d;
    }
    return dim;
  });
}

const concat: ShapeRule = (ctx) => {
  const n = ctx.node.inputs.length;
  const dtype = Array.from({ length: n }, (_, i) => ctx.dtype(i)).find((d) => d !== undefined);
  const shape = concatShape(
    Array.from({ length: n }, (_, i) => ctx.shape(i)),
    intAttr(ctx.node, 'axis', ctx.opset < 4 ? 1 : 0),
  );
  const values = Array.from({ length: n }, (_, i) => ctx.value(i));
  let value: KnownValue | undefined;
  if (shape?.length === 1 && dtype && values.every((v) => v !== undefined)) {
    const all = values.flatMap((v) => v?.values ?? []);
    value = makeValue(dtype, [all.length], all);
  }
  return [out(dtype, shape, value)];
};

const pad: ShapeRule = (ctx) => {
  const dtype = ctx.dtype(0);
  const x = ctx.shape(0);
  if (!x) return [out(dtype)];
  const pads = ctx.opset < 11 ? (intsAttr(ctx.node, ctx.opset < 2 ? 'paddings' : 'pads') ?? []) : ctx.numbers(1);
  const axesIn = ctx.opset >= 18 && ctx.has(3) ? ctx.numbers(3) : undefined;
  if (!pads || (ctx.opset >= 18 && ctx.has(3) && !axesIn)) return [out(dtype, unknownDims(x.length))];
  const axes = axesIn ? normAxes(axesIn, x.length) : x.map((_, i) => i);
  if (pads.length !== 2 * axes.length) fail('shape-mismatch', `${pads.length} pads for ${axes.length} axes`);
  const shape: Dim[] = [...x];
  axes.forEach((axis, i) => {
    const d = x[axis] ?? null;
    const total = (pads[i] ?? 0) + (pads[i + axes.length] ?? 0);
    shape[axis] = isNum(d) ? d + total : total === 0 ? d : null;
  });
  return [out(dtype, shape)];
};

/** Rules of the slicing and joining ops (default domain). */
export const sliceRules: Readonly<Record<string, ShapeRule>> = {
  Slice: slice,
  Split: split,
  Concat: concat,
  Pad: pad,
};
