// What the TFLite reader keeps beside the IR for write-back, under `extras.tflite` of models, graphs,
// nodes, tensors and quantizations. Only what differs from what the writer would produce anyway is
// kept, so builder-made graphs stay plain and round-trip to themselves.
import type { FbTable } from './codec/values';
import { formatExtras, formatExtrasField, type Extras } from '../extras';

/** A metadata entry (Model.metadata): name and the bytes of its buffer. */
export interface MetadataEntry {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** An operator code as the writer needs it. */
export interface OpcodeKey {
  /** BuiltinOperator code. */
  readonly code: number;
  readonly customCode?: string;
  readonly version: number;
}

/** A SignatureDef with its tensors named by IR tensor id (of the graph `subgraph` points at). */
export interface SignatureDefinition {
  readonly key?: string;
  readonly subgraph: number;
  readonly inputs: readonly { readonly name?: string; readonly tensor: string }[];
  readonly outputs: readonly { readonly name?: string; readonly tensor: string }[];
}

export interface TfliteModelExtras {
  /** Model.version when it is not 3. */
  readonly version?: number;
  /** Model.operator_codes when their order differs from first use (the writer's own order). */
  readonly operatorCodes?: readonly OpcodeKey[];
  /** Model.metadata, in order (text entries also appear in the IR's `metadata`). */
  readonly metadata?: readonly MetadataEntry[];
  /** Model.metadata_buffer (deprecated), as the bytes of each buffer. */
  readonly metadataBuffers?: readonly Uint8Array[];
  readonly signatureDefs?: readonly SignatureDefinition[];
}

export interface TfliteGraphExtras {
  readonly debugMetadataIndex?: number;
}

export interface TfliteNodeExtras {
  /** OperatorCode.version when it is not 1. */
  readonly version?: number;
  /** The op is a custom op although its name is a builtin's. */
  readonly custom?: true;
  /**
   * The builtin_options member when it is not the one the writer would pick for this op
   * (`defaultOptionsOf`); null when the operator had none although the op usually has options.
   */
  readonly options?: string | null;
  /** builtin_options_2 member (StableHLO ops). */
  readonly options2?: string | null;
  /** Type code of options newer than this schema: read without attributes, refused by the writer. */
  readonly unknownOptions?: number;
  /** Operator.custom_options_format when not FLEXBUFFERS (0). */
  readonly customOptionsFormat?: number;
  readonly mutatingVariableInputs?: readonly boolean[];
  /** Operator.intermediates, as tensor ids. */
  readonly intermediates?: readonly string[];
  readonly debugMetadataIndex?: number;
}

export interface TfliteTensorExtras {
  readonly isVariable?: true;
  /** Tensor.shape_signature (-1 marks a dynamic dimension). */
  readonly shapeSignature?: readonly number[];
  readonly hasRank?: true;
  /** Tensor.sparsity, as decoded. */
  readonly sparsity?: FbTable;
  /** Tensor.variant_tensors, as decoded. */
  readonly variantTensors?: readonly FbTable[];
  /** The TensorType code when the IR has no dtype for it. */
  readonly typeCode?: number;
  /** The data of a STRING tensor that did not parse as TFLite's string layout, kept as raw bytes. */
  readonly rawStrings?: true;
}

/** QuantizationParameters.details: the union member and its fields (tensor indices as ids). */
export type QuantizationDetails =
  | { readonly type: 'CustomQuantization'; readonly custom: Uint8Array }
  | {
      readonly type: 'BlockwiseQuantization';
      readonly scales: string;
      readonly zeroPoints: string;
      readonly blockSize: number;
    };

export interface TfliteQuantizationExtras {
  readonly details?: QuantizationDetails;
}

/** The TFLite part of an IR object's extras (empty when there is none). */
export function tfliteExtras<T extends object>(extras: Extras): Partial<T> {
  return formatExtras<T>(extras, 'tflite');
}

/** `{ extras: { tflite } }` when `tflite` holds anything, else `{}` (so plain objects stay plain). */
export function extrasField(tflite: Record<string, unknown>): { extras?: { tflite: Record<string, unknown> } } {
  return formatExtrasField('tflite', tflite);
}
