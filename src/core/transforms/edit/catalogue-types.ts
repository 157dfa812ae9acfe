// What the operator catalogues say about an operator: its inputs and outputs (with their arity), and its
// attributes with their types, defaults and allowed values — what the studio's "add node" picker and typed
// attribute editors show, and what edits and validation check against.
import type { FormatId } from '../../ir/types';

/**
 * How an attribute is edited and stored: 'bool' is an int 0/1, 'enum' a string from `values`, 'dtype' an
 * element type (ONNX stores its TensorProto code, e.g. Cast's `to`).
 */
export type AttributeKind = 'int' | 'float' | 'string' | 'ints' | 'floats' | 'strings' | 'bool' | 'enum' | 'dtype';

export interface AttributeSpec {
  readonly name: string;
  readonly kind: AttributeKind;
  /** The node is invalid without it. */
  readonly required?: boolean;
  /** The value the operator uses when the attribute is absent (none: it is derived, e.g. from input shapes). */
  readonly default?: number | string | readonly number[];
  /** Allowed values of an 'enum'. */
  readonly values?: readonly string[];
}

/** One input or output. `type`: a constraint letter shared by ports of the same type ('T'), or a dtype. */
export interface PortSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** Repeats (Concat's inputs): one or more. */
  readonly variadic?: boolean;
  readonly type?: string;
}

export type OperatorCategory =
  | 'activation'
  | 'arithmetic'
  | 'convolution'
  | 'pooling'
  | 'normalization'
  | 'linear'
  | 'shape'
  | 'quantization'
  | 'other';

export interface OperatorSpec {
  readonly format: Extract<FormatId, 'onnx' | 'tflite' | 'tfjs'>;
  /** As the format spells it: ONNX `Conv`, TFLite `CONV_2D`, TF.js (TensorFlow) `Conv2D`. */
  readonly op: string;
  readonly domain: string;
  /** ONNX: the opset this version of the operator comes with (TFLite, TF.js: 1). */
  readonly since: number;
  readonly category: OperatorCategory;
  readonly summary: string;
  readonly inputs: readonly PortSpec[];
  readonly outputs: readonly PortSpec[];
  readonly attributes: readonly AttributeSpec[];
  /** Output 0 has input 0's element type and shape (Identity, Relu, Softmax, …). */
  readonly keepsType?: boolean;
  /** …and, quantized, its quantization too (TFLite RELU, MAX_POOL_2D, RESHAPE, …). */
  readonly keepsQuantization?: boolean;
}

/** Fewest and most ports of a list (a variadic port counts one or more). */
export function arity(ports: readonly PortSpec[]): { min: number; max: number } {
  const variadic = ports.some((p) => p.variadic);
  let min = 0;
  ports.forEach((p, i) => {
    if (!p.optional) min = i + 1;
  });
  return { min, max: variadic ? Number.POSITIVE_INFINITY : ports.length };
}

/**
 * Ports from a compact list: `"X:T W:T B?:T"` — `?` marks an optional port, `*` a variadic one, and the
 * part after `:` is its type (a constraint letter or a dtype such as `int64`).
 */
export function ports(list: string): PortSpec[] {
  if (list.trim() === '') return [];
  return list
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [head = '', type] = item.split(':');
      const optional = head.endsWith('?');
      const variadic = head.endsWith('*');
      const name = head.replace(/[?*]$/, '');
      return {
        name,
        ...(optional ? { optional } : {}),
        ...(variadic ? { variadic } : {}),
        ...(type ? { type } : {}),
      };
    });
}

const spec =
  (kind: AttributeKind) =>
  (name: string, fallback?: AttributeSpec['default']): AttributeSpec =>
    fallback === undefined ? { name, kind } : { name, kind, default: fallback };

/** Attribute constructors for the catalogue tables. */
export const A = {
  int: spec('int'),
  float: spec('float'),
  string: spec('string'),
  ints: spec('ints'),
  floats: spec('floats'),
  bool: (name: string, fallback: number): AttributeSpec => ({ name, kind: 'bool', default: fallback }),
  enum: (name: string, values: readonly string[], fallback?: string): AttributeSpec =>
    fallback === undefined ? { name, kind: 'enum', values } : { name, kind: 'enum', values, default: fallback },
  dtype: (name: string): AttributeSpec => ({ name, kind: 'dtype', required: true }),
  required: (a: AttributeSpec): AttributeSpec => ({ ...a, required: true }),
};

/** An ONNX catalogue entry of the default domain (ports in the compact form of `ports`). */
export function onnxOperator(
  op: string,
  since: number,
  category: OperatorCategory,
  summary: string,
  inputs: string,
  outputs: string,
  attributes: readonly AttributeSpec[] = [],
  flags: { keepsType?: boolean } = {},
): OperatorSpec {
  return {
    format: 'onnx',
    op,
    domain: '',
    since,
    category,
    summary,
    inputs: ports(inputs),
    outputs: ports(outputs),
    attributes,
    ...flags,
  };
}
