// Direct 2-D convolution loops in NCHW (ONNX), without im2col: for each (output channel, input channel,
// kernel tap) one weight scales a run of input pixels into a run of output pixels. The valid output range
// of each tap is worked out once, so the inner loop has no bounds checks; zero weights (pruned models)
// are skipped.

/** Geometry of a 2-D convolution (1-D convolutions use h = kh = 1). */
export interface Conv2dGeometry {
  readonly batch: number;
  readonly inC: number;
  readonly h: number;
  readonly w: number;
  readonly outC: number;
  readonly kh: number;
  readonly kw: number;
  readonly oh: number;
  readonly ow: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  /** Padding before the first row / column (the padding after only bounds the output size). */
  readonly padTop: number;
  readonly padLeft: number;
  readonly group: number;
}

/**
 * For each kernel tap k (along one axis), the output indices [first, end) whose input index
 * o·stride + k·dilation − pad falls inside [0, size): worked out once per call, not per channel pair.
 */
function tapRanges(kernel: number, dilation: number, pad: number, stride: number, size: number, outSize: number) {
  const first = new Int32Array(kernel);
  const end = new Int32Array(kernel);
  for (let k = 0; k < kernel; k++) {
    const offset = k * dilation - pad;
    first[k] = Math.max(0, Math.ceil(-offset / stride));
    end[k] = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  }
  return { first, end };
}

/** out[N, M, OH, OW] = conv(x[N, C, H, W], w[M, C/group, KH, KW]) + bias[M]; `out` must be zeroed. */
export function conv2dNchw(
  x: Float32Array,
  weights: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  g: Conv2dGeometry,
): void {
  const plane = g.oh * g.ow;
  const outPerGroup = g.outC / g.group;
  const rows = tapRanges(g.kh, g.dilationH, g.padTop, g.strideH, g.h, g.oh);
  const cols = tapRanges(g.kw, g.dilationW, g.padLeft, g.strideW, g.w, g.ow);
  for (let b = 0; b < g.batch; b++) {
    if (bias)
      for (let m = 0; m < g.outC; m++) {
        const oBase = (b * g.outC + m) * plane;
        out.fill(bias[m]!, oBase, oBase + plane);
      }
    // Output channels four at a time (within a group): each input pixel loaded once feeds four sums.
    for (let m = 0; m < g.outC;) {
      const groupEnd = (Math.floor(m / outPerGroup) + 1) * outPerGroup;
      if (groupEnd - m >= 4) {
        convBlock4(x, weights, out, g, b, m, rows, cols);
        m += 4;
      } else {
        convBlock1(x, weights, out, g, b, m, rows, cols);
        m += 1;
      }
    }
  }
}

type Ranges = { readonly first: Int32Array; readonly end: Int32Array };

/** Adds the contribution of every input channel of output channel m's group to output channel m. */
function convBlock1(
  x: Float32Array,
  weights: Float32Array,
  out: Float32Array,
  g: Conv2dGeometry,
  b: number,
  m: number,
  rows: Ranges,
  cols: Ranges,
): void {
  const { h, w, kh, kw, ow, strideH: sh, strideW: sw } = g;
  const inPerGroup = g.inC / g.group;
  const firstC = Math.floor(m / (g.outC / g.group)) * inPerGroup;
  const oBase = (b * g.outC + m) * g.oh * ow;
  for (let cc = 0; cc < inPerGroup; cc++) {
    const iBase = (b * g.inC + firstC + cc) * h * w;
    const wBase = (m * inPerGroup + cc) * kh * kw;
    for (let ky = 0; ky < kh; ky++) {
      const yOff = ky * g.dilationH - g.padTop;
      const oy0 = rows.first[ky]!;
      const oy1 = rows.end[ky]!;
      for (let kx = 0; kx < kw; kx++) {
        const wv = weights[wBase + ky * kw + kx]!;
        if (wv === 0) continue;
        const xOff = kx * g.dilationW - g.padLeft;
        const ox0 = cols.first[kx]!;
        const ox1 = cols.end[kx]!;
        for (let oy = oy0; oy < oy1; oy++) {
          const iRow = iBase + (oy * sh + yOff) * w + xOff;
          const oRow = oBase + oy * ow;
          for (let ox = ox0; ox < ox1; ox++) out[oRow + ox]! += wv * x[iRow + ox * sw]!;
        }
      }
    }
  }
}

