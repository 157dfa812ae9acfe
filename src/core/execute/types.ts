// The executor's run-time values and the contract every op kernel follows.
import type { ExecutionErrorCode } from '../errors';
import type { DType } from '../ir/dtype';
import type { Node, Tensor } from '../ir/types';

/**
 * A value computed at run time. The executor is a FLOAT executor: whatever the logical dtype, the
 * elements are held as float32 numbers (integer tensors hold whole numbers, exact up to 2^24, which covers
 * shapes, indices and quantized values; bool holds 0/1). Quantized TFLite tensors hold their REAL values
 * (scale × (q − zero point)), snapped to their quantization grid.
 */
export interface RuntimeTensor {
  /** The dtype the model gives the tensor (what a real runtime would store). */
  readonly dtype: DType;
  /** Concrete dims, row-major. */
  readonly shape: readonly number[];
  /** Elements; never written once the tensor is handed on (kernels treat inputs as read-only). */
  readonly data: Float32Array;
}

/** What a kernel sees of the node it runs. */
export interface KernelContext {
  readonly node: Node;
  /** Opset version of the node's domain (ONNX); 0 for formats without opsets. */
  readonly opset: number;
  /** Input values in node order; undefined where the input is omitted (''). */
  readonly inputs: readonly (RuntimeTensor | undefined)[];
  /** Input `i`, which must be present. */
  input(i: number): RuntimeTensor;
  /** A zero-filled buffer of `length` elements for an output (may be recycled from dead tensors). */
  alloc(length: number): Float32Array;
  /** The tensor the model declares for output `i` (dtype, quantization). */
  outputDecl(i: number): Tensor | undefined;
  /** The tensor the model declares for input `i`. */
  inputDecl(i: number): Tensor | undefined;
  /** Throws an ExecutionError naming the node. */
  fail(code: ExecutionErrorCode, message: string): never;
}

/** Computes a node's outputs (one per node output; undefined for outputs it does not produce). */
export type Kernel = (ctx: KernelContext) => readonly (RuntimeTensor | undefined)[];

/** An op the executor can run: its kernel and, optionally, an up-front check of its attributes. */
export interface OpDef {
  readonly run: Kernel;
  /** Why this node cannot run (an attribute value or mode that is not implemented); undefined if it can. */
  readonly check?: (node: Node, opset: number) => string | undefined;
}

/** The ops of one family, by op type. */
export type OpTable = Readonly<Record<string, OpDef>>;
