// ONNX MaxPool, AveragePool (1-D and 2-D: pads, auto_pad, strides, dilations, ceil_mode,
// count_include_pad) and the global pools.
import { intAttr, intsAttr, stringAttr } from '../attrs';
import { fmtShape, sizeOf } from '../shape-util';
import type { KernelContext, Node, OpTable, RuntimeTensor } from './op-types';
import { avgPool2d, maxPool2d, type PoolGeometry } from './pool-loops';

function check(node: Node): string | undefined {
  const k = intsAttr(node, 'kernel_shape');
  if (!k || k.length === 0) return 'kernel_shape is missing';
  if (k.length > 2) return `${k.length}-D pooling is not supported (1-D and 2-D are)`;
  if (node.op === 'MaxPool' && node.outputs[1]) return 'the Indices output is not supported';
  if (node.op === 'AveragePool' && (intsAttr(node, 'dilations') ?? []).some((d) => d !== 1))
    return 'dilated average pooling is not supported';
  return undefined;
}

function pad2(values: readonly number[], fill: number): [number, number] {
  return values.length === 1 ? [fill, values[0]!] : [values[0]!, values[1]!];
}

function geometry(ctx: KernelContext, x: RuntimeTensor): PoolGeometry {
  const node = ctx.node;
  const kernel = intsAttr(node, 'kernel_shape')!;
  const rank = kernel.length;
  if (x.shape.length !== rank + 2)
    ctx.fail('shape-mismatch', `a ${rank}-D kernel does not fit an input of shape ${fmtShape(x.shape)}`);
  const ones = new Array<number>(rank).fill(1);
  const strides = intsAttr(node, 'strides') ?? ones;
  const dilations = intsAttr(node, 'dilations') ?? ones;
  const pads = intsAttr(node, 'pads') ?? new Array<number>(2 * rank).fill(0);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  const ceil = intAttr(node, 'ceil_mode', 0) !== 0;
  const begin: number[] = [];
  const end: number[] = [];
  const out = x.shape.slice(2).map((size, i) => {
    const s = strides[i]!;
    const eff = (kernel[i]! - 1) * dilations[i]! + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const o = Math.ceil(size / s);
      const total = Math.max(0, (o - 1) * s + eff - size);
      const first = autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
      begin.push(first);
      end.push(total - first);
      return o;
    }
    if (autoPad === 'VALID') {
      begin.push(0);
      end.push(0);
      return Math.floor((size - eff) / s) + 1;
    }
    begin.push(pads[i]!);
    end.push(pads[i + rank]!);
    const span = size + pads[i]! + pads[i + rank]! - eff;
    let o = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
    // With ceil_mode, a last window that would start inside the end padding is dropped.
    if (ceil && (o - 1) * s >= size + pads[i]!) o--;
    return o;
  });
  if (out.some((o) => o <= 0)) ctx.fail('shape-mismatch', `input ${fmtShape(x.shape)} is smaller than the window`);
  const [h, w] = pad2(x.shape.slice(2), 1);
  const [oh, ow] = pad2(out, 1);
  const [kh, kw] = pad2(kernel, 1);
  const [strideH, strideW] = pad2(strides, 1);
  const [dilationH, dilationW] = pad2(dilations, 1);
  const [padTop, padLeft] = pad2(begin, 0);
  const [padBottom, padRight] = pad2(end, 0);
  return {
    layout: 'nchw',
    batch: x.shape[0]!,
    channels: x.shape[1]!,
    h,
    w,
    oh,
    ow,
    kh,
    kw,
    strideH,
    strideW,
    dilationH,
    dilationW,
    padTop,
    padLeft,
    padBottom,
    padRight,
  };
}

function outShape(x: RuntimeTensor, g: PoolGeometry): number[] {
  return x.shape.length === 3 ? [g.batch, g.channels, g.ow] : [g.batch, g.channels, g.oh, g.ow];
}

function maxPool(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const g = geometry(ctx, x);
  const shape = outShape(x, g);
  const out = ctx.alloc(sizeOf(shape));
  maxPool2d(x.data, out, g);
  return [{ dtype: x.dtype, shape, data: out }];
}

function averagePool(ctx: KernelContext): RuntimeTensor[] {
  const x = ctx.input(0);
  const g = geometry(ctx, x);
  const shape = outShape(x, g);
  const out = ctx.alloc(sizeOf(shape));
  avgPool2d(x.data, out, g, intAttr(ctx.node, 'count_include_pad', 0) !== 0);
  return [{ dtype: x.dtype, shape, data: out }];
}

function globalPool(max: boolean) {
  return (ctx: KernelContext): RuntimeTensor[] => {
    const x = ctx.input(0);
    const rows = (x.shape[0] ?? 1) * (x.shape[1] ?? 1);
    const plane = sizeOf(x.shape.slice(2));
    const out = ctx.alloc(rows);
    for (let r = 0; r < rows; r++) {
      let acc = max ? -Infinity : 0;
      for (let k = r * plane; k < (r + 1) * plane; k++) acc = max ? Math.max(acc, x.data[k]!) : acc + x.data[k]!;
      out[r] = max ? acc : acc / plane;
    }
    const shape = [...x.shape.slice(0, 2), ...x.shape.slice(2).map(() => 1)];
    return [{ dtype: x.dtype, shape, data: out }];
  };
}

export const onnxPoolOps: OpTable = {
  MaxPool: { run: maxPool, check },
  AveragePool: { run: averagePool, check },
  GlobalAveragePool: { run: globalPool(false) },
  GlobalMaxPool: { run: globalPool(true) },
};
