// Reads what a runtime needs to feed a .tflite model and to read its results: the name, element type,
// shape and quantization of the main subgraph's inputs and outputs. The interpreter of
// @tensorflow/tfjs-tflite reports names, types and shapes but not quantization, which callers need to turn
// real values into int8 inputs and int8 outputs back into real values.
//
// This walks the FlatBuffer directly (a few dozen bytes of the file) instead of going through the core
// reader: it stays an independent reading of the file, which is what a conformance check against the core
// writer wants. Field indices follow tensorflow/lite/schema/schema.fbs.
import type { DType } from '../../core/ir/dtype';

/** Affine quantization of one tensor: real = scale × (q − zeroPoint), per tensor or along `axis`. */
export interface TfliteQuantization {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly axis: number;
}

/** One input or output of a model's main subgraph. */
export interface TfliteIoTensor {
  readonly name: string;
  readonly dtype: DType | 'unknown';
  readonly shape: readonly number[];
  readonly quantization?: TfliteQuantization;
}

/** The inputs and outputs of a model's main subgraph, in the model's order. */
export interface TfliteIo {
  readonly inputs: readonly TfliteIoTensor[];
  readonly outputs: readonly TfliteIoTensor[];
}

// schema.fbs enum TensorType, by code.
const TENSOR_TYPES: readonly (DType | undefined)[] = [
  'float32',
  'float16',
  'int32',
  'uint8',
  'int64',
  'string',
  'bool',
  'int16',
  'complex64',
  'int8',
  'float64',
  'complex128',
  'uint64',
  'resource',
  'variant',
  'uint32',
  'uint16',
  'int4',
  'bfloat16',
];

// Field indices (the n-th field of a table; its vtable slot is at 4 + 2n).
const MODEL_SUBGRAPHS = 2;
const SUBGRAPH_TENSORS = 0;
const SUBGRAPH_INPUTS = 1;
const SUBGRAPH_OUTPUTS = 2;
const TENSOR_SHAPE = 0;
const TENSOR_TYPE = 1;
const TENSOR_NAME = 3;
const TENSOR_QUANTIZATION = 4;
const QUANT_SCALE = 2;
const QUANT_ZERO_POINT = 3;
// Field 4 is the type tag of the `details` union, field 5 its value.
const QUANT_DIMENSION = 6;

class Reader {
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u32(pos: number): number {
    this.check(pos, 4);
    return this.view.getUint32(pos, true);
  }

  /** Absolute position of field `index` of the table at `table`, or undefined when it is absent. */
  field(table: number, index: number): number | undefined {
    this.check(table, 4);
    const vtable = table - this.view.getInt32(table, true);
    this.check(vtable, 4);
    const vtableSize = this.view.getUint16(vtable, true);
    const slot = 4 + 2 * index;
    if (slot + 2 > vtableSize) return undefined;
    this.check(vtable + slot, 2);
    const offset = this.view.getUint16(vtable + slot, true);
    return offset === 0 ? undefined : table + offset;
  }

  /** The table, vector or string a reference field points to. */
  ref(table: number, index: number): number | undefined {
    const pos = this.field(table, index);
    return pos === undefined ? undefined : pos + this.u32(pos);
  }

  /** Positions of the elements of a vector of `width`-byte scalars (or of table references, width 4). */
  vector(table: number, index: number, width: number): number[] {
    const start = this.ref(table, index);
    if (start === undefined) return [];
    const length = this.u32(start);
    this.check(start + 4, length * width);
    return Array.from({ length }, (_, i) => start + 4 + i * width);
  }

  tables(table: number, index: number): number[] {
    return this.vector(table, index, 4).map((p) => p + this.u32(p));
  }

  ints(table: number, index: number): number[] {
    return this.vector(table, index, 4).map((p) => this.view.getInt32(p, true));
  }

  string(table: number, index: number): string {
    const start = this.ref(table, index);
    if (start === undefined) return '';
    const length = this.u32(start);
    this.check(start + 4, length);
    return new TextDecoder().decode(this.bytes.subarray(start + 4, start + 4 + length));
  }

  scalar(table: number, index: number, read: (view: DataView, pos: number) => number, fallback: number): number {
    const pos = this.field(table, index);
    return pos === undefined ? fallback : read(this.view, pos);
  }

