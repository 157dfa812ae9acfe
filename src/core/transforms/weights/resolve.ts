// Following a layer's weight operand back to the constant that stores it: an initializer / buffer, an ONNX
// Constant node, and through a constant Reshape (CNTK keeps MatMul weights behind one: corpus mnist-8) or a
// dequantization of constant integers (ONNX DequantizeLinear, TFLite DEQUANTIZE). When there is none, the
// reason is returned instead, for the refusal message.
import { dtypeByteLength, type DType } from '../../ir/dtype';
import type { GraphIndex } from '../../ir/graph-index';
import { isStaticShape, toFloat64 } from '../../ir/tensor';
import type { FormatId, Node, Quantization, Tensor } from '../../ir/types';
import type { WeightStorage } from './types';

/** Stored dtypes whose values can be read and written back. */
const FLOAT_TYPES: ReadonlySet<DType> = new Set(['float32', 'float16', 'float64']);
const GRID_TYPES: ReadonlySet<DType> = new Set(['int8', 'uint8', 'int16', 'uint16', 'int4', 'uint4']);

/** A weight's stored constant, as the layer sees it. */
export interface ResolvedWeight {
  readonly tensor: Tensor;
  readonly storage: WeightStorage;
  readonly constantNode?: string;
  readonly via: readonly string[];
  readonly quant?: Quantization;
  readonly storedShape: readonly number[];
  /** The shape the layer sees. */
  readonly shape: readonly number[];
}

export type Resolution = { readonly ok: ResolvedWeight } | { readonly reason: string };

const isDefault = (node: Node): boolean => node.domain === '' || node.domain === 'ai.onnx';

function attrInt(node: Node, name: string): number | undefined {
  const a = node.attributes[name];
  return a && a.type === 'int' ? a.value : undefined;
}

/** Integer values of a small constant (shapes, axes). */
function intValues(t: Tensor | undefined): number[] | undefined {
  const bytes = t?.data?.bytes;
  if (!t || !bytes || (t.dtype !== 'int64' && t.dtype !== 'int32')) return undefined;
  const values = toFloat64(t.dtype, bytes);
  return values ? Array.from(values) : undefined;
}

/** ONNX Reshape's target dims: 0 copies the input dim (unless allowzero), one -1 is inferred. */
export function reshapeDims(
  input: readonly number[],
  target: readonly number[],
  allowZero = false,
): number[] | undefined {
  const total = input.reduce((a, b) => a * b, 1);
  const dims = target.map((d, i) => (d === 0 && !allowZero ? input[i] : d));
  if (dims.some((d) => d === undefined)) return undefined;
  const known = (dims as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (dims.filter((d) => d === -1).length > 1) return undefined;
  const out = (dims as number[]).map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d));
  const ok = out.every((d) => Number.isInteger(d) && d >= 0) && out.reduce((a, b) => a * b, 1) === total;
  return ok ? out : undefined;
}

function storable(t: Tensor, quant: Quantization | undefined): string | undefined {
  if (!isStaticShape(t.shape)) return `weight "${t.id}" has no static shape`;
  if (!t.data?.bytes) return `the data of weight "${t.id}" is not loaded (an external data file is missing)`;
  if (FLOAT_TYPES.has(t.dtype) && !quant) return undefined;
  if (GRID_TYPES.has(t.dtype) && quant && quant.scale.length > 0) return undefined;
  return `weight "${t.id}" is stored as ${t.dtype}${quant ? ' with quantization' : ''}, which pruning does not rewrite`;
}

/** The stored constant behind tensor `id`, following at most a few Reshape / dequantize steps. */
export function resolveWeight(format: FormatId, index: GraphIndex, nodes: readonly Node[], id: string): Resolution {
  return follow(format, index, nodes, id, 3);
}

