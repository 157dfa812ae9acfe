import type { DType } from './dtype';
import { bytesOf } from './tensor';
import type { Attribute, FormatId, Graph, KeyValue, Model, Node, OpsetImport, Shape, Tensor } from './types';

/** Plain values accepted where an attribute is expected; numbers that are integers become `int`. */
export type AttributeInput = Attribute | number | string | readonly number[] | readonly string[] | Graph | Tensor;

/** Explicit attribute constructors, for values whose type plain JS cannot tell (e.g. a float that is 1). */
export const attr = {
  int: (value: number): Attribute => ({ type: 'int', value }),
  float: (value: number): Attribute => ({ type: 'float', value }),
  string: (value: string): Attribute => ({ type: 'string', value }),
  ints: (value: readonly number[]): Attribute => ({ type: 'ints', value }),
  floats: (value: readonly number[]): Attribute => ({ type: 'floats', value }),
  strings: (value: readonly string[]): Attribute => ({ type: 'strings', value }),
  graph: (value: Graph): Attribute => ({ type: 'graph', value }),
  tensor: (value: Tensor): Attribute => ({ type: 'tensor', value }),
};

function isAttribute(v: AttributeInput): v is Attribute {
  return typeof v === 'object' && !Array.isArray(v) && 'type' in v && 'value' in v;
}

function isGraph(v: object): v is Graph {
  return 'nodes' in v && 'tensors' in v;
}

/** Turns a plain value into a typed attribute (integers → int, other numbers → float). */
export function toAttribute(v: AttributeInput): Attribute {
  if (typeof v === 'number') return Number.isInteger(v) ? attr.int(v) : attr.float(v);
  if (typeof v === 'string') return attr.string(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return attr.strings(v as string[]);
    const nums = v as number[];
    return nums.every(Number.isInteger) ? attr.ints(nums) : attr.floats(nums);
  }
  const obj = v as Attribute | Graph | Tensor;
  if (isAttribute(obj as AttributeInput)) return obj as Attribute;
  if (isGraph(obj)) return attr.graph(obj);
  return attr.tensor(obj as Tensor);
}

type ConstantArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

const DTYPE_OF: ReadonlyArray<[new (...args: never[]) => ConstantArray, DType]> = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
  [Int16Array, 'int16'],
  [Uint16Array, 'uint16'],
  [Int32Array, 'int32'],
  [Uint32Array, 'uint32'],
  [BigInt64Array, 'int64'],
  [BigUint64Array, 'uint64'],
];

/** The element type of a typed array (undefined for array types the IR has no dtype for). */
export function dtypeOfTypedArray(array: ArrayBufferView): DType | undefined {
  for (const [Ctor, dtype] of DTYPE_OF) if (array instanceof Ctor) return dtype;
  return undefined;
}

function dtypeOfArray(array: ConstantArray): DType {
  const dtype = dtypeOfTypedArray(array);
  if (!dtype) throw new Error('unsupported constant array type');
  return dtype;
}

export interface NodeOptions {
  /** Node name (default: `<op>_<n>`). */
  name?: string;
  /** Output tensor names, or how many to create (default 1). */
  outputs?: readonly string[] | number;
  domain?: string;
  /** Declared dtype/shape of the outputs (the builder does not infer them). */
  dtype?: DType;
  shape?: Shape;
}

/**
 * Builds graphs for tests and generators: inputs, constants, nodes and outputs by name, with unique
 * ids handed out on the way (like excalidraw's `API.createElement`).
 */
export class GraphBuilder {
  private readonly nodes: Node[] = [];
  private readonly tensors = new Map<string, Tensor>();
  private readonly inputs: string[] = [];
  private readonly outputs: string[] = [];
  private counter = 0;

  constructor(private readonly name = 'graph') {}

  /** Declares a graph input. */
  input(name: string, dtype: DType, shape: Shape): string {
    this.addTensor({ id: name, name, dtype, shape });
    this.inputs.push(name);
    return name;
  }

  /** Declares a constant (initializer) from a typed array; `dtype` overrides for float16 etc. */
  constant(name: string, values: ConstantArray, shape: Shape, dtype?: DType): string {
    this.addTensor({ id: name, name, dtype: dtype ?? dtypeOfArray(values), shape, data: { bytes: bytesOf(values) } });
    return name;
  }

  /** Declares (or re-declares) an intermediate tensor's type, like ONNX value_info. */
  declare(name: string, dtype: DType, shape?: Shape): string {
    this.addTensor(shape === undefined ? { id: name, name, dtype } : { id: name, name, dtype, shape });
    return name;
  }

  /** Adds a node; returns its output tensor ids. */
  node(
    op: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeInput> = {},
    options: NodeOptions = {},
  ): string[] {
    const n = this.counter++;
    const name = options.name ?? `${op}_${n}`;
    const outputNames =
      typeof options.outputs === 'number' || options.outputs === undefined
        ? Array.from({ length: options.outputs ?? 1 }, (_, i) => (i === 0 ? `${name}_out` : `${name}_out${i}`))
        : [...options.outputs];
    for (const out of outputNames) {
      if (out === '' || this.tensors.has(out)) continue;
      const tensor: Tensor = { id: out, name: out, dtype: options.dtype ?? 'undefined' };
      this.addTensor(options.shape ? { ...tensor, shape: options.shape } : tensor);
    }
    const attrs: Record<string, Attribute> = {};
    for (const [key, value] of Object.entries(attributes)) attrs[key] = toAttribute(value);
    this.nodes.push({
      id: name,
      name,
      op,
      domain: options.domain ?? '',
      inputs: [...inputs],
      outputs: outputNames,
      attributes: attrs,
    });
    return outputNames;
  }

  /** Like `node` for single-output ops: returns the one output id. */
  op(
    op: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeInput> = {},
    options: NodeOptions = {},
  ): string {
    const [out] = this.node(op, inputs, attributes, { ...options, outputs: options.outputs ?? 1 });
    if (out === undefined) throw new Error(`${op} has no output`);
    return out;
  }

  /** Marks tensors as graph outputs. */
  output(...ids: string[]): this {
    this.outputs.push(...ids);
    return this;
  }

  /** The graph built so far. */
  graph(): Graph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      tensors: [...this.tensors.values()],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
    };
  }

  /** Wraps the graph in a model (ONNX by default, default-domain opset 13). */
  model(
    options: {
      format?: FormatId;
      opset?: number;
      opsets?: readonly OpsetImport[];
      metadata?: readonly KeyValue[];
      producer?: string;
    } = {},
  ): Model {
    const format = options.format ?? 'onnx';
    return {
      format,
      graph: this.graph(),
      opsets: options.opsets ?? (format === 'onnx' ? [{ domain: '', version: options.opset ?? 13 }] : []),
      metadata: options.metadata ?? [],
      // irVersion is an ONNX notion; other formats have nothing to carry it.
      ...(format === 'onnx' ? { irVersion: 8 } : {}),
      producer: { name: options.producer ?? 'scaledown-builder' },
    };
  }

  private addTensor(tensor: Tensor): void {
    this.tensors.set(tensor.id, { ...this.tensors.get(tensor.id), ...tensor });
  }
}
