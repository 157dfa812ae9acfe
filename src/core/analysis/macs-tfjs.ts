import { isObject } from '../formats/tfjs/json';
import { attrJson, KERAS_DOMAIN } from '../formats/tfjs/keras';
import type { JsonValue, Node } from '../ir/types';
import { elements, inputDims, matmulMacs, outputDims, type MacsRule } from './mac-helpers';
import { product } from './type-lookup';

// TF.js graph models (domain ''): TF ops, NHWC by default. Conv2D filters are [kh, kw, in / groups, out],
// depthwise filters [kh, kw, in, multiplier], Conv2DBackpropInput reads (input_sizes, filter [kh, kw,
// out, in], out_backprop). Layers models (domain 'keras'): Keras layers, counted from their config and
// input shape (DESIGN.md: Conv, depthwise conv, Dense/MatMul and the matrix products of RNN cells).

/** A TF `b` attribute (a json boolean in the IR), or an int 0/1. */
function flag(node: Node, name: string): boolean {
  const a = node.attributes[name];
  if (a?.type === 'json') return a.value === true;
  return a?.type === 'int' ? a.value !== 0 : false;
}

function matmul(transA: string, transB: string): MacsRule {
  return (node, typeOf) => {
    const a = inputDims(node, typeOf, 0);
    const b = inputDims(node, typeOf, 1);
    if (!a || !b || a.length < 2 || b.length < 2) return undefined;
    return matmulMacs(a, b, flag(node, transA), flag(node, transB));
  };
}

// Each output element is a dot product over kh × kw × (in / groups): the filter's dims but the last.
const conv: MacsRule = (node, typeOf) => {
  const out = outputDims(node, typeOf, 0);
  const filter = inputDims(node, typeOf, 1);
  if (!out || !filter || filter.length < 3) return undefined;
  return product(out) * product(filter.slice(0, -1));
};

// Depthwise: each output channel sees one input channel, so the dot product is the kernel window
// (height × width).
const depthwise: MacsRule = (node, typeOf) => {
  const out = outputDims(node, typeOf, 0);
  const filter = inputDims(node, typeOf, 1);
  if (!out || !filter || filter.length < 3) return undefined;
  return product(out) * product(filter.slice(0, -2));
};

// A transposed convolution scatters each out_backprop element into kh × kw × out outputs.
const convBackpropInput: MacsRule = (node, typeOf) => {
  const dy = inputDims(node, typeOf, 2);
  const filter = inputDims(node, typeOf, 1);
  if (!dy || !filter || filter.length < 3) return undefined;
  return product(dy) * product(filter.slice(0, -1));
};

/** MAC rules of TF ops in graph models, by op name. */
export const TFJS_MAC_RULES: Readonly<Record<string, MacsRule>> = {
  MatMul: matmul('transpose_a', 'transpose_b'),
  _FusedMatMul: matmul('transpose_a', 'transpose_b'),
  BatchMatMul: matmul('adj_x', 'adj_y'),
  BatchMatMulV2: matmul('adj_x', 'adj_y'),
  BatchMatMulV3: matmul('adj_x', 'adj_y'),
  Conv2D: conv,
  _FusedConv2D: conv,
  Conv3D: conv,
  DepthwiseConv2dNative: depthwise,
  _FusedDepthwiseConv2dNative: depthwise,
  Conv2DBackpropInput: convBackpropInput,
};

function cfg(node: Node, key: string): JsonValue | undefined {
  return attrJson(node.attributes[key]);
}

function cfgNumber(node: Node, key: string, fallback: number): number {
  const v = cfg(node, key);
  return typeof v === 'number' ? v : fallback;
}

/** The window size of a layer: product of kernel_size (a number per dim, or a list). */
function windowSize(node: Node, dims: number): number | undefined {
  const k = cfg(node, 'kernel_size');
  if (typeof k === 'number') return k ** dims;
  return Array.isArray(k) && k.every((x) => typeof x === 'number') ? product(k as number[]) : undefined;
}

/** Channels of a layer's input (data_format channels_last unless the config says channels_first). */
function inputChannels(node: Node, x: readonly number[]): number | undefined {
  return cfg(node, 'data_format') === 'channels_first' ? x[1] : x[x.length - 1];
}

const dense: MacsRule = (node, typeOf) => {
  const x = inputDims(node, typeOf, 0);
  const out = elements(outputDims(node, typeOf, 0));
  return x && x.length > 0 && out !== undefined ? out * x[x.length - 1]! : undefined;
};

