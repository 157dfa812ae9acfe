// Receptive fields of one patch: which rows (or columns) of every tensor of a patch stage are needed to
// compute a tile of the stage output. Bounding boxes are separable — the box of a union of boxes is the
// union of their row ranges × the union of their column ranges — so each spatial axis is propagated on
// its own and a patch's region is (rows of its tile row) × (columns of its tile column).
import type { AxisWindow, SpatialOp } from './spatial-ops';

/** A half-open range [lo, hi) of rows or columns; empty when hi <= lo. */
export type Interval = readonly [number, number];

export const EMPTY: Interval = [0, 0];

/** Length of a range (0 when empty). */
export function span(r: Interval): number {
  return Math.max(0, r[1] - r[0]);
}

/** The smallest range holding both. */
export function hull(a: Interval | undefined, b: Interval): Interval {
  if (a === undefined || span(a) === 0) return b;
  if (span(b) === 0) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

/** `size` split into `parts` consecutive ranges whose lengths differ by at most one. */
export function evenSplit(size: number, parts: number): Interval[] {
  const cuts = Array.from({ length: parts + 1 }, (_, i) => Math.floor((i * size) / parts));
  return cuts.slice(0, -1).map((lo, i) => [lo, cuts[i + 1]!]);
}

/**
 * Input range read by an output range through a window: output o reads inputs
 * o·stride − pad … o·stride − pad + (kernel − 1)·dilation; clamped to the input, since padding is never
 * stored (it is produced on the fly).
 */
export function inputRange(out: Interval, w: AxisWindow, inputSize: number): Interval {
  if (span(out) === 0) return EMPTY;
  const lo = out[0] * w.stride - w.padBegin;
  const hi = (out[1] - 1) * w.stride - w.padBegin + (w.kernel - 1) * w.dilation + 1;
  const clampedLo = Math.max(0, Math.min(inputSize, lo));
  const clampedHi = Math.max(0, Math.min(inputSize, hi));
  return clampedHi > clampedLo ? [clampedLo, clampedHi] : EMPTY;
}

/** A stage compiled for fast propagation: tensors numbered, ops as index arrays in schedule order. */
export interface CompiledStage {
  readonly tensors: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly output: number;
  readonly ops: readonly {
    readonly output: number;
    readonly inputs: readonly { readonly tensor: number; readonly op: SpatialOp['inputs'][number] }[];
  }[];
}

/** Numbers the tensors of a stage's ops. */
export function compileStage(ops: readonly SpatialOp[], output: string): CompiledStage {
  const index = new Map<string, number>();
  const tensors: string[] = [];
  const number = (id: string): number => {
    let i = index.get(id);
    if (i === undefined) {
      i = tensors.length;
      index.set(id, i);
      tensors.push(id);
    }
    return i;
  };
  const compiled = ops.map((op) => ({
    output: number(op.output),
    inputs: op.inputs.map((input) => ({ tensor: number(input.id), op: input })),
  }));
  return { tensors, index, output: number(output), ops: compiled };
}

/**
 * Lengths along `axis` (0: rows, 1: columns) of the range of every stage tensor needed for `tile` of the
 * stage output (0 where none is), indexed as `stage.tensors`: ops are walked from the last to the first;
 * a tensor read by several ops needs the hull of their reads.
 */
export function backPropagate(stage: CompiledStage, axis: 0 | 1, tile: Interval): Float64Array {
  const n = stage.tensors.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  lo[stage.output] = tile[0];
  hi[stage.output] = tile[1];
  for (let i = stage.ops.length - 1; i >= 0; i--) {
    const op = stage.ops[i]!;
    const out: Interval = [lo[op.output]!, hi[op.output]!];
    if (span(out) === 0) continue;
    for (const { tensor, op: input } of op.inputs) {
      const [l, h] = hull([lo[tensor]!, hi[tensor]!], inputRange(out, input.window[axis], input.size[axis]));
      lo[tensor] = l;
      hi[tensor] = h;
    }
  }
  return hi.map((h, i) => Math.max(0, h - lo[i]!));
}
