// Convolution loops in NHWC with TFLite's weight layouts: CONV_2D [O, KH, KW, I/groups] as dot products
// over the contiguous input channels, DEPTHWISE_CONV_2D [1, KH, KW, C·M] as runs over the channels, and
// TRANSPOSE_CONV [O, KH, KW, I] as a scatter.

export interface NhwcGeometry {
  readonly batch: number;
  readonly h: number;
  readonly w: number;
  readonly inC: number;
  readonly oh: number;
  readonly ow: number;
  readonly outC: number;
  readonly kh: number;
  readonly kw: number;
  readonly strideH: number;
  readonly strideW: number;
  readonly dilationH: number;
  readonly dilationW: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** Kernel taps k with 0 ≤ start + k·dilation < size, as [first, end). */
function taps(start: number, dilation: number, size: number, kernel: number): [number, number] {
  const first = Math.max(0, Math.ceil(-start / dilation));
  const end = Math.min(kernel, Math.floor((size - 1 - start) / dilation) + 1);
  return [first, end];
}

/**
 * CONV_2D: weights [O, KH, KW, I/groups]; `out` is written (not accumulated). Output channels go four at
 * a time (within a group), so each input value loaded feeds four dot products.
 */
export function conv2dNhwc(
  x: Float32Array,
  wt: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  g: NhwcGeometry,
  groups: number,
): void {
  const cg = g.inC / groups;
  const og = g.outC / groups;
  const tapSize = g.kh * g.kw * cg;
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.oh; oy++) {
      const y0 = oy * g.strideH - g.padTop;
      const [ky0, ky1] = taps(y0, g.dilationH, g.h, g.kh);
      for (let ox = 0; ox < g.ow; ox++) {
        const x0 = ox * g.strideW - g.padLeft;
        const [kx0, kx1] = taps(x0, g.dilationW, g.w, g.kw);
        const ob = ((b * g.oh + oy) * g.ow + ox) * g.outC;
        let o = 0;
        while (o < g.outC) {
          const cOff = Math.floor(o / og) * cg;
          const four = o + 4 <= (Math.floor(o / og) + 1) * og;
          let s0 = bias ? bias[o]! : 0;
          let s1 = four && bias ? bias[o + 1]! : 0;
          let s2 = four && bias ? bias[o + 2]! : 0;
          let s3 = four && bias ? bias[o + 3]! : 0;
          for (let ky = ky0; ky < ky1; ky++) {
            const rowBase = (b * g.h + y0 + ky * g.dilationH) * g.w;
            for (let kx = kx0; kx < kx1; kx++) {
              const ib = (rowBase + x0 + kx * g.dilationW) * g.inC + cOff;
              const w0 = (o * g.kh + ky) * g.kw * cg + kx * cg;
              if (four) {
                for (let c = 0; c < cg; c++) {
                  const v = x[ib + c]!;
                  s0 += v * wt[w0 + c]!;
                  s1 += v * wt[w0 + tapSize + c]!;
                  s2 += v * wt[w0 + 2 * tapSize + c]!;
                  s3 += v * wt[w0 + 3 * tapSize + c]!;
                }
              } else {
                for (let c = 0; c < cg; c++) s0 += x[ib + c]! * wt[w0 + c]!;
              }
            }
          }
          out[ob + o] = s0;
          if (four) {
            out[ob + o + 1] = s1;
            out[ob + o + 2] = s2;
            out[ob + o + 3] = s3;
            o += 4;
          } else o += 1;
        }
      }
    }
}

/** DEPTHWISE_CONV_2D: weights [1, KH, KW, C·M]; output channel c·M + m reads input channel c. `out` zeroed. */
export function depthwiseNhwc(
  x: Float32Array,
  wt: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  g: NhwcGeometry,
): void {
  const mult = g.outC / g.inC;
  for (let b = 0; b < g.batch; b++)
    for (let oy = 0; oy < g.oh; oy++) {
      const y0 = oy * g.strideH - g.padTop;
      const [ky0, ky1] = taps(y0, g.dilationH, g.h, g.kh);
      for (let ox = 0; ox < g.ow; ox++) {
        const x0 = ox * g.strideW - g.padLeft;
        const [kx0, kx1] = taps(x0, g.dilationW, g.w, g.kw);
        const ob = ((b * g.oh + oy) * g.ow + ox) * g.outC;
        if (bias) for (let o = 0; o < g.outC; o++) out[ob + o] = bias[o]!;
        for (let ky = ky0; ky < ky1; ky++) {
          const rowBase = (b * g.h + y0 + ky * g.dilationH) * g.w;
          for (let kx = kx0; kx < kx1; kx++) {
            const ib = (rowBase + x0 + kx * g.dilationW) * g.inC;
            const wb = (ky * g.kw + kx) * g.outC;
            if (mult === 1) {
              for (let c = 0; c < g.outC; c++) out[ob + c]! += x[ib + c]! * wt[wb + c]!;
            } else {
              for (let c = 0; c < g.inC; c++) {
                const v = x[ib + c]!;
                for (let m = 0; m < mult; m++) out[ob + c * mult + m]! += v * wt[wb + c * mult + m]!;
              }
            }
          }
        }
      }
    }
}

/** TRANSPOSE_CONV: weights [O, KH, KW, I]; every input pixel scatters into the output. `out` zeroed. */
export function transposeConvNhwc(
  x: Float32Array,
  wt: Float32Array,
  bias: Float32Array | undefined,
  out: Float32Array,
  g: NhwcGeometry,
): void {
  for (let b = 0; b < g.batch; b++)
    for (let iy = 0; iy < g.h; iy++)
      for (let ix = 0; ix < g.w; ix++) {
        const ib = ((b * g.h + iy) * g.w + ix) * g.inC;
        for (let ky = 0; ky < g.kh; ky++) {
          const oy = iy * g.strideH - g.padTop + ky;
          if (oy < 0 || oy >= g.oh) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ox = ix * g.strideW - g.padLeft + kx;
            if (ox < 0 || ox >= g.ow) continue;
            const ob = ((b * g.oh + oy) * g.ow + ox) * g.outC;
            for (let o = 0; o < g.outC; o++) {
              const wb = ((o * g.kh + ky) * g.kw + kx) * g.inC;
              let sum = 0;
              for (let c = 0; c < g.inC; c++) sum += x[ib + c]! * wt[wb + c]!;
              out[ob + o]! += sum;
            }
          }
        }
      }
  if (!bias) return;
  for (let p = 0; p < out.length; p += g.outC) for (let o = 0; o < g.outC; o++) out[p + o]! += bias[o]!;
}