  quantization(tensor: number): TfliteQuantization | undefined {
    const q = this.ref(tensor, TENSOR_QUANTIZATION);
    if (q === undefined) return undefined;
    const scale = this.vector(q, QUANT_SCALE, 4).map((p) => this.view.getFloat32(p, true));
    if (scale.length === 0) return undefined;
    // zero_point is [long]: int64 values that always fit a double for real models.
    const zeroPoint = this.vector(q, QUANT_ZERO_POINT, 8).map((p) => Number(this.view.getBigInt64(p, true)));
    const axis = this.scalar(q, QUANT_DIMENSION, (v, p) => v.getInt32(p, true), 0);
    return { scale, zeroPoint, axis };
  }

  /** Positions of the tables of every tensor of every subgraph, with the subgraph's index. */
  allTensors(model: number): { subgraph: number; tensor: number }[] {
    return this.tables(model, MODEL_SUBGRAPHS).flatMap((sg, subgraph) =>
      this.tables(sg, SUBGRAPH_TENSORS).map((tensor) => ({ subgraph, tensor })),
    );
  }

  private check(pos: number, length: number): void {
    if (pos < 0 || pos + length > this.bytes.byteLength)
      throw new RangeError(`the TFLite file is truncated or corrupt (offset ${pos} is past its end)`);
  }
}

/** The main subgraph's inputs and outputs of a .tflite file (throws when the bytes are not one). */
export function readTfliteIo(bytes: Uint8Array): TfliteIo {
  // A TFLite FlatBuffer carries the file identifier "TFL3" right after the root offset.
  if (bytes.byteLength < 8 || new TextDecoder().decode(bytes.subarray(4, 8)) !== 'TFL3')
    throw new Error('not a TFLite model: the file identifier "TFL3" is missing');
  const r = new Reader(bytes);
  const model = r.u32(0);
  const subgraph = r.tables(model, MODEL_SUBGRAPHS)[0];
  if (subgraph === undefined) throw new Error('the TFLite model has no subgraph');
  const tensors = r.tables(subgraph, SUBGRAPH_TENSORS);
  const describe = (index: number): TfliteIoTensor => {
    const t = tensors[index];
    if (t === undefined) throw new Error(`the TFLite model names tensor ${index}, which does not exist`);
    const code = r.scalar(t, TENSOR_TYPE, (v, p) => v.getInt8(p), 0);
    const quantization = r.quantization(t);
    return {
      name: r.string(t, TENSOR_NAME),
      dtype: TENSOR_TYPES[code] ?? 'unknown',
      shape: r.ints(t, TENSOR_SHAPE),
      ...(quantization ? { quantization } : {}),
    };
  };
  return {
    inputs: r.ints(subgraph, SUBGRAPH_INPUTS).map(describe),
    outputs: r.ints(subgraph, SUBGRAPH_OUTPUTS).map(describe),
  };
}

/**
 * Makes a model loadable by the full TFLite interpreter where old converters wrote an impossible
 * `quantized_dimension`: TOCO gave rank-1 bias tensors quantized_dimension 3 (TFLM's person_detect model),
 * which TFLite Micro ignores but the interpreter's checks reject ("quantized_dimension must be in range
 * [0, 1)"). Such a dimension is set to 0, the only axis a rank-1 tensor has, when its scales fit that
 * axis. Returns the input itself when nothing needed repair, otherwise a repaired copy and what was done.
 */
export function repairForInterpreter(bytes: Uint8Array): { bytes: Uint8Array; repairs: string[] } {
  const r = new Reader(bytes);
  const fixes: { pos: number; note: string }[] = [];
  for (const { subgraph, tensor } of r.allTensors(r.u32(0))) {
    const q = r.ref(tensor, TENSOR_QUANTIZATION);
    const pos = q === undefined ? undefined : r.field(q, QUANT_DIMENSION);
    if (q === undefined || pos === undefined) continue;
    const dimension = new DataView(bytes.buffer, bytes.byteOffset).getInt32(pos, true);
    const shape = r.ints(tensor, TENSOR_SHAPE);
    const scales = r.vector(q, QUANT_SCALE, 4).length;
    if (shape.length === 0 || (dimension >= 0 && dimension < shape.length)) continue;
    if (scales !== 1 && scales !== shape[0]) continue;
    const name = r.string(tensor, TENSOR_NAME);
    fixes.push({ pos, note: `tensor "${name}" (subgraph ${subgraph}): quantized_dimension ${dimension} → 0` });
  }
  if (fixes.length === 0) return { bytes, repairs: [] };
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (const fix of fixes) view.setInt32(fix.pos, 0, true);
  return { bytes: copy, repairs: fixes.map((f) => f.note) };
}