/** Like convBlock1 for output channels m … m+3 at once (same group). */
function convBlock4(
  x: Float32Array,
  weights: Float32Array,
  out: Float32Array,
  g: Conv2dGeometry,
  b: number,
  m: number,
  rows: Ranges,
  cols: Ranges,
): void {
  const { h, w, kh, kw, ow, strideH: sh, strideW: sw } = g;
  const plane = g.oh * ow;
  const inPerGroup = g.inC / g.group;
  const firstC = Math.floor(m / (g.outC / g.group)) * inPerGroup;
  const oBase = (b * g.outC + m) * plane;
  const taps = kh * kw;
  const wStride = inPerGroup * taps;
  // A run over whole rows is contiguous when every tap reads its rows in full (1×1 convolutions).
  const contiguous = sw === 1 && sh === 1 && ow === w && g.padLeft === 0 && kw === 1;
  for (let cc = 0; cc < inPerGroup; cc++) {
    const iBase = (b * g.inC + firstC + cc) * h * w;
    const wBase = (m * inPerGroup + cc) * taps;
    for (let ky = 0; ky < kh; ky++) {
      const yOff = ky * g.dilationH - g.padTop;
      const oy0 = rows.first[ky]!;
      const oy1 = rows.end[ky]!;
      for (let kx = 0; kx < kw; kx++) {
        const t = wBase + ky * kw + kx;
        const w0 = weights[t]!;
        const w1 = weights[t + wStride]!;
        const w2 = weights[t + 2 * wStride]!;
        const w3 = weights[t + 3 * wStride]!;
        if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0) continue;
        const xOff = kx * g.dilationW - g.padLeft;
        if (contiguous) {
          const iStart = iBase + (oy0 + yOff) * w;
          const o = oBase + oy0 * ow;
          const len = (oy1 - oy0) * ow;
          for (let k = 0; k < len; k++) {
            const v = x[iStart + k]!;
            out[o + k]! += w0 * v;
            out[o + plane + k]! += w1 * v;
            out[o + 2 * plane + k]! += w2 * v;
            out[o + 3 * plane + k]! += w3 * v;
          }
          continue;
        }
        const ox0 = cols.first[kx]!;
        const ox1 = cols.end[kx]!;
        for (let oy = oy0; oy < oy1; oy++) {
          const iRow = iBase + (oy * sh + yOff) * w + xOff;
          const o = oBase + oy * ow;
          for (let ox = ox0; ox < ox1; ox++) {
            const v = x[iRow + ox * sw]!;
            out[o + ox]! += w0 * v;
            out[o + plane + ox]! += w1 * v;
            out[o + 2 * plane + ox]! += w2 * v;
            out[o + 3 * plane + ox]! += w3 * v;
          }
        }
      }
    }
  }
}

/**
 * out[N, M, OH, OW] = conv_transpose(x[N, C, H, W], w[C, M/group, KH, KW]) + bias[M]: every input pixel
 * scatters its kernel into the output (ONNX ConvTranspose). `out` must be zeroed.
 */
export function convTranspose2dNchw(
  x: Float32Array,
  weights: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  g: Conv2dGeometry,
): void {
  const { h, w, kh, kw, oh, ow, strideH: sh, strideW: sw } = g;
  const inPerGroup = g.inC / g.group;
  const outPerGroup = g.outC / g.group;
  for (let b = 0; b < g.batch; b++) {
    for (let c = 0; c < g.inC; c++) {
      const iBase = (b * g.inC + c) * h * w;
      const firstM = Math.floor(c / inPerGroup) * outPerGroup;
      for (let mm = 0; mm < outPerGroup; mm++) {
        const oBase = (b * g.outC + firstM + mm) * oh * ow;
        const wBase = (c * outPerGroup + mm) * kh * kw;
        for (let ky = 0; ky < kh; ky++) {
          // Output row oy = iy·sh + yOff must land in [0, oh).
          const yOff = ky * g.dilationH - g.padTop;
          const iy0 = Math.max(0, Math.ceil(-yOff / sh));
          const iy1 = Math.min(h, Math.floor((oh - 1 - yOff) / sh) + 1);
          for (let kx = 0; kx < kw; kx++) {
            const wv = weights[wBase + ky * kw + kx]!;
            if (wv === 0) continue;
            const xOff = kx * g.dilationW - g.padLeft;
            const ix0 = Math.max(0, Math.ceil(-xOff / sw));
            const ix1 = Math.min(w, Math.floor((ow - 1 - xOff) / sw) + 1);
            for (let iy = iy0; iy < iy1; iy++) {
              const iRow = iBase + iy * w;
              const oRow = oBase + (iy * sh + yOff) * ow + xOff;
              for (let ix = ix0; ix < ix1; ix++) out[oRow + ix * sw]! += wv * x[iRow + ix]!;
            }
          }
        }
      }
    }
  }
  if (!bias) return;
  const plane = oh * ow;
  for (let b = 0; b < g.batch; b++)
    for (let m = 0; m < g.outC; m++) {
      const base = (b * g.outC + m) * plane;
      const v = bias[m]!;
      for (let k = 0; k < plane; k++) out[base + k]! += v;
    }
}
