// Keras convolution and pooling layers of layers models: output shapes from the layer config (filters,
// kernel_size, strides, padding 'valid' | 'same' | 'causal', dilation_rate, data_format), as Keras's
// conv_utils.conv_output_length and deconv_output_length compute them.
import type { Dim } from '../../../ir/types';
import type { ShapeRule } from '../../context';
import { fail } from '../../context';
import { isNum } from '../../dims';
import { out } from '../common';
import { windowOutput } from '../window';
import { assemble, layout } from './tf-attrs';
import { cfg, cfgNumber, cfgString, cfgTuple, isChannelsFirst, layerDtype } from './keras-config';

type Kind = 'conv' | 'depthwise' | 'separable';

function padding(node: Parameters<typeof cfgString>[0]): 'SAME_UPPER' | 'VALID' {
  const p = cfgString(node, 'padding', 'valid');
  // 'causal' pads (kernel − 1) · dilation on the left only: the output length is ceil(in / stride), as 'same'.
  if (p === 'same' || p === 'causal') return 'SAME_UPPER';
  if (p !== 'valid') fail('bad-attribute', `padding "${p}" is not valid, same or causal`);
  return 'VALID';
}

function conv(n: number, kind: Kind): ShapeRule {
  return (ctx) => {
    const dtype = layerDtype(ctx);
    const x = ctx.shape(0);
    if (!x) return [out(dtype)];
    if (x.length !== n + 2)
      fail('shape-mismatch', `the input has rank ${x.length}, a ${n}-D convolution needs ${n + 2}`);
    const first = isChannelsFirst(ctx.node);
    const { batch, channels, spatial } = layout(x, first);
    const spatialOut = windowOutput(spatial, {
      kernel: cfgTuple(ctx.node, 'kernel_size', n),
      strides: cfgTuple(ctx.node, 'strides', n, new Array<number>(n).fill(1)),
      dilations: cfgTuple(ctx.node, 'dilation_rate', n, new Array<number>(n).fill(1)),
      pads: new Array<number>(2 * n).fill(0),
      autoPad: padding(ctx.node),
      ceilMode: false,
    });
    const multiplier = cfgNumber(ctx.node, 'depth_multiplier', 1);
    const outChannels: Dim =
      kind === 'depthwise' ? (isNum(channels) ? channels * multiplier : null) : cfgNumber(ctx.node, 'filters', NaN);
    if (Number.isNaN(outChannels)) fail('bad-attribute', 'config entry "filters" is missing');
    return [out(dtype, assemble(batch, outChannels, spatialOut, first))];
  };
}

// Keras deconv_output_length: with output_padding unset, 'same' gives in·stride and 'valid'
// in·stride + max(kernel − stride, 0) (kernel dilated); with it set, (in − 1)·stride + kernel − 2·pad + p.
function convTranspose(n: number): ShapeRule {
  return (ctx) => {
    const dtype = layerDtype(ctx);
    const x = ctx.shape(0);
    if (!x) return [out(dtype)];
    if (x.length !== n + 2)
      fail('shape-mismatch', `the input has rank ${x.length}, a ${n}-D convolution needs ${n + 2}`);
    const first = isChannelsFirst(ctx.node);
    const { batch, spatial } = layout(x, first);
    const kernel = cfgTuple(ctx.node, 'kernel_size', n);
    const strides = cfgTuple(ctx.node, 'strides', n, new Array<number>(n).fill(1));
    const dilation = cfgTuple(ctx.node, 'dilation_rate', n, new Array<number>(n).fill(1));
    const same = padding(ctx.node) === 'SAME_UPPER';
    const outputPadding = cfg(ctx.node, 'output_padding');
    const op =
      outputPadding === null || outputPadding === undefined ? undefined : cfgTuple(ctx.node, 'output_padding', n);
    const spatialOut = spatial.map((d, i): Dim => {
      if (!isNum(d)) return null;
      const s = strides[i]!;
      const k = (kernel[i]! - 1) * dilation[i]! + 1;
      if (!op) return same ? d * s : d * s + Math.max(k - s, 0);
      const pad = same ? Math.floor(k / 2) : 0;
      return (d - 1) * s + k - 2 * pad + op[i]!;
    });
    return [out(dtype, assemble(batch, cfgNumber(ctx.node, 'filters', NaN), spatialOut, first))];
  };
}

