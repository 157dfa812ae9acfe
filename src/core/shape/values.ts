// Values known at analysis time: reading constants, publishing folded values, element-wise folding.
import { isIntDType, type DType } from '../ir/dtype';
import { elementCount, toFloat64 } from '../ir/tensor';
import type { Dim, Tensor } from '../ir/types';
import type { KnownValue } from './context';
import type { FoldedValue } from './types';

/** Largest tensor (in elements) whose values are kept: shape arithmetic is tiny, weights are not needed. */
export const FOLD_LIMIT = 4096;

/** A value, or undefined when it has too many elements to keep. */
export function makeValue(dtype: DType, shape: readonly number[], values: readonly Dim[]): KnownValue | undefined {
  return values.length <= FOLD_LIMIT ? { dtype, shape, values } : undefined;
}

// Tensors are immutable, so a constant's decoded value can be shared by every inference of its model.
const decoded = new WeakMap<Tensor, KnownValue | null>();

/** The value of a constant tensor (initializer, Constant node) when it is numeric, present and small. */
export function valueOfTensor(t: Tensor): KnownValue | undefined {
  const hit = decoded.get(t);
  if (hit !== undefined) return hit ?? undefined;
  let value: KnownValue | undefined;
  try {
    value = decode(t);
  } catch {
    // Malformed constant bytes leave the value unknown; reading the file reports them, not inference.
    value = undefined;
  }
  decoded.set(t, value ?? null);
  return value;
}

function decode(t: Tensor): KnownValue | undefined {
  const bytes = t.data?.bytes;
  if (!bytes || t.shape === undefined) return undefined;
  const count = elementCount(t.shape);
  if (count === undefined || count > FOLD_LIMIT || t.shape.some((d) => typeof d !== 'number')) return undefined;
  const numbers = toFloat64(t.dtype, bytes);
  if (!numbers || numbers.length < count) return undefined;
  return { dtype: t.dtype, shape: t.shape as number[], values: Array.from(numbers.subarray(0, count)) };
}

/** The public form of a value: only when every element is a number (it shares the immutable array). */
export function toFolded(v: KnownValue): FoldedValue | undefined {
  const values = allNumbers(v.values);
  return values && { dtype: v.dtype, shape: v.shape, values };
}

/** The elements when all are numbers. */
export function allNumbers(values: readonly Dim[]): readonly number[] | undefined {
  return values.every((x) => typeof x === 'number') ? (values as readonly number[]) : undefined;
}

/** A number converted as a Cast to `dtype` would (integers truncate toward zero, bool is x ≠ 0). */
export function castNumber(x: number, dtype: DType): number {
  if (dtype === 'bool') return x !== 0 ? 1 : 0;
  if (dtype === 'float32') return Math.fround(x);
  if (isIntDType(dtype)) return Number.isFinite(x) ? Math.trunc(x) : 0;
  return x;
}

/** Row-major strides of a static shape. */
export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = s;
    s *= shape[i] ?? 1;
  }
  return out;
}

/** Numpy broadcast of static shapes, or undefined when they do not broadcast. */
export function broadcastStatic(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i] ?? 1;
      if (x === 1) continue;
      if (d !== 1 && d !== x) return undefined;
      d = x;
    }
    out.push(d);
  }
  return out;
}

/**
 * Folds an element-wise op over broadcast inputs. `f` sees the elements (which may be symbols or
 * unknown) and returns the result element.
 */
export function foldElementwise(
  inputs: readonly KnownValue[],
  dtype: DType,
  f: (xs: readonly Dim[]) => Dim,
): KnownValue | undefined {
  const shape = broadcastStatic(inputs.map((v) => v.shape));
  if (!shape) return undefined;
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > FOLD_LIMIT) return undefined;
  const outStrides = strides(shape);
  // Stride of each input along each output axis (0 where the input is broadcast).
  const inStrides = inputs.map((v) => {
    const own = strides(v.shape);
    return shape.map((_, axis) => {
      const j = axis - (shape.length - v.shape.length);
      return j < 0 || v.shape[j] === 1 ? 0 : (own[j] ?? 0);
    });
  });
  const values: Dim[] = [];
  const xs: Dim[] = new Array<Dim>(inputs.length);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < inputs.length; k++) {
      let rest = i;
      let offset = 0;
      const st = inStrides[k] ?? [];
      for (let axis = 0; axis < shape.length; axis++) {
        const os = outStrides[axis] ?? 1;
        const idx = Math.floor(rest / os);
        rest -= idx * os;
        offset += idx * (st[axis] ?? 0);
      }
      xs[k] = inputs[k]?.values[offset] ?? null;
    }
    values.push(f(xs));
  }
  return { dtype, shape, values };
}
