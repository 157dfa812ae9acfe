// What the ONNX reader keeps beside the IR for write-back, under `extras.onnx` of models, graphs, nodes
// and tensors. Sub-messages the IR has no field for are kept as their encoded protobuf bytes.
import type { KeyValue } from '../../ir/types';
import { formatExtras, formatExtrasField, type Extras } from '../extras';

export interface OnnxModelExtras {
  /** ModelProto.functions (model-local functions), each an encoded FunctionProto. */
  readonly functions?: readonly Uint8Array[];
  /** ModelProto.training_info, each an encoded TrainingInfoProto. */
  readonly trainingInfo?: readonly Uint8Array[];
  /** ModelProto.configuration, each an encoded DeviceConfigurationProto. */
  readonly configuration?: readonly Uint8Array[];
  /** Fields newer than this schema, raw. */
  readonly unknownFields?: readonly Uint8Array[];
}

export interface OnnxGraphExtras {
  /** GraphProto.sparse_initializer, each an encoded SparseTensorProto. */
  readonly sparseInitializers?: readonly Uint8Array[];
  /** GraphProto.quantization_annotation, each an encoded TensorAnnotation. */
  readonly quantizationAnnotations?: readonly Uint8Array[];
  readonly metadataProps?: readonly KeyValue[];
  readonly unknownFields?: readonly Uint8Array[];
}

export interface OnnxNodeExtras {
  /** NodeProto.overload: which overload of a model-local function the node calls. */
  readonly overload?: string;
  readonly metadataProps?: readonly KeyValue[];
  /** NodeProto.device_configurations, each an encoded NodeDeviceConfigurationProto. */
  readonly deviceConfigurations?: readonly Uint8Array[];
  readonly unknownFields?: readonly Uint8Array[];
}

export interface OnnxTensorExtras {
  /** The TensorProto.DataType code when the IR has no dtype for it (e.g. FLOAT8E8M0, INT2). */
  readonly elemType?: number;
  /** TensorProto.metadata_props. */
  readonly metadataProps?: readonly KeyValue[];
  /** ValueInfoProto.metadata_props. */
  readonly valueInfoMetadataProps?: readonly KeyValue[];
  /** TensorProto.segment (a chunk of a larger tensor). */
  readonly segment?: { readonly begin: number; readonly end: number };
  /** TypeProto.denotation. */
  readonly denotation?: string;
  /** TensorShapeProto.Dimension.denotation per dimension ('' where none). */
  readonly dimDenotations?: readonly string[];
  /** A TypeProto the IR cannot describe (opaque types), encoded. */
  readonly typeProto?: Uint8Array;
  readonly unknownFields?: readonly Uint8Array[];
}

/** The ONNX part of an IR object's extras (empty when there is none). */
export function onnxExtras<T extends object>(extras: Extras): Partial<T> {
  return formatExtras<T>(extras, 'onnx');
}

/** `{ extras: { onnx } }` when `onnx` holds anything, else `{}` (so plain models stay plain). */
export function extrasField(onnx: Record<string, unknown>): { extras?: { onnx: Record<string, unknown> } } {
  return formatExtrasField('onnx', onnx);
}

/** StringStringEntryProto list → KeyValue list. */
export function keyValues(entries: readonly { key?: string; value?: string }[] | undefined): KeyValue[] {
  return (entries ?? []).map((e) => ({ key: e.key ?? '', value: e.value ?? '' }));
}
