// Arithmetic on dimensions that may be numbers, symbols (ONNX dim_param) or unknown (null).
import type { Dim, Shape } from '../ir/types';
import { RuleError } from './context';

/** True when `d` is a known size. */
export function isNum(d: Dim | undefined): d is number {
  return typeof d === 'number';
}

/** Numpy broadcasting of two dims: 1 stretches, equal symbols merge, a size beats a symbol (which must be 1). */
export function broadcastDim(a: Dim, b: Dim): Dim {
  if (a === 1) return b;
  if (b === 1) return a;
  if (isNum(a) && isNum(b)) {
    if (a !== b) throw new RuleError('shape-mismatch', `dimensions ${a} and ${b} cannot be broadcast together`);
    return a;
  }
  if (a !== null && a === b) return a;
  if (isNum(a)) return a;
  if (isNum(b)) return b;
  return null;
}

/** Multidirectional (numpy) broadcasting of shapes, aligned on their last dimension. */
export function broadcastShapes(shapes: readonly Shape[]): Shape {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1;
    for (const s of shapes) {
      const j = s.length - rank + i;
      if (j >= 0) dim = broadcastDim(dim, s[j] ?? null);
    }
    out.push(dim);
  }
  return out;
}

/**
 * Combines two descriptions of the same dim: a size beats a symbol beats unknown; two different sizes
 * report a conflict through `onConflict` and keep `a`.
 */
export function mergeDim(a: Dim, b: Dim, onConflict?: () => void): Dim {
  if (isNum(a)) {
    if (isNum(b) && a !== b) onConflict?.();
    return a;
  }
  if (isNum(b)) return b;
  return a ?? b;
}

/** Common description of two values a dim may take (If branches, loop iterations): equal or unknown. */
export function unifyDim(a: Dim, b: Dim): Dim {
  return a === b ? a : null;
}

/** Per-dim `unifyDim` of two shapes; unknown rank when the ranks differ or either is unknown. */
export function unifyShapes(a: Shape | undefined, b: Shape | undefined): Shape | undefined {
  if (a === undefined || b === undefined || a.length !== b.length) return undefined;
  return a.map((d, i) => unifyDim(d, b[i] ?? null));
}

/** Product of dims: a number when all are known; one symbol times 1 stays that symbol; else unknown. */
export function dimProduct(dims: readonly Dim[]): Dim {
  if (dims.some((d) => d === 0)) return 0;
  let n = 1;
  const symbols: string[] = [];
  for (const d of dims) {
    if (d === null) return null;
    if (isNum(d)) n *= d;
    else symbols.push(d);
  }
  if (symbols.length === 0) return n;
  return symbols.length === 1 && n === 1 ? (symbols[0] ?? null) : null;
}

/** `f` applied to known sizes; unknown when the dim is not a number. */
export function mapDim(d: Dim, f: (n: number) => number): Dim {
  return isNum(d) ? f(d) : null;
}

/** An axis attribute normalised into [0, rank); negative axes count from the end (ONNX convention). */
export function normAxis(axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    throw new RuleError('bad-attribute', `${what} ${axis} is out of range for a tensor of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** A list of axes normalised and checked for repeats. */
export function normAxes(axes: readonly number[], rank: number, what = 'axes'): number[] {
  const out = axes.map((a) => normAxis(a, rank, what));
  if (new Set(out).size !== out.length)
    throw new RuleError('bad-attribute', `${what} [${axes.join(', ')}] repeat an axis`);
  return out;
}

/** Shape of all-unknown dims of a given rank. */
export function unknownDims(rank: number): Dim[] {
  return Array.from({ length: rank }, () => null);
}
