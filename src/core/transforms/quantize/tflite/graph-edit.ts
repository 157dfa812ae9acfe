// Small helpers for rewriting a TFLite graph: unique ids, constant tensors, QUANTIZE/DEQUANTIZE nodes,
// operator versions and constant values.
import { tfliteExtras, type TfliteNodeExtras } from '../../../formats/tflite/extras';
import { typedView } from '../../../ir/tensor';
import type { Node, Quantization, Tensor, TensorData } from '../../../ir/types';
import { bytesOf } from '../../../ir/tensor';

/** Hands out ids not used yet, derived from a base (`base`, `base_1`, …). */
export class IdPool {
  private readonly used: Set<string>;

  constructor(existing: Iterable<string>) {
    this.used = new Set(existing);
  }

  take(base: string): string {
    let id = base;
    for (let n = 1; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }
}

/** A float32 tensor. */
export type FloatTensor = Tensor & { readonly dtype: 'float32' };

/** The float32 values of a constant tensor (a view when aligned). */
export function floatValues(tensor: Tensor): Float32Array {
  const bytes = tensor.data?.bytes;
  if (!bytes) throw new Error(`tensor "${tensor.id}" has no data`);
  return typedView('float32', bytes) as Float32Array;
}

/** True for a float32 tensor holding constant data. */
export function isFloatConstant(tensor: Tensor | undefined): tensor is FloatTensor & { readonly data: TensorData } {
  return tensor !== undefined && tensor.dtype === 'float32' && tensor.data?.bytes !== undefined;
}

/** True for a float32 tensor computed at run time (an activation, a graph input or output). */
export function isFloatActivation(tensor: Tensor | undefined): tensor is FloatTensor {
  return tensor !== undefined && tensor.dtype === 'float32' && tensor.data === undefined;
}

/** Static dims of a tensor (unknown or symbolic dims count as 1, as TFLite stores them). */
export function staticShape(tensor: Tensor): number[] {
  return (tensor.shape ?? []).map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
}

/** A constant tensor holding `values`. */
export function constantTensor(
  id: string,
  name: string,
  like: Tensor,
  dtype: Tensor['dtype'],
  values: ArrayBufferView,
  quant?: Quantization,
): Tensor {
  return {
    id,
    name,
    dtype,
    ...(like.shape ? { shape: like.shape } : {}),
    data: { bytes: bytesOf(values) },
    ...(quant ? { quant } : {}),
  };
}

/** A node's extras with its TFLite operator version set (version 1 is the writer's default). */
export function withVersion(node: Node, version: number): Node['extras'] {
  const tflite: TfliteNodeExtras = { ...tfliteExtras<TfliteNodeExtras>(node.extras) };
  const { version: _old, ...rest } = tflite;
  const next: Record<string, unknown> = version === 1 ? rest : { ...rest, version };
  const others = Object.fromEntries(Object.entries(node.extras ?? {}).filter(([k]) => k !== 'tflite'));
  if (Object.keys(next).length === 0) return Object.keys(others).length ? others : undefined;
  return { ...others, tflite: next };
}

/** A QUANTIZE or DEQUANTIZE node (no options table, as the converter writes them). */
export function conversionNode(
  id: string,
  op: 'QUANTIZE' | 'DEQUANTIZE',
  input: string,
  output: string,
  version: number,
): Node {
  const tflite: Record<string, unknown> = { options: null };
  if (version !== 1) tflite['version'] = version;
  return { id, name: '', op, domain: '', inputs: [input], outputs: [output], attributes: {}, extras: { tflite } };
}

/** Per-tensor int8 quantization parameters, with the calibrated range when it is recorded. */
export function perTensorQuant(scale: number, zeroPoint: number, range?: { min: number; max: number }): Quantization {
  return {
    scale: [Math.fround(scale)],
    zeroPoint: [zeroPoint],
    ...(range ? { min: [Math.fround(range.min)], max: [Math.fround(range.max)] } : {}),
  };
}
