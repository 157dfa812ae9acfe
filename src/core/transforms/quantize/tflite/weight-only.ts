// Dynamic-range ("hybrid") int8 quantization of a float TFLite model, as the converter's
// Optimize.DEFAULT without a representative dataset makes it (corpus: mlperf_kws_dscnn_float32_hybrid):
// the weights of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED become int8 symmetric, read directly by
// the hybrid kernels, which quantize their float input on the fly; biases and activations stay float.
// Weights with fewer than 1024 elements stay float, as the converter leaves them.
import { TransformError } from '../../../errors';
import { indexGraph } from '../../../ir/graph-index';
import type { Model, Node, Quantization, Tensor } from '../../../ir/types';
import type { LayerReport } from '../types';
import { validateGraph } from '../../../ir/validate';
import { dropSuperseded, keptFloatEntries } from './full-int8';
import {
  constantTensor,
  floatValues,
  IdPool,
  isFloatActivation,
  isFloatConstant,
  staticShape,
  withVersion,
} from './graph-edit';
import { withGraph } from './model-meta';
import { checkFloatModel } from './plan';
import { quantizeSymmetric, type SymmetricWeights } from './weights';
import { constantByteLength } from '../../../ir/tensor';

/** The converter's default: smaller weights are not worth a hybrid kernel. */
export const HYBRID_MIN_ELEMENTS = 1024;

interface HybridSpec {
  readonly axis: number;
  /**
   * The hybrid kernel reads one scale per channel whatever the file says: per-tensor weights are stored
   * with their one scale repeated. (Measured: DEPTHWISE_CONV_2D version 4 with a single scale gives NaN
   * outputs in the TFLite interpreter; the converter itself always writes per-channel hybrid depthwise.)
   */
  readonly perAxisOnly?: boolean;
  /** Operator version of the hybrid kernel, per tensor and per channel. */
  readonly version: (node: Node, perChannel: boolean) => number;
}

const intAttr = (node: Node, name: string): number => {
  const a = node.attributes[name];
  return a && (a.type === 'int' || a.type === 'float') ? a.value : 0;
};

// tensorflow/lite/tools/versioning/op_version.cc: the hybrid kernels' versions.
const HYBRID_OPS: Readonly<Record<string, HybridSpec>> = {
  CONV_2D: { axis: 0, version: (_, perChannel) => (perChannel ? 5 : 2) },
  DEPTHWISE_CONV_2D: { axis: 3, perAxisOnly: true, version: (_, perChannel) => (perChannel ? 6 : 4) },
  FULLY_CONNECTED: {
    axis: 0,
    version: (node, perChannel) => {
      if (perChannel) return 12;
      if (node.inputs.length === 2) return 6;
      if (intAttr(node, 'keep_num_dims')) return 5;
      return intAttr(node, 'asymmetric_quantize_inputs') ? 9 : 3;
    },
  },
};

export interface WeightOnlyOptions {
  readonly perChannel: boolean;
  /** Per-channel FULLY_CONNECTED weights (version 12, recent runtimes only). */
  readonly perChannelFullyConnected: boolean;
  readonly minElements: number;
  readonly keepFloat: (node: Node) => boolean;
  readonly recordRanges: boolean;
}

export interface WeightOnlyResult {
  readonly model: Model;
  readonly entries: readonly LayerReport[];
  readonly skippedSmall: number;
}

/** Per-tensor weights written as per-axis ones (the single scale repeated along `axis`). */
function replicated(q: SymmetricWeights, channels: number, axis: number): SymmetricWeights {
  return {
    ...q,
    axis,
    scale: new Float32Array(channels).fill(q.scale[0]!),
    min: new Float32Array(channels).fill(q.min[0]!),
    max: new Float32Array(channels).fill(q.max[0]!),
  };
}

/** Hybrid int8 weights for the ops that have hybrid kernels; everything else is left as it was. */
export function quantizeWeightsInt8(model: Model, options: WeightOnlyOptions): WeightOnlyResult {
  const graph = model.graph;
  checkFloatModel(graph, 'the model');
  const index = indexGraph(graph);
  const tensor = (id: string) => index.tensor.get(id);
  const ids = new IdPool(graph.tensors.map((t) => t.id));
  const replaced = new Map<string, Tensor>();
  const added: Tensor[] = [];
  const entries: LayerReport[] = [];
  let skippedSmall = 0;
  const nodes = graph.nodes.map((node) => {
    const spec = HYBRID_OPS[node.op];
    const weights = spec ? tensor(node.inputs[1] ?? '') : undefined;
    const floatIn = isFloatActivation(tensor(node.inputs[0] ?? ''));
    if (!spec || !isFloatConstant(weights) || !floatIn) return node;
    if (options.keepFloat(node)) {
      entries.push(...keptFloatEntries(node, tensor));
      return node;
    }
    const shape = staticShape(weights);
    if (shape.reduce((a, b) => a * b, 1) < options.minElements) {
      skippedSmall++;
      return node;
    }
    const perChannel = options.perChannel && (node.op !== 'FULLY_CONNECTED' || options.perChannelFullyConnected);
    const axis = perChannel && shape.length > spec.axis && shape[spec.axis]! > 1 ? spec.axis : undefined;
    const values = floatValues(weights);
    const q =
      spec.perAxisOnly && axis === undefined
        ? replicated(quantizeSymmetric(values, shape, undefined), shape[spec.axis] ?? 1, spec.axis)
        : quantizeSymmetric(values, shape, axis);
    const stored = q.axis;
    const quant: Quantization = {
      scale: Array.from(q.scale),
      zeroPoint: new Array<number>(q.scale.length).fill(0),
      ...(stored !== undefined ? { axis: stored } : {}),
      ...(options.recordRanges ? { min: Array.from(q.min), max: Array.from(q.max) } : {}),
    };
    const owned = (index.consumers.get(weights.id) ?? []).length === 1 && !graph.outputs.includes(weights.id);
    const id = owned ? weights.id : ids.take(`${weights.id}_int8`);
    const made = constantTensor(id, owned ? weights.name : `${weights.name}_int8`, weights, 'int8', q.values, quant);
    if (owned) replaced.set(id, made);
    else added.push(made);
    entries.push({
      nodeId: node.id,
      name: node.name,
      op: node.op,
      tensor: weights.id,
      role: 'weight',
      dtype: 'int8',
      granularity: axis === undefined ? 'per-tensor' : 'per-channel',
      ...(axis !== undefined ? { axis } : {}),
      scaleRange: { min: Math.min(...q.scale), max: Math.max(...q.scale) },
      zeroPointRange: { min: 0, max: 0 },
      sqnrDb: q.error.sqnrDb,
      mse: q.error.mse,
      elements: values.length,
      bytesBefore: constantByteLength(weights),
      bytesAfter: constantByteLength(made),
      clipped: q.clipped,
      keptFloat: false,
    });
    const inputs = node.inputs.map((input, i) => (i === 1 ? id : input));
    const extras = withVersion(node, spec.version(node, stored !== undefined));
    const { extras: _old, ...base } = node;
    return { ...base, inputs, ...(extras ? { extras } : {}) };
  });
  const tensors = dropSuperseded(graph, nodes, [...graph.tensors.map((t) => replaced.get(t.id) ?? t), ...added]);
  const result = { ...graph, nodes, tensors };
  const problems = validateGraph(result);
  if (problems.length)
    throw new TransformError(
      'invalid-result',
      `weight-only quantization produced an invalid graph: ${problems[0]!.message}`,
    );
  return { model: withGraph(model, result, '1.14.0'), entries, skippedSmall };
}