function kerasConv(spatialDims: number): MacsRule {
  return (node, typeOf) => {
    const x = inputDims(node, typeOf, 0);
    const out = elements(outputDims(node, typeOf, 0));
    const window = windowSize(node, spatialDims);
    const channels = x ? inputChannels(node, x) : undefined;
    if (out === undefined || window === undefined || channels === undefined) return undefined;
    return (out * window * channels) / cfgNumber(node, 'groups', 1);
  };
}

const kerasDepthwise: MacsRule = (node, typeOf) => {
  const out = elements(outputDims(node, typeOf, 0));
  const window = windowSize(node, 2);
  return out === undefined || window === undefined ? undefined : out * window;
};

// Separable: a depthwise pass (in · multiplier channels, each a window) then a 1×1 pointwise conv.
function kerasSeparable(spatialDims: number): MacsRule {
  return (node, typeOf) => {
    const x = inputDims(node, typeOf, 0);
    const out = elements(outputDims(node, typeOf, 0));
    const window = windowSize(node, spatialDims);
    const channels = x ? inputChannels(node, x) : undefined;
    const filters = cfgNumber(node, 'filters', NaN);
    if (out === undefined || window === undefined || channels === undefined || !(filters > 0)) return undefined;
    const mid = channels * cfgNumber(node, 'depth_multiplier', 1);
    return (out / filters) * mid * window + out * mid;
  };
}

// Each input element scatters into window × filters outputs.
function kerasConvTranspose(spatialDims: number): MacsRule {
  return (node, typeOf) => {
    const x = elements(inputDims(node, typeOf, 0));
    const window = windowSize(node, spatialDims);
    const filters = cfgNumber(node, 'filters', NaN);
    return x === undefined || window === undefined || !(filters > 0) ? undefined : x * window * filters;
  };
}

/** Per timestep and sample, each gate multiplies the input (features × units) and the state (units × units). */
function recurrentMacs(gates: number, units: JsonValue | undefined, x: readonly number[]): number | undefined {
  if (typeof units !== 'number' || x.length !== 3) return undefined;
  const [batch, steps, features] = x as [number, number, number];
  return batch * steps * gates * units * (features + units);
}

const GATES: Readonly<Record<string, number>> = { LSTM: 4, GRU: 3, SimpleRNN: 1 };

function kerasRecurrent(gates: number): MacsRule {
  return (node, typeOf) => {
    const x = inputDims(node, typeOf, 0);
    return x ? recurrentMacs(gates, cfg(node, 'units'), x) : undefined;
  };
}

// Bidirectional runs its wrapped layer once in each direction.
const bidirectional: MacsRule = (node, typeOf) => {
  const layer = cfg(node, 'layer');
  if (!isObject(layer) || !isObject(layer['config'])) return undefined;
  const className = layer['class_name'];
  const gates = typeof className === 'string' ? GATES[className] : undefined;
  const x = inputDims(node, typeOf, 0);
  const one = gates === undefined || !x ? undefined : recurrentMacs(gates, layer['config']['units'], x);
  return one === undefined ? undefined : 2 * one;
};

/** MAC rules of Keras layers in layers models, by class name (Embedding is a lookup: 0 MACs). */
export const KERAS_MAC_RULES: Readonly<Record<string, MacsRule>> = {
  Dense: dense,
  Conv1D: kerasConv(1),
  Conv2D: kerasConv(2),
  Conv3D: kerasConv(3),
  DepthwiseConv2D: kerasDepthwise,
  SeparableConv1D: kerasSeparable(1),
  SeparableConv2D: kerasSeparable(2),
  Conv2DTranspose: kerasConvTranspose(2),
  Conv3DTranspose: kerasConvTranspose(3),
  LSTM: kerasRecurrent(4),
  GRU: kerasRecurrent(3),
  SimpleRNN: kerasRecurrent(1),
  Bidirectional: bidirectional,
};

/** The MAC rule of a node of a TF.js model: Keras layers in the 'keras' domain, TF ops otherwise. */
export function tfjsMacsRule(node: Node): MacsRule | undefined {
  return node.domain === KERAS_DOMAIN
    ? KERAS_MAC_RULES[node.op]
    : node.domain === ''
      ? TFJS_MAC_RULES[node.op]
      : undefined;
}
