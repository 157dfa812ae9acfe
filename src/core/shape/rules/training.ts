// Optimizers of the ai.onnx.preview.training domain: each new tensor is shaped like the tensor it updates.
import type { ShapeRule } from '../context';
import { like } from './common';

// Inputs are R, T, then groups (X..., G..., [V...], [H...]) of equally shaped tensors; the outputs list
// the updated groups in order, so output j has the shape of input 2 + j.
const optimizer: ShapeRule = (ctx) => ctx.node.outputs.map((_, j) => like(ctx, 2 + j));

/** Rules of the training-domain optimizers (domain ai.onnx.preview.training). */
export const trainingRules: Readonly<Record<string, ShapeRule>> = {
  Adagrad: optimizer,
  Adam: optimizer,
  Momentum: optimizer,
};
