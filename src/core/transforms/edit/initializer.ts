// editInitializer: scale a constant, set it to zero, or load its values from an .npy array. Quantized
// constants change in real values: scaling multiplies their quantization scale (exact, the integers stay),
// zero sets every element to its channel's zero point.
import { getKernels } from '../../../kernels/index';
import { readNpy, type NpyArray } from '../../data/npy';
import { base64Decode } from '../../formats/tfjs/text';
import { isFloatDType } from '../../ir/dtype';
import { bytesOf, constantElementCount, formatShape, isStaticShape, typedView } from '../../ir/tensor';
import type { Model, Quantization, Tensor } from '../../ir/types';
import { isCoreError } from '../../errors';
import { refuse } from './edit-error';
import { requireDeclared } from './lookup';
import { editResult } from './result';
import type { EditContext, EditResult, InitializerChange, NpySource } from './types';

const GRID = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32']);

function floatsOf(t: Tensor, bytes: Uint8Array): Float32Array | Float64Array {
  if (t.dtype === 'float64') return (typedView('float64', bytes) as Float64Array).slice();
  if (t.dtype === 'float32') return (typedView('float32', bytes) as Float32Array).slice();
  const out = new Float32Array(Math.floor(bytes.byteLength / 2));
  getKernels().float16ToFloat32(typedView('float16', bytes) as Uint16Array, out);
  return out;
}

function encodeFloats(dtype: Tensor['dtype'], values: ArrayLike<number>): Uint8Array {
  if (dtype === 'float64') return bytesOf(Float64Array.from(values));
  const f32 = Float32Array.from(values);
  if (dtype === 'float32') return bytesOf(f32);
  const half = new Uint16Array(f32.length);
  getKernels().float32ToFloat16(f32, half);
  return bytesOf(half);
}

const SCALABLE = new Set(['float32', 'float64', 'float16']);

function scaled(t: Tensor, bytes: Uint8Array, factor: number): Tensor {
  if (!Number.isFinite(factor)) refuse('bad-value', `the scale factor must be a number, not ${factor}`, t.id);
  if (t.quant && GRID.has(t.dtype)) {
    if (factor <= 0)
      refuse('bad-value', `"${t.id}" is quantized: scale it by a factor above 0 (or set it to zero)`, t.id);
    const q = t.quant;
    const quant: Quantization = {
      ...q,
      scale: q.scale.map((s) => s * factor),
      ...(q.min ? { min: q.min.map((v) => v * factor) } : {}),
      ...(q.max ? { max: q.max.map((v) => v * factor) } : {}),
    };
    return { ...t, quant };
  }
  if (!SCALABLE.has(t.dtype))
    refuse('not-possible', `"${t.id}" holds ${t.dtype} values without quantization: scaling would need rounding`, t.id);
  const values = floatsOf(t, bytes).map((v) => v * factor);
  return { ...t, data: { bytes: encodeFloats(t.dtype, values) } };
}

function zeroed(t: Tensor, bytes: Uint8Array): Tensor {
  const q = t.quant;
  if (!q || !GRID.has(t.dtype) || q.zeroPoint.every((z) => z === 0))
    return { ...t, data: { bytes: new Uint8Array(bytes.byteLength) } };
  const out = new Uint8Array(bytes.byteLength);
  const view = typedView(t.dtype, out);
  const count = constantElementCount(t);
  const shape = (t.shape ?? [count]).map((d) => (typeof d === 'number' ? d : 1));
  const axis = q.axis !== undefined && q.zeroPoint.length > 1 ? q.axis : undefined;
  const inner = axis === undefined ? 1 : shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channels = axis === undefined ? 1 : (shape[axis] ?? 1);
  for (let i = 0; i < count; i++) {
    const c = axis === undefined ? 0 : Math.floor(i / inner) % channels;
    view[i] = q.zeroPoint[c] ?? q.zeroPoint[0] ?? 0;
  }
  return { ...t, data: { bytes: out } };
}

function npyBytes(source: NpySource, context: EditContext): { bytes: Uint8Array; name: string } {
  if ('base64' in source) {
    const bytes = base64Decode(source.base64);
    return bytes ? { bytes, name: 'the .npy data' } : refuse('bad-value', 'the .npy data is not valid base64');
  }
  if (!context.readFile)
    return refuse('not-possible', `${source.file}: reading .npy files is not available here`, source.file);
  return { bytes: context.readFile(source.file), name: source.file };
}

function fromNpy(t: Tensor, source: NpySource, context: EditContext): Tensor {
  const { bytes, name } = npyBytes(source, context);
  let array: NpyArray;
  try {
    array = readNpy(bytes, name);
  } catch (error) {
    if (isCoreError(error)) refuse('bad-value', error.message, t.id);
    throw error;
  }
  const want = t.shape;
  if (!isStaticShape(want) || want.length !== array.shape.length || want.some((d, i) => d !== array.shape[i]))
    refuse('bad-value', `${name} holds shape ${formatShape(array.shape)}, but "${t.id}" is ${formatShape(want)}`, t.id);
  const raw = bytesOf(array.data);
  if (array.dtype === t.dtype) return { ...t, data: { bytes: raw.slice() } };
  if (SCALABLE.has(t.dtype) && isFloatDType(array.dtype)) {
    const values =
      array.dtype === 'float16'
        ? floatsOf({ ...t, dtype: 'float16' }, raw)
        : Array.from(array.data as ArrayLike<number>);
    return { ...t, data: { bytes: encodeFloats(t.dtype, values) } };
  }
  return refuse('bad-value', `${name} holds ${array.dtype} values, but "${t.id}" is ${t.dtype}`, t.id);
}

/** editInitializer (see InitializerChange). */
export function editInitializer(
  model: Model,
  tensor: string,
  change: InitializerChange,
  context: EditContext = {},
): EditResult {
  const graph = model.graph;
  const t = requireDeclared(graph, tensor, 'constant');
  const bytes = t.data?.bytes;
  if (!t.data)
    refuse('not-possible', `"${tensor}" is not a constant: only initializers and weights can be edited`, tensor);
  if (!bytes)
    refuse(
      'not-possible',
      `the values of "${tensor}" are not loaded (strings, or an external data file not given)`,
      tensor,
    );
  const next =
    change.kind === 'scale'
      ? scaled(t, bytes, change.factor)
      : change.kind === 'zero'
        ? zeroed(t, bytes)
        : fromNpy(t, change.npy, context);
  const tensors = graph.tensors.map((x) => (x === t ? next : x));
  const readers = graph.nodes.filter((n) => n.inputs.includes(tensor)).map((n) => n.id);
  return editResult({ ...model, graph: { ...graph, tensors } }, { nodes: readers, tensors: [tensor] });
}
