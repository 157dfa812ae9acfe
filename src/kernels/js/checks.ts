// Argument checks shared by both backends. A mismatch here is a bug in the caller, not bad user input,
// so it is a RangeError naming the kernel rather than one of the core's typed errors.
import type { AffineParams, ChannelLayout } from '../types';

export function checkSameLength(kernel: string, a: ArrayLike<unknown>, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new RangeError(`${kernel}: the input has ${a.length} elements but the output has ${b.length}.`);
  }
}

export function checkLayout(kernel: string, length: number, layout: ChannelLayout): void {
  const { outer, channels, inner } = layout;
  if (
    !(Number.isInteger(outer) && Number.isInteger(channels) && Number.isInteger(inner)) ||
    outer < 0 ||
    channels < 0 ||
    inner < 0
  ) {
    throw new RangeError(
      `${kernel}: the channel layout ${outer}×${channels}×${inner} is not made of whole, non-negative numbers.`,
    );
  }
  if (outer * channels * inner !== length) {
    throw new RangeError(
      `${kernel}: the channel layout ${outer}×${channels}×${inner} does not cover the ${length} elements of the tensor.`,
    );
  }
}

/**
 * The layout the affine parameters apply with: one channel for per-tensor parameters, else the given
 * layout (checked against the tensor and the number of scales).
 */
export function affineLayout(kernel: string, length: number, params: AffineParams): ChannelLayout {
  const { scale, zeroPoint, layout } = params;
  if (scale.length !== zeroPoint.length) {
    throw new RangeError(`${kernel}: ${scale.length} scales but ${zeroPoint.length} zero points.`);
  }
  if (scale.length === 1 && !layout) return { outer: 1, channels: 1, inner: length };
  if (!layout) throw new RangeError(`${kernel}: ${scale.length} scales need a channel layout.`);
  checkLayout(kernel, length, layout);
  if (layout.channels !== scale.length) {
    throw new RangeError(`${kernel}: the layout has ${layout.channels} channels but there are ${scale.length} scales.`);
  }
  return layout;
}

export function checkQuantRange(kernel: string, qmin: number, qmax: number): void {
  if (!(Number.isInteger(qmin) && Number.isInteger(qmax) && qmin <= qmax)) {
    throw new RangeError(`${kernel}: the integer range [${qmin}, ${qmax}] is not a range of whole numbers.`);
  }
}
