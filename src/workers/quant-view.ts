import type { Attribute, Node, Quantization } from '../core';
import type { QuantView } from './protocol';

/** How many per-channel parameters a QuantView carries for display (the ranges cover all of them). */
export const QUANT_VIEW_LIMIT = 64;

function range(values: readonly number[]): readonly [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return values.length ? [lo, hi] : [0, 0];
}

/** The inspector's view of a tensor's quantization parameters; undefined when it has none. */
export function quantView(quant: Quantization | undefined): QuantView | undefined {
  if (!quant || quant.scale.length === 0) return undefined;
  const perChannel = quant.scale.length > 1 && quant.axis !== undefined;
  return {
    ...(perChannel ? { axis: quant.axis } : {}),
    channels: quant.scale.length,
    scale: quant.scale.slice(0, QUANT_VIEW_LIMIT),
    zeroPoint: quant.zeroPoint.slice(0, QUANT_VIEW_LIMIT),
    scaleRange: range(quant.scale),
    zeroPointRange: range(quant.zeroPoint.length ? quant.zeroPoint : [0]),
  };
}

function text(attribute: Attribute | undefined): string | undefined {
  return attribute?.type === 'string' ? attribute.value : undefined;
}

/**
 * The activation a format fuses into an operator, for a badge on the node: TFLite's
 * `fused_activation_function` (when not NONE) and the activations in TF.js `_Fused*` ops' `fused_ops`.
 */
export function fusedActivation(node: Node): string | undefined {
  const tflite = text(node.attributes['fused_activation_function']);
  if (tflite !== undefined) return tflite === 'NONE' ? undefined : tflite;
  const fused = node.attributes['fused_ops'];
  if (fused?.type === 'strings') {
    const activations = fused.value.filter((op) => op !== 'BiasAdd' && op !== 'FusedBatchNorm');
    return activations.length ? activations.join('+') : undefined;
  }
  return undefined;
}
