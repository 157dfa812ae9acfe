import type { DType } from './dtype';

/**
 * The graph IR. Everything here is plain, immutable data: transforms return new objects and never
 * mutate what they were given (tests deep-freeze their inputs). Typed arrays inside tensor data are the
 * one exception JavaScript cannot freeze; by convention nobody writes into them.
 *
 * The IR holds what the file holds. Derived facts (inferred shapes, memory plans) live beside it, so a
 * model written back keeps exactly what was read.
 */

/** Source formats the studio reads and writes. */
export type FormatId = 'onnx' | 'tflite' | 'tfjs';

/** One dimension: a size, a symbolic name (ONNX dim_param, e.g. "N"), or unknown. */
export type Dim = number | string | null;

/** A shape; `undefined` where a tensor's rank is unknown. */
export type Shape = readonly Dim[];

/** Affine quantization of a tensor: real = scale × (q − zeroPoint), per tensor or along `axis`. */
export interface Quantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** Channel axis for per-axis quantization (absent: per tensor). */
  readonly axis?: number;
  /** Calibrated float range where the format records it (TFLite min/max). */
  readonly min?: readonly number[];
  readonly max?: readonly number[];
  /** Format-specific details kept only so they survive a round trip. */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** Where externally stored bytes came from (ONNX external data). */
export interface ExternalRef {
  readonly location: string;
  readonly offset?: number;
  readonly length?: number;
  /** Any other key/value pairs the file gave (e.g. checksum), kept for write-back. */
  readonly extra?: readonly KeyValue[];
}

/**
 * Constant contents of a tensor. `bytes` are the little-endian elements in the dtype's dense layout,
 * a view over the file's own buffer whenever possible (no copies). They are absent only when an
 * external file they live in was not provided.
 */
export interface TensorData {
  readonly bytes?: Uint8Array;
  /** For dtype 'string': one entry per element. */
  readonly strings?: readonly Uint8Array[];
  readonly external?: ExternalRef;
}

/** A value flowing through the graph: an input, output, weight or intermediate. */
export interface Tensor {
  /** Unique key within the graph's scope; nodes refer to tensors by it. Equals `name` for ONNX. */
  readonly id: string;
  /** Name as stored in the file (may repeat in formats that do not require unique names). */
  readonly name: string;
  readonly dtype: DType;
  /** Declared shape; `undefined` when the file declares none. */
  readonly shape?: Shape;
  /** Present for constants (initializers, weight buffers). */
  readonly data?: TensorData;
  readonly quant?: Quantization;
  /** Non-tensor value types (ONNX sequence/map/optional/sparse), kept as the format's own description. */
  readonly valueType?: ValueType;
  readonly docString?: string;
  /** Format-specific details kept only for write-back (e.g. TFLite `is_variable`). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** A non-tensor value type, as ONNX's TypeProto describes it. */
export type ValueType =
  | { readonly kind: 'tensor'; readonly dtype: DType; readonly shape?: Shape }
  | { readonly kind: 'sparse'; readonly dtype: DType; readonly shape?: Shape }
  | { readonly kind: 'sequence'; readonly element?: ValueType }
  | { readonly kind: 'optional'; readonly element?: ValueType }
  | { readonly kind: 'map'; readonly keyType: DType; readonly value?: ValueType };

/** A node attribute, tagged by its type so writers can emit it exactly. */
export type Attribute =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bytes'; readonly value: Uint8Array }
  | { readonly type: 'tensor'; readonly value: Tensor }
  | { readonly type: 'graph'; readonly value: Graph }
  | { readonly type: 'floats'; readonly value: readonly number[] }
  | { readonly type: 'ints'; readonly value: readonly number[] }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'tensors'; readonly value: readonly Tensor[] }
  | { readonly type: 'graphs'; readonly value: readonly Graph[] }
  /** Structured values no typed attribute can hold (TF.js layer configs: booleans, nulls, nested objects). */
  | { readonly type: 'json'; readonly value: JsonValue }
  /** Kept in the format's own encoding (ONNX sparse tensors, type protos, attribute references). */
  | { readonly type: 'opaque'; readonly format: string; readonly value: Uint8Array };

export type AttributeType = Attribute['type'];

/** A JSON value, as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One operator application. */
export interface Node {
  /** Unique key within its graph (file names may be empty or repeat). */
  readonly id: string;
  /** Name as stored in the file ('' when it had none). */
  readonly name: string;
  /** Operator type as the source format spells it: ONNX `Conv`, TFLite `CONV_2D`. */
  readonly op: string;
  /** Operator set domain ('' is the default ONNX domain; TFLite/TF.js use ''). */
  readonly domain: string;
  /** Tensor ids read, in order; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  /** Tensor ids written, in order; '' marks an omitted optional output. */
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, Attribute>>;
  readonly docString?: string;
  /** Format-specific details kept only for write-back (e.g. TFLite opcode version, custom options). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** A computation: nodes in their stored order, and the tensors it declares. */
export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  /**
   * Every tensor declared in this graph's scope: inputs, outputs, constants, declared intermediates and
   * every node output. Nested graphs (If/Loop bodies) may also read tensors of enclosing graphs by id.
   */
  readonly tensors: readonly Tensor[];
  /** Ids of the graph's inputs, in order. */
  readonly inputs: readonly string[];
  /** Ids of the graph's outputs, in order. */
  readonly outputs: readonly string[];
  readonly docString?: string;
  readonly extras?: Readonly<Record<string, unknown>>;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface OpsetImport {
  readonly domain: string;
  readonly version: number;
}

/** A whole model as read from a file (or several: ONNX + external data, TF.js json + shards). */
export interface Model {
  readonly format: FormatId;
  /** The main graph. */
  readonly graph: Graph;
  /** Further top-level graphs addressed by index (TFLite subgraphs 1..n, used by WHILE/IF/CALL_ONCE). */
  readonly subgraphs?: readonly Graph[];
  readonly opsets: readonly OpsetImport[];
  readonly producer?: { readonly name?: string; readonly version?: string };
  readonly irVersion?: number;
  readonly domain?: string;
  readonly modelVersion?: number;
  readonly docString?: string;
  readonly metadata: readonly KeyValue[];
  /** Format-specific details kept only for write-back (ONNX functions, TFLite signature defs, …). */
  readonly extras?: Readonly<Record<string, unknown>>;
}

/** A file handed to a reader or produced by a writer. */
export interface ModelFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}
