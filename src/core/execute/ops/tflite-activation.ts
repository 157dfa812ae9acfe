// TFLite's fused activations (ActivationFunctionType), applied in place to a kernel's fresh output.
import { stringAttr } from '../attrs';
import type { Node } from './op-types';

const SUPPORTED = new Set(['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH']);

/** The node's fused activation when the executor cannot apply it; undefined when it can. */
export function activationProblem(node: Node): string | undefined {
  const act = stringAttr(node, 'fused_activation_function', 'NONE');
  return SUPPORTED.has(act) ? undefined : `fused activation ${act} is not supported`;
}

/** Applies the node's fused activation to `data` (a buffer the kernel just filled). */
export function applyActivation(node: Node, data: Float32Array): void {
  const act = stringAttr(node, 'fused_activation_function', 'NONE');
  let lo = -Infinity;
  let hi = Infinity;
  switch (act) {
    case 'NONE':
      return;
    case 'TANH':
      for (let i = 0; i < data.length; i++) data[i] = Math.tanh(data[i]!);
      return;
    case 'RELU':
      lo = 0;
      break;
    case 'RELU6':
      lo = 0;
      hi = 6;
      break;
    case 'RELU_N1_TO_1':
      lo = -1;
      hi = 1;
      break;
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    data[i] = v < lo ? lo : v > hi ? hi : v;
  }
}
