// Float16 weights, the TFLite scheme (converter: target_spec.supported_types = [tf.float16]): every
// float32 constant is stored as a FLOAT16 buffer and a DEQUANTIZE op turns it back into float32 when the
// model is prepared; ops and activations stay float32. The float32 tensor keeps its id, so every reader
// is unchanged; the float16 constant is a new tensor.
import { getKernels } from '../../../../kernels/index';
import { TransformError } from '../../../errors';
import { indexGraph } from '../../../ir/graph-index';
import { constantByteLength, constantElementCount } from '../../../ir/tensor';
import type { Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import type { LayerReport } from '../types';
import { conversionNode, floatValues, IdPool, isFloatConstant } from './graph-edit';
import { withGraph } from './model-meta';
import { DEQUANTIZE_FLOAT16_VERSION } from './op-specs';
import { checkFloatModel } from './plan';

export interface Float16Options {
  /** Constants with fewer elements stay float32. */
  readonly minElements: number;
  readonly keepFloat: (node: Node) => boolean;
}

export interface Float16Result {
  readonly model: Model;
  readonly entries: readonly LayerReport[];
}

// The role a constant plays for its first reader (for the report).
function roleOf(node: Node, input: number): 'weight' | 'bias' | 'constant' {
  const weighted = ['CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'TRANSPOSE_CONV'].includes(node.op);
  if (!weighted) return 'constant';
  const bias = node.op === 'TRANSPOSE_CONV' ? 3 : 2;
  return input === 1 ? 'weight' : input === bias ? 'bias' : 'constant';
}

/** Stores the float32 constants read by float ops as float16, each behind a DEQUANTIZE. */
export function convertFloat16(model: Model, options: Float16Options): Float16Result {
  const graph = model.graph;
  checkFloatModel(graph, 'the model');
  const index = indexGraph(graph);
  const ids = new IdPool(graph.tensors.map((t) => t.id));
  const nodeIds = new IdPool(graph.nodes.map((n) => n.id));
  const kernels = getKernels();
  const converted = new Map<string, Tensor>();
  const dequantize: Node[] = [];
  const entries: LayerReport[] = [];
  for (const t of graph.tensors) {
    if (!isFloatConstant(t) || graph.outputs.includes(t.id)) continue;
    const readers = index.consumers.get(t.id) ?? [];
    if (readers.length === 0 || constantElementCount(t) < options.minElements) continue;
    const first = graph.nodes[readers[0]!]!;
    // A constant read by a layer kept in float stays float32 for all its readers.
    if (readers.some((r) => options.keepFloat(graph.nodes[r]!))) continue;
    const values = floatValues(t);
    const half = new Uint16Array(values.length);
    kernels.float32ToFloat16(values, half);
    const back = new Float32Array(values.length);
    kernels.float16ToFloat32(half, back);
    const error = kernels.errorStats(values, back);
    const id = ids.take(`${t.id}_fp16`);
    const stored: Tensor = {
      id,
      name: `${t.name}_fp16`,
      dtype: 'float16',
      ...(t.shape ? { shape: t.shape } : {}),
      data: { bytes: new Uint8Array(half.buffer) },
    };
    converted.set(t.id, stored);
    dequantize.push(
      conversionNode(nodeIds.take(`DEQUANTIZE_${t.id}`), 'DEQUANTIZE', id, t.id, DEQUANTIZE_FLOAT16_VERSION),
    );
    const input = first.inputs.indexOf(t.id);
    entries.push({
      nodeId: first.id,
      name: first.name,
      op: first.op,
      tensor: t.id,
      role: roleOf(first, input),
      dtype: 'float16',
      granularity: 'per-tensor',
      sqnrDb: error.sqnrDb,
      mse: error.mse,
      elements: values.length,
      bytesBefore: constantByteLength(t),
      bytesAfter: stored.data!.bytes!.byteLength,
      clipped: 0,
      keptFloat: false,
    });
  }
  if (converted.size === 0)
    throw new TransformError('not-applicable', 'the model has no float32 constants large enough to store as float16');
  // The float32 tensor becomes the DEQUANTIZE output (no data); the float16 one is added after it.
  const tensors: Tensor[] = [];
  for (const t of graph.tensors) {
    const half = converted.get(t.id);
    if (!half) {
      tensors.push(t);
      continue;
    }
    const { data: _data, ...activation } = t;
    tensors.push(activation, half);
  }
  // The converter puts the DEQUANTIZE ops first, in tensor order.
  const result = { ...graph, nodes: [...dequantize, ...graph.nodes], tensors };
  const problems = validateGraph(result);
  if (problems.length)
    throw new TransformError('invalid-result', `float16 conversion produced an invalid graph: ${problems[0]!.message}`);
  return { model: withGraph(model, result), entries };
}
