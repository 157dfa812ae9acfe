// The prunable / clusterable weight of a layer, whatever the format: where its values are stored, how the
// layer sees it (shape after a constant Reshape, output-channel and reduction axes) and how it is encoded
// (float, or integers on an affine grid).
import type { ChannelLayout } from '../../../kernels/types';
import type { DType } from '../../ir/dtype';
import type { Quantization } from '../../ir/types';

/**
 * Where a weight's values live:
 * - 'tensor': a constant tensor of the main graph (ONNX initializer, TFLite buffer, TF.js weight);
 * - 'constant-node': the `value` attribute of an ONNX Constant node (the tensor id is its output).
 */
export type WeightStorage = 'tensor' | 'constant-node';

/** Which layer and weight a per-layer report is about (the fields pruning and clustering reports share). */
export interface WeightLayerIdentity {
  /** The node reading the weight. */
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  /** Tensor id of the weight in the input model. */
  readonly tensor: string;
  readonly shape: readonly number[];
  readonly elements: number;
}

/** One layer's weight. A weight read by several layers is found once (`readers` lists them all). */
export interface WeightRef {
  /** The first node (in graph order) reading the weight. */
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  /** Every node that reads the weight as its weight operand, in graph order. */
  readonly readers: readonly string[];
  /** Position of the first reader in `graph.nodes`. */
  readonly position: number;
  /** Id of the tensor holding the values (the initializer, buffer, or the Constant node's output). */
  readonly tensor: string;
  readonly storage: WeightStorage;
  /** With storage 'constant-node': the Constant node's id. */
  readonly constantNode?: string;
  /** Nodes between the stored values and the layer (a constant Reshape, a DequantizeLinear / DEQUANTIZE). */
  readonly via: readonly string[];
  /** Stored element type. */
  readonly dtype: DType;
  /** Affine grid of stored integers (TFLite quantized tensors, ONNX DequantizeLinear parameters). */
  readonly quant?: Quantization;
  /** Shape of the stored tensor. */
  readonly storedShape: readonly number[];
  /** Shape the layer sees (differs from `storedShape` behind a Reshape; same element order). */
  readonly shape: readonly number[];
  readonly elements: number;
  /** Axis of `shape` holding the output channels (filters). */
  readonly outputAxis: number;
  /** First axis of `shape` the layer sums over (where N:M groups are cut). */
  readonly reductionAxis: number;
  /**
   * The N:M grouping as [outer, reduction, inner]: groups of m run along the middle dimension. Usually
   * `reductionAxis` alone; for depthwise kernels (one input channel per filter) the kernel window
   * (height × width).
   */
  readonly reduction: ChannelLayout;
  /** True for depthwise kernels (each filter reads one input channel). */
  readonly depthwise: boolean;
  /** Stored bytes of the weight. */
  readonly bytes: number;
  /** Bytes of one stored element (for sparse storage estimates). */
  readonly elementBytes: number;
  /** First / last weighted layer of the graph, in node order. */
  readonly first: boolean;
  readonly last: boolean;
}