function pool(n: number): ShapeRule {
  return (ctx) => {
    const dtype = layerDtype(ctx);
    const x = ctx.shape(0);
    if (!x) return [out(dtype)];
    if (x.length !== n + 2) fail('shape-mismatch', `the input has rank ${x.length}, a ${n}-D pooling needs ${n + 2}`);
    const first = isChannelsFirst(ctx.node);
    const { batch, channels, spatial } = layout(x, first);
    const size = cfgTuple(ctx.node, 'pool_size', n, new Array<number>(n).fill(2));
    const strides = cfg(ctx.node, 'strides');
    const spatialOut = windowOutput(spatial, {
      kernel: size,
      // strides null means strides = pool_size.
      strides: strides === null || strides === undefined ? size : cfgTuple(ctx.node, 'strides', n),
      dilations: new Array<number>(n).fill(1),
      pads: new Array<number>(2 * n).fill(0),
      autoPad: padding(ctx.node),
      ceilMode: false,
    });
    return [out(dtype, assemble(batch, channels, spatialOut, first))];
  };
}

function globalPool(n: number): ShapeRule {
  return (ctx) => {
    const dtype = layerDtype(ctx);
    const x = ctx.shape(0);
    if (!x) return [out(dtype)];
    if (x.length !== n + 2) fail('shape-mismatch', `the input has rank ${x.length}, a ${n}-D pooling needs ${n + 2}`);
    const first = isChannelsFirst(ctx.node);
    const { batch, channels } = layout(x, first);
    const keep = cfg(ctx.node, 'keepdims') === true;
    return [out(dtype, keep ? assemble(batch, channels, new Array<Dim>(n).fill(1), first) : [batch, channels])];
  };
}

/** Per-dim [before, after] amounts of ZeroPadding / Cropping: an int, one int per dim, or pairs. */
function pairs(value: unknown, n: number, key: string): [number, number][] {
  if (typeof value === 'number') return Array.from({ length: n }, () => [value, value]);
  if (Array.isArray(value) && value.length === n) {
    return value.map((v): [number, number] => {
      if (typeof v === 'number') return [v, v];
      if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number'))
        return [v[0] as number, v[1] as number];
      return fail('bad-attribute', `config entry "${key}" has an entry that is not a number or a pair`);
    });
  }
  if (n === 1 && Array.isArray(value) && value.length === 2) return [[value[0] as number, value[1] as number]];
  return fail('bad-attribute', `config entry "${key}" does not give ${n} dims`);
}

function resizeBy(n: number, key: string, f: (d: number, p: [number, number]) => number, fallback: number): ShapeRule {
  return (ctx) => {
    const dtype = layerDtype(ctx);
    const x = ctx.shape(0);
    if (!x) return [out(dtype)];
    if (x.length !== n + 2) fail('shape-mismatch', `the input has rank ${x.length}, the layer needs ${n + 2}`);
    const first = isChannelsFirst(ctx.node);
    const { batch, channels, spatial } = layout(x, first);
    const amounts = pairs(cfg(ctx.node, key) ?? fallback, n, key);
    return [
      out(
        dtype,
        assemble(
          batch,
          channels,
          spatial.map((d, i) => (isNum(d) ? f(d, amounts[i]!) : null)),
          first,
        ),
      ),
    ];
  };
}

const zeroPadding = (n: number) => resizeBy(n, 'padding', (d, [a, b]) => d + a + b, 1);
const cropping = (n: number) => resizeBy(n, 'cropping', (d, [a, b]) => d - a - b, 0);
// UpSampling's size is one factor per dim; as a pair [s, s] it multiplies by its first entry.
const upSampling = (n: number) => resizeBy(n, 'size', (d, [s]) => d * s, 2);

/** Keras convolution, pooling, padding and resizing layers. */
export const kerasConvRules: Readonly<Record<string, ShapeRule>> = {
  Conv1D: conv(1, 'conv'),
  Conv2D: conv(2, 'conv'),
  Conv3D: conv(3, 'conv'),
  DepthwiseConv2D: conv(2, 'depthwise'),
  SeparableConv1D: conv(1, 'separable'),
  SeparableConv2D: conv(2, 'separable'),
  Conv2DTranspose: convTranspose(2),
  Conv3DTranspose: convTranspose(3),
  MaxPooling1D: pool(1),
  MaxPooling2D: pool(2),
  MaxPooling3D: pool(3),
  AveragePooling1D: pool(1),
  AveragePooling2D: pool(2),
  AveragePooling3D: pool(3),
  GlobalAveragePooling1D: globalPool(1),
  GlobalAveragePooling2D: globalPool(2),
  GlobalAveragePooling3D: globalPool(3),
  GlobalMaxPooling1D: globalPool(1),
  GlobalMaxPooling2D: globalPool(2),
  GlobalMaxPooling3D: globalPool(3),
  ZeroPadding1D: zeroPadding(1),
  ZeroPadding2D: zeroPadding(2),
  ZeroPadding3D: zeroPadding(3),
  Cropping1D: cropping(1),
  Cropping2D: cropping(2),
  UpSampling1D: upSampling(1),
  UpSampling2D: upSampling(2),
};
