// Constant tensors as run-time values: decoded once per tensor (the IR is immutable, so a WeakMap keyed by
// the tensor object is a safe cache across runs and batches).
import { ExecutionError } from '../errors';
import { realValues } from '../ir/quantization';
import { elementCount, isStaticShape } from '../ir/tensor';
import type { Tensor } from '../ir/types';
import type { RuntimeTensor } from './types';

const cache = new WeakMap<Tensor, RuntimeTensor>();

/**
 * The value of a constant: its elements as float32 (quantized constants dequantized to their real values,
 * float16 widened, int64 as the nearest float). Throws for data it cannot hold (strings, missing bytes).
 */
export function constantValue(tensor: Tensor): RuntimeTensor {
  const hit = cache.get(tensor);
  if (hit) return hit;
  const real = realValues(tensor);
  if (!real)
    throw new ExecutionError(
      'unsupported-case',
      `constant "${tensor.name || tensor.id}" (${tensor.dtype}) has no numeric data the executor can use`,
      tensor.id,
    );
  const count = elementCount(tensor.shape);
  const shape = isStaticShape(tensor.shape) ? tensor.shape : [count ?? real.values.length];
  if (count !== undefined && real.values.length < count)
    throw new ExecutionError(
      'unsupported-case',
      `constant "${tensor.name || tensor.id}" holds ${real.values.length} values but its shape needs ${count}`,
      tensor.id,
    );
  const value: RuntimeTensor = {
    dtype: tensor.dtype,
    shape,
    data: Float32Array.from(real.values.subarray(0, count ?? real.values.length)),
  };
  cache.set(tensor, value);
  return value;
}