function follow(format: FormatId, index: GraphIndex, nodes: readonly Node[], id: string, hops: number): Resolution {
  const t = index.tensor.get(id);
  if (t?.data) {
    const why = storable(t, t.quant);
    if (why) return { reason: why };
    const shape = t.shape as readonly number[];
    return {
      ok: { tensor: t, storage: 'tensor', via: [], ...(t.quant ? { quant: t.quant } : {}), storedShape: shape, shape },
    };
  }
  const at = index.producer.get(id);
  if (at === undefined) return { reason: 'weights are graph inputs fed at run time, not constants' };
  const producer = nodes[at]!;
  if (format === 'onnx' && isDefault(producer) && producer.op === 'Constant') return constantNode(producer, id);
  if (hops === 0) return { reason: `weights are computed at run time by ${producer.op}` };
  const step = (inner: Resolution, rewrite: (w: ResolvedWeight) => Resolution | undefined, why: string): Resolution => {
    if ('reason' in inner) return inner;
    return rewrite(inner.ok) ?? { reason: why };
  };
  if (producer.op === 'Reshape' || producer.op === 'RESHAPE') {
    const inner = follow(format, index, nodes, producer.inputs[0] ?? '', hops - 1);
    return step(
      inner,
      (w) => {
        const target = reshapeTarget(format, producer, index);
        const dims = target && reshapeDims(w.shape, target, attrInt(producer, 'allowzero') === 1);
        return dims ? { ok: { ...w, via: [...w.via, producer.id], shape: dims } } : undefined;
      },
      `weights are reshaped at run time by ${producer.op} "${producer.name || producer.id}"`,
    );
  }
  if (format === 'onnx' && isDefault(producer) && producer.op === 'DequantizeLinear')
    return dequantizeLinear(producer, index);
  if (format === 'tflite' && producer.op === 'DEQUANTIZE') {
    const inner = follow(format, index, nodes, producer.inputs[0] ?? '', 0);
    return step(inner, (w) => ({ ok: { ...w, via: [producer.id] } }), 'weights are dequantized from a non-constant');
  }
  return { reason: `weights are computed at run time by ${producer.op}` };
}

function reshapeTarget(format: FormatId, node: Node, index: GraphIndex): number[] | undefined {
  const fromInput = intValues(index.tensor.get(node.inputs[1] ?? ''));
  if (fromInput) return fromInput;
  const a = node.attributes['new_shape'];
  if (format === 'tflite' && a && a.type === 'ints') return [...a.value];
  // The declared output shape, when static.
  const out = index.tensor.get(node.outputs[0] ?? '');
  return isStaticShape(out?.shape) ? [...out.shape] : undefined;
}

function constantNode(node: Node, id: string): Resolution {
  const value = node.attributes['value'];
  if (!value || value.type !== 'tensor')
    return { reason: `weights are held by Constant "${node.id}" in a form other than a tensor` };
  const t = value.value;
  const why = storable(t, undefined);
  if (why) return { reason: why };
  const shape = t.shape as readonly number[];
  const tensor: Tensor = { ...t, id, name: id };
  return { ok: { tensor, storage: 'constant-node', constantNode: node.id, via: [], storedShape: shape, shape } };
}

// ONNX DequantizeLinear: y = (x − zero_point) × scale, per tensor or along `axis` (default 1); a block_size
// (opset 21 blocked quantization) is not rewritten here.
function dequantizeLinear(node: Node, index: GraphIndex): Resolution {
  const x = index.tensor.get(node.inputs[0] ?? '');
  const scale = index.tensor.get(node.inputs[1] ?? '');
  const zp = index.tensor.get(node.inputs[2] ?? '');
  const blocked = (attrInt(node, 'block_size') ?? 0) > 0;
  const scales = scale?.data?.bytes ? toFloat64(scale.dtype, scale.data.bytes) : undefined;
  const zeros = zp?.data?.bytes ? toFloat64(zp.dtype, zp.data.bytes) : undefined;
  if (!x?.data || !scales || (node.inputs[2] && !zeros) || blocked)
    return {
      reason: `weights are dequantized at run time by DequantizeLinear "${node.id}" from values that are not plain constants`,
    };
  const rank = x.shape?.length ?? 0;
  const rawAxis = attrInt(node, 'axis') ?? 1;
  const quant: Quantization = {
    scale: Array.from(scales),
    zeroPoint: zeros ? Array.from(zeros) : new Array<number>(scales.length).fill(0),
    ...(scales.length > 1 ? { axis: rawAxis < 0 ? rawAxis + rank : rawAxis } : {}),
  };
  const why = storable(x, quant);
  if (why) return { reason: why };
  const shape = x.shape as readonly number[];
  return { ok: { tensor: x, storage: 'tensor', via: [node.id], quant, storedShape: shape, shape } };
}

/** Bytes of one stored element (sub-byte types count as a fraction). */
export function elementBytes(dtype: DType): number {
  return dtypeByteLength(dtype, 8) / 8;
}
