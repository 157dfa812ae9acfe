// Output sizes of sliding windows (Conv, pooling): kernel, strides, dilations, pads, auto_pad, ceil_mode.
import type { Dim, Node } from '../../ir/types';
import { intAttr, intsAttr, stringAttr } from '../attrs';
import { fail } from '../context';

export interface Window {
  readonly kernel: readonly Dim[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Begin pads then end pads, one per spatial axis each. */
  readonly pads: readonly number[];
  readonly autoPad: string;
  readonly ceilMode: boolean;
}

function perAxis(node: Node, name: string, n: number, fallback: number): number[] {
  const v = intsAttr(node, name);
  if (v === undefined || v.length === 0) return new Array<number>(n).fill(fallback);
  if (v.length !== n) fail('bad-attribute', `attribute "${name}" has ${v.length} values for ${n} spatial axes`);
  return [...v];
}

/** Window parameters of a node over `n` spatial axes; `kernel` comes from the weights or kernel_shape. */
export function windowOf(node: Node, n: number, kernel: readonly Dim[], ceilModeAllowed = false): Window {
  if (n < 1) fail('shape-mismatch', `the input has rank ${n + 2}; a sliding window needs N, C and spatial axes`);
  const pads = intsAttr(node, 'pads');
  if (pads !== undefined && pads.length !== 2 * n && pads.length !== 0)
    fail('bad-attribute', `attribute "pads" has ${pads.length} values for ${n} spatial axes (expected ${2 * n})`);
  const strides = perAxis(node, 'strides', n, 1);
  if (strides.some((s) => s <= 0)) fail('bad-attribute', `strides must be positive, got [${strides.join(', ')}]`);
  return {
    kernel,
    strides,
    dilations: perAxis(node, 'dilations', n, 1),
    pads: pads && pads.length > 0 ? pads : new Array<number>(2 * n).fill(0),
    autoPad: stringAttr(node, 'auto_pad', 'NOTSET'),
    ceilMode: ceilModeAllowed && intAttr(node, 'ceil_mode', 0) === 1,
  };
}

/** Spatial output sizes of a sliding window over `spatial` input dims (ONNX Conv/Pool output formulas). */
export function windowOutput(spatial: readonly Dim[], w: Window): Dim[] {
  const n = spatial.length;
  return spatial.map((input, i) => {
    const k = w.kernel[i];
    const s = w.strides[i] ?? 1;
    if (typeof input !== 'number') return null;
    if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(input / s);
    if (typeof k !== 'number') return null;
    const effective = (k - 1) * (w.dilations[i] ?? 1) + 1;
    const begin = w.autoPad === 'VALID' ? 0 : (w.pads[i] ?? 0);
    const end = w.autoPad === 'VALID' ? 0 : (w.pads[i + n] ?? 0);
    const span = input + begin + end - effective;
    if (span < 0)
      fail('shape-mismatch', `the window (${effective}) is larger than the padded input (${input + begin + end})`);
    if (!w.ceilMode) return Math.floor(span / s) + 1;
    let size = Math.ceil(span / s) + 1;
    // The last window must start inside the input or its left padding (as PyTorch and ONNX Runtime do).
    if ((size - 1) * s >= input + begin) size -= 1;
    return size;
  });
}
