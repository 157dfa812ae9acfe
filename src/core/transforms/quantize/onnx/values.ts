// Float values and static dimensions of constant tensors, and small constant builders.
import { isStaticShape, toFloat64, typedView } from '../../../ir/tensor';
import type { Tensor } from '../../../ir/types';

/** True for a constant whose float32 elements are loaded (the only kind quantization rewrites). */
export function isFloat32Constant(
  t: Tensor | undefined,
): t is Tensor & { readonly data: { readonly bytes: Uint8Array } } {
  return t !== undefined && t.dtype === 'float32' && t.data?.bytes !== undefined && isStaticShape(t.shape);
}

/** The elements of a float32 constant (a view over its bytes when aligned). */
export function float32Values(t: Tensor): Float32Array {
  const bytes = t.data?.bytes;
  if (!bytes) throw new Error(`tensor "${t.id}" has no data`);
  return typedView('float32', bytes) as Float32Array;
}

/** Static dimensions of a constant ([] for a scalar). */
export function staticDims(t: Tensor): number[] {
  return isStaticShape(t.shape) ? [...t.shape] : [];
}

/** Integer values of a small int64/int32 constant (shapes, axes), or undefined. */
export function intValues(t: Tensor | undefined): number[] | undefined {
  const bytes = t?.data?.bytes;
  if (!t || !bytes || (t.dtype !== 'int64' && t.dtype !== 'int32')) return undefined;
  const values = toFloat64(t.dtype, bytes);
  return values ? Array.from(values) : undefined;
}

/** Little-endian int64 bytes of small integers. */
export function int64Array(values: readonly number[]): BigInt64Array {
  return BigInt64Array.from(values.map((v) => BigInt(Math.trunc(v))));
}
