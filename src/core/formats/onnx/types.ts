// TypeProto ↔ IR: tensor types become dtype + shape; sequence/map/optional/sparse types become a
// ValueType (onnx.proto TypeProto). Shapes keep symbolic dims as strings and unknown dims as null.
import type { DType } from '../../ir/dtype';
import type { Dim, Shape, ValueType } from '../../ir/types';
import { dtypeFromOnnx, isKnownOnnxType, onnxFromDtype } from './dtypes';
import type { OnnxTensorExtras } from './extras';
import type { DimensionProto, TensorShapeProto, TypeProto } from './proto';
import { encodeMessage, has, ProtoTypes, toInt64, toNumber, decodeMessage } from './proto';

/** What a ValueInfoProto's type says about a value. */
export interface DeclaredType {
  readonly dtype: DType;
  readonly shape?: Shape;
  readonly valueType?: ValueType;
  /** Details the IR has no field for (kept in the tensor's extras). */
  readonly extras: Partial<OnnxTensorExtras>;
}

function readDim(dim: DimensionProto): Dim {
  if (has(dim, 'dim_value')) return toNumber(dim.dim_value);
  if (has(dim, 'dim_param')) return dim.dim_param ?? '';
  return null;
}

function readShape(shape: TensorShapeProto | null | undefined): Shape | undefined {
  return shape ? (shape.dim ?? []).map(readDim) : undefined;
}

function dimDenotations(shape: TensorShapeProto | null | undefined): string[] | undefined {
  const notes = (shape?.dim ?? []).map((d) => d.denotation ?? '');
  return notes.some((n) => n !== '') ? notes : undefined;
}

function present<T extends object, K extends keyof T & string>(message: T, field: K): NonNullable<T[K]> | undefined {
  return has(message, field) ? (message[field] ?? undefined) : undefined;
}

/** The IR view of a TypeProto; `undefined` type (absent in the file) gives dtype 'undefined'. */
export function readType(type: TypeProto | null | undefined): DeclaredType {
  if (!type) return { dtype: 'undefined', extras: {} };
  const extras: Partial<Record<keyof OnnxTensorExtras, unknown>> = {};
  if (type.denotation) extras.denotation = type.denotation;
  const tensor = present(type, 'tensor_type');
  const sparse = present(type, 'sparse_tensor_type');
  const described = tensor ?? sparse;
  if (described) {
    const dtype = dtypeFromOnnx(described.elem_type);
    if (!isKnownOnnxType(described.elem_type)) extras.elemType = described.elem_type;
    const shape = readShape(present(described, 'shape'));
    const notes = dimDenotations(present(described, 'shape'));
    if (notes) extras.dimDenotations = notes;
    const base = { dtype, ...(shape ? { shape } : {}), extras: extras as Partial<OnnxTensorExtras> };
    return sparse && !tensor ? { ...base, valueType: { kind: 'sparse', ...withoutExtras(base) } } : base;
  }
  const valueType = readValueType(type);
  if (valueType) return { dtype: 'undefined', valueType, extras: extras as Partial<OnnxTensorExtras> };
  // Opaque types (or types newer than this schema) are kept whole.
  extras.typeProto = encodeMessage(ProtoTypes.TypeProto, type);
  return { dtype: 'undefined', extras: extras as Partial<OnnxTensorExtras> };
}

function withoutExtras(t: { dtype: DType; shape?: Shape }): { dtype: DType; shape?: Shape } {
  return t.shape ? { dtype: t.dtype, shape: t.shape } : { dtype: t.dtype };
}

function readValueType(type: TypeProto | null | undefined): ValueType | undefined {
  if (!type) return undefined;
  const tensor = present(type, 'tensor_type');
  if (tensor) {
    const shape = readShape(present(tensor, 'shape'));
    return { kind: 'tensor', dtype: dtypeFromOnnx(tensor.elem_type), ...(shape ? { shape } : {}) };
  }
  const sparse = present(type, 'sparse_tensor_type');
  if (sparse) {
    const shape = readShape(present(sparse, 'shape'));
    return { kind: 'sparse', dtype: dtypeFromOnnx(sparse.elem_type), ...(shape ? { shape } : {}) };
  }
  const sequence = present(type, 'sequence_type');
  if (sequence) return withElement('sequence', readValueType(sequence.elem_type));
  const optional = present(type, 'optional_type');
  if (optional) return withElement('optional', readValueType(optional.elem_type));
  const map = present(type, 'map_type');
  if (map) {
    const value = readValueType(map.value_type);
    return { kind: 'map', keyType: dtypeFromOnnx(map.key_type), ...(value ? { value } : {}) };
  }
  return undefined;
}

function withElement(kind: 'sequence' | 'optional', element: ValueType | undefined): ValueType {
  return element ? { kind, element } : { kind };
}

/** What the writer knows about a value, to describe it as a TypeProto. */
export interface TypeSource {
  readonly dtype: DType;
  readonly shape?: Shape;
  readonly valueType?: ValueType;
  readonly extras?: Partial<OnnxTensorExtras>;
}

/** A TypeProto for a value, or undefined when nothing is known about it (written without a type). */
export function writeType(source: TypeSource): TypeProto | undefined {
  const extras = source.extras ?? {};
  let type: TypeProto | undefined;
  if (source.valueType) type = writeValueType(source.valueType, extras);
  else if (source.dtype !== 'undefined' || source.shape !== undefined || extras.elemType !== undefined)
    type = { tensor_type: writeTensorType(source.dtype, source.shape, extras) };
  else if (extras.typeProto) type = decodeMessage<TypeProto>(ProtoTypes.TypeProto, extras.typeProto);
  if (type && extras.denotation) type.denotation = extras.denotation;
  return type;
}

function writeTensorType(
  dtype: DType,
  shape: Shape | undefined,
  extras: Partial<OnnxTensorExtras>,
): { elem_type?: number; shape?: TensorShapeProto } {
  const code = extras.elemType ?? onnxFromDtype(dtype);
  return {
    ...(code !== undefined ? { elem_type: code } : {}),
    ...(shape ? { shape: writeShape(shape, extras.dimDenotations) } : {}),
  };
}

function writeShape(shape: Shape, notes: readonly string[] | undefined): TensorShapeProto {
  return {
    dim: shape.map((d, i) => {
      const dim: DimensionProto = {};
      if (typeof d === 'number') dim.dim_value = toInt64(d);
      else if (typeof d === 'string') dim.dim_param = d;
      const note = notes?.[i];
      if (note) dim.denotation = note;
      return dim;
    }),
  };
}

function writeValueType(v: ValueType, extras: Partial<OnnxTensorExtras>): TypeProto {
  switch (v.kind) {
    case 'tensor':
      return { tensor_type: writeTensorType(v.dtype, v.shape, extras) };
    case 'sparse':
      return { sparse_tensor_type: writeTensorType(v.dtype, v.shape, extras) };
    case 'sequence':
      return { sequence_type: v.element ? { elem_type: writeValueType(v.element, {}) } : {} };
    case 'optional':
      return { optional_type: v.element ? { elem_type: writeValueType(v.element, {}) } : {} };
    case 'map':
      return {
        map_type: {
          key_type: onnxFromDtype(v.keyType) ?? 0,
          ...(v.value ? { value_type: writeValueType(v.value, {}) } : {}),
        },
      };
  }
}
