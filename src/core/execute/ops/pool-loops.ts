// 2-D max and average pooling over either layout (NCHW for ONNX, NHWC for TFLite): the same loops, with
// the layout's strides.

export interface PoolGeometry {
  readonly layout: 'nchw' | 'nhwc';
  readonly batch: number;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
  readonly oh: number;
  readonly ow: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
  /** Padding after the last row / column (average pooling that counts padding divides by it). */
  readonly padBottom: number;
  readonly padRight: number;
}

/** Element strides (batch, channel, row, column) of a layout. */
function strides(g: PoolGeometry, h: number, w: number): [number, number, number, number] {
  return g.layout === 'nchw' ? [g.channels * h * w, h * w, w, 1] : [h * w * g.channels, 1, w * g.channels, g.channels];
}

function each(g: PoolGeometry, visit: (inBase: number, outIndex: number, y0: number, x0: number) => void): void {
  const [ib, ic] = strides(g, g.h, g.w);
  const [ob, oc, oy, ox] = strides(g, g.oh, g.ow);
  for (let b = 0; b < g.batch; b++)
    for (let c = 0; c < g.channels; c++)
      for (let y = 0; y < g.oh; y++)
        for (let x = 0; x < g.ow; x++)
          visit(
            b * ib + c * ic,
            b * ob + c * oc + y * oy + x * ox,
            y * g.strideH - g.padTop,
            x * g.strideW - g.padLeft,
          );
}

/** out = the largest value of each window (padding never wins). */
export function maxPool2d(input: Float32Array, out: Float32Array, g: PoolGeometry): void {
  const [, , sy, sx] = strides(g, g.h, g.w);
  each(g, (base, o, y0, x0) => {
    let best = -Infinity;
    for (let ky = 0; ky < g.kh; ky++) {
      const y = y0 + ky * g.dilationH;
      if (y < 0 || y >= g.h) continue;
      for (let kx = 0; kx < g.kw; kx++) {
        const x = x0 + kx * g.dilationW;
        if (x < 0 || x >= g.w) continue;
        const v = input[base + y * sy + x * sx]!;
        if (v > best || Number.isNaN(v)) best = v;
      }
    }
    out[o] = best;
  });
}

/**
 * out = the mean of each pooling window: `countPad`: divide by the window's size within the padded input (ONNX
 * count_include_pad); otherwise by the number of real elements it covers (TFLite, ONNX's default).
 */
export function avgPool2d(input: Float32Array, out: Float32Array, g: PoolGeometry, countPad: boolean): void {
  const [, , sy, sx] = strides(g, g.h, g.w);
  each(g, (base, o, y0, x0) => {
    const y1 = Math.min(y0 + g.kh, g.h + g.padBottom);
    const x1 = Math.min(x0 + g.kw, g.w + g.padRight);
    const padded = (y1 - y0) * (x1 - x0);
    let sum = 0;
    let count = 0;
    for (let y = Math.max(0, y0); y < Math.min(y1, g.h); y++)
      for (let x = Math.max(0, x0); x < Math.min(x1, g.w); x++) {
        sum += input[base + y * sy + x * sx]!;
        count++;
      }
    out[o] = sum / (countPad ? padded : count);
  });
}
