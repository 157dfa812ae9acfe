// float16 weights: every float32 constant becomes an IEEE half-precision initializer read through a Cast
// to float32, so every operator still sees float32 and onnxruntime's CPU kernels (mostly float32-only) run
// it. Storage halves; compute is unchanged.
import { getKernels } from '../../../../kernels/index';
import { constantByteLength, constantElementCount } from '../../../ir/tensor';
import type { Graph, Tensor } from '../../../ir/types';
import type { LayerReport, QuantizeOptions } from '../types';
import { GraphEdit } from './graph-edit';
import { float32Values, isFloat32Constant, staticDims } from './values';
import { constantReaders } from './weight-slots';
import { floatLayer } from './weights';

/** Largest finite float16 value. */
const FLOAT16_MAX = 65504;
/** TensorProto.DataType FLOAT. */
const ONNX_FLOAT = 1;

export interface Float16Result {
  readonly graph: Graph;
  readonly layers: readonly LayerReport[];
  readonly warnings: readonly string[];
}

/** Stores the float32 constants of `graph` as float16. */
export function convertFloat16(graph: Graph, options: QuantizeOptions): Float16Result {
  const k = getKernels();
  const edit = new GraphEdit(graph, { compactNames: options.compactNames ?? false });
  const tensors = new Map<string, Tensor>(graph.tensors.map((t) => [t.id, t]));
  const readers = constantReaders(graph, tensors);
  const minElements = options.minElements ?? 16;
  const overrides = options.overrides ?? {};
  const layers: LayerReport[] = [];
  const warnings: string[] = [];
  let small = 0;
  for (const [id, at] of readers) {
    const tensor = tensors.get(id)!;
    const node = graph.nodes[at[0]!]!;
    if (!isFloat32Constant(tensor)) continue;
    if (at.some((i) => overrides[graph.nodes[i]!.id]?.keepFloat)) {
      layers.push(floatLayer(node, tensor, 'weight'));
      continue;
    }
    if (constantElementCount(tensor) < minElements) {
      small++;
      continue;
    }
    const values = float32Values(tensor);
    const { min, max } = k.minMax(values);
    if (Math.max(-min, max) > FLOAT16_MAX) {
      warnings.push(`"${id}" holds values beyond float16's ±65504 and stays in float32`);
      layers.push(floatLayer(node, tensor, 'weight'));
      continue;
    }
    const half = new Uint16Array(values.length);
    k.float32ToFloat16(values, half);
    const back = new Float32Array(values.length);
    k.float16ToFloat32(half, back);
    const error = k.errorStats(values, back);
    const dims = staticDims(tensor);
    const stored = edit.constant(`${tensor.name || id}_float16`, 'float16', dims, half);
    edit.setTensor({ id, name: tensor.name, dtype: 'undefined' });
    const cast = edit.makeNode('Cast', [stored], [id], { to: { type: 'int', value: ONNX_FLOAT } });
    edit.addAtStart({ ...cast, name: '' });
    layers.push({
      nodeId: node.id,
      name: node.name,
      op: node.op,
      tensor: id,
      role: 'weight',
      dtype: 'float16',
      granularity: 'per-tensor',
      sqnrDb: error.sqnrDb,
      mse: error.mse,
      elements: values.length,
      bytesBefore: constantByteLength(tensor),
      bytesAfter: half.byteLength,
      clipped: 0,
      keptFloat: false,
    });
  }
  if (small) warnings.push(`${small} constant(s) with fewer than ${minElements} elements stay in float32`);
  return { graph: edit.build(), layers, warnings };
}
