// Which ops the executor runs, per format: ONNX's default domain (NCHW) and TFLite builtins (NHWC).
import type { FormatId, Node } from '../ir/types';
import { onnxConvOps } from './ops/onnx-conv';
import { onnxElementwiseOps } from './ops/onnx-elementwise';
import { onnxExtraOps } from './ops/onnx-extra';
import { onnxMatmulOps } from './ops/onnx-matmul';
import { onnxNormOps } from './ops/onnx-norm';
import { onnxPoolOps } from './ops/onnx-pool';
import { onnxQuantOps } from './ops/onnx-quant';
import { onnxReduceOps } from './ops/onnx-reduce';
import { onnxReshapeOps } from './ops/onnx-reshape';
import { onnxResizeOps } from './ops/onnx-resize';
import { onnxTensorOps } from './ops/onnx-tensor';
import { tfliteConvOps } from './ops/tflite-conv';
import { tfliteElementwiseOps } from './ops/tflite-elementwise';
import { tfliteMiscOps } from './ops/tflite-misc';
import { tfliteShapeOps } from './ops/tflite-shape';
import type { OpDef, OpTable } from './types';

function merge(tables: readonly OpTable[]): ReadonlyMap<string, OpDef> {
  const map = new Map<string, OpDef>();
  for (const table of tables)
    for (const [op, def] of Object.entries(table)) {
      if (map.has(op)) throw new Error(`two kernels for ${op}`);
      map.set(op, def);
    }
  return map;
}

const ONNX_OPS = merge([
  onnxConvOps,
  onnxElementwiseOps,
  onnxExtraOps,
  onnxMatmulOps,
  onnxNormOps,
  onnxPoolOps,
  onnxQuantOps,
  onnxReduceOps,
  onnxReshapeOps,
  onnxResizeOps,
  onnxTensorOps,
]);

const TFLITE_OPS = merge([tfliteConvOps, tfliteElementwiseOps, tfliteMiscOps, tfliteShapeOps]);

/** The op definition that runs `node` in a model of `format`, if the executor has one. */
export function opDefFor(format: FormatId, node: Node): OpDef | undefined {
  if (format === 'onnx') return node.domain === '' || node.domain === 'ai.onnx' ? ONNX_OPS.get(node.op) : undefined;
  if (format === 'tflite') return TFLITE_OPS.get(node.op);
  return undefined;
}

/** Every op the executor runs, per format (for listings and docs). */
export function executableOps(): { onnx: string[]; tflite: string[] } {
  return { onnx: [...ONNX_OPS.keys()].sort(), tflite: [...TFLITE_OPS.keys()].sort() };
}
