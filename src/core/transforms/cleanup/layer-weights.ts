// The weight of a Conv / ConvTranspose / Gemm / MatMul as BatchNormalization folding sees it: which output
// channel each element feeds, and the weight's values — stored ones, or one value that a ConstantOfShape
// repeats (ONNX's "light" test models generate every weight that way).
import { intAttr } from '../../execute/attrs';
import { indexGraph } from '../../ir/graph-index';
import { isStaticShape, toFloat64, typedView } from '../../ir/tensor';
import type { Graph, Node, Tensor } from '../../ir/types';
import { isDefaultDomain } from './common';

/** The layer ops whose output channels a following BatchNormalization can be folded into. */
export const FOLDABLE_LAYERS: ReadonlySet<string> = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul']);

/** Where a layer's weight comes from. */
export type WeightSource =
  | { readonly kind: 'dense'; readonly id: string; readonly dims: readonly number[]; readonly values: Float32Array }
  | {
      readonly kind: 'uniform';
      readonly id: string;
      readonly dims: readonly number[];
      readonly value: number;
      /** The ConstantOfShape node and the constant holding its shape. */
      readonly generator: Node;
      readonly shapeId: string;
    };

/** The float32 values of tensor `id`: a constant, or a float32 ConstantOfShape of a constant shape. */
export function sourceOf(graph: Graph, id: string, constants: ReadonlyMap<string, Tensor>): WeightSource | undefined {
  const t = constants.get(id);
  if (t) {
    if (t.dtype !== 'float32' || !t.data?.bytes || !isStaticShape(t.shape)) return undefined;
    const values = typedView('float32', t.data.bytes) as Float32Array;
    const count = t.shape.reduce((a, b) => a * b, 1);
    return values.length >= count ? { kind: 'dense', id, dims: t.shape, values: values.subarray(0, count) } : undefined;
  }
  const at = indexGraph(graph).producer.get(id);
  const generator = at === undefined ? undefined : graph.nodes[at];
  if (!generator || generator.op !== 'ConstantOfShape' || !isDefaultDomain(generator)) return undefined;
  const shapeId = generator.inputs[0] ?? '';
  const shape = constants.get(shapeId);
  const dims = shape?.data?.bytes && shape.dtype === 'int64' ? toFloat64('int64', shape.data.bytes) : undefined;
  const value = generatorValue(generator);
  if (value === undefined || !dims || dims.some((d) => !Number.isInteger(d) || d < 0)) return undefined;
  return { kind: 'uniform', id, dims: Array.from(dims), value, generator, shapeId };
}

/** The float32 value a ConstantOfShape repeats (its value attribute is a one-element tensor; default 0). */
export function generatorValue(generator: Node): number | undefined {
  const fill = generator.attributes['value'];
  if (!fill) return 0;
  if (fill.type !== 'tensor' || fill.value.dtype !== 'float32' || !fill.value.data?.bytes) return undefined;
  return (typedView('float32', fill.value.data.bytes) as Float32Array)[0];
}

/** `count` values of tensor `id` (a constant or a ConstantOfShape of `count` elements), as float64. */
export function vectorOf(
  graph: Graph,
  id: string,
  constants: ReadonlyMap<string, Tensor>,
  count: number,
): Float64Array | undefined {
  const source = sourceOf(graph, id, constants);
  if (!source || source.dims.reduce((a, b) => a * b, 1) !== count) return undefined;
  return source.kind === 'dense' ? Float64Array.from(source.values) : new Float64Array(count).fill(source.value);
}

/** Output channels of a layer with weight dims `dims`, and the channel of each weight element. */
export interface ChannelLayout {
  readonly channels: number;
  /** Axes of the weight the channel depends on (the others are reduced over). */
  readonly axes: readonly number[];
  /** Channel of the element at these coordinates (only `axes` matter). */
  readonly channelAt: (coords: readonly number[]) => number;
}

/**
 * Where the output channels sit in the weight (ONNX operator docs): Conv W is [M, C/group, k…];
 * ConvTranspose W is [C, M/group, k…] with group g's input rows feeding output channels g·M/group + j;
 * Gemm's B is [K, N] ([N, K] with transB); MatMul's B is [K, N].
 */
export function channelLayout(node: Node, dims: readonly number[]): ChannelLayout | undefined {
  switch (node.op) {
    case 'Conv':
      return dims.length >= 3 ? { channels: dims[0]!, axes: [0], channelAt: (c) => c[0]! } : undefined;
    case 'ConvTranspose': {
      const group = intAttr(node, 'group', 1);
      const [inputs, perGroup] = [dims[0]!, dims[1]!];
      if (dims.length < 3 || group < 1 || inputs % group !== 0) return undefined;
      const rowsPerGroup = inputs / group;
      if (group === 1) return { channels: perGroup, axes: [1], channelAt: (c) => c[1]! };
      return {
        channels: perGroup * group,
        axes: [0, 1],
        channelAt: (c) => Math.floor(c[0]! / rowsPerGroup) * perGroup + c[1]!,
      };
    }
    case 'Gemm':
    case 'MatMul': {
      if (dims.length !== 2) return undefined;
      const transB = node.op === 'Gemm' && intAttr(node, 'transB', 0) !== 0;
      return transB
        ? { channels: dims[0]!, axes: [0], channelAt: (c) => c[0]! }
        : { channels: dims[1]!, axes: [1], channelAt: (c) => c[1]! };
    }
    default:
      return undefined;
  }
}

/** Every element of a tensor of `dims` times the factor of its channel (row-major). */
export function scaleByChannel(
  values: Float32Array,
  dims: readonly number[],
  layout: ChannelLayout,
  factor: Float64Array,
): Float32Array {
  const out = new Float32Array(values.length);
  const coords = new Array<number>(dims.length).fill(0);
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i]! * factor[layout.channelAt(coords)]!;
    // Advance the row-major coordinates.
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      if (++coords[axis]! < dims[axis]!) break;
      coords[axis] = 0;
    }
  }
  return out;
}

/**
 * A uniform weight scaled per channel, as the smallest tensor that broadcasts (ONNX Expand) to the weight:
 * its dims are the weight's on the channel axes and 1 elsewhere.
 */
export function compactScaled(
  value: number,
  dims: readonly number[],
  layout: ChannelLayout,
  factor: Float64Array,
): { dims: number[]; values: Float32Array } {
  const compact = dims.map((d, axis) => (layout.axes.includes(axis) ? d : 1));
  const count = compact.reduce((a, b) => a * b, 1);
  const ones = new Float32Array(count).fill(value);
  return { dims: compact, values: scaleByChannel(ones, compact, layout, factor) };
}
