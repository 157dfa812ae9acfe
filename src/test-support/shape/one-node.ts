// Builds one-node models for shape-rule tables and runs inference on them.
import type { DType } from '../../core/ir/dtype';
import { GraphBuilder, type AttributeInput } from '../../core/ir/builder';
import type { Graph, Model, Shape } from '../../core/ir/types';
import { inferShapes } from '../../core/shape/infer';
import type { FoldedValue, ShapeInferenceOptions, ShapeProblem, TensorType } from '../../core/shape/types';

/** A graph input (shape undefined: unknown rank), a constant (with values), or an omitted input (null). */
export type InputSpec = { dtype: DType; shape?: Shape; values?: readonly number[] } | null;

/** Shorthand for a graph input of `dtype` and `shape` (undefined shape: unknown rank). */
export const t = (dtype: DType, shape?: Shape): InputSpec => (shape === undefined ? { dtype } : { dtype, shape });

/** Shorthand for a constant input. */
export const c = (dtype: DType, shape: readonly number[], values: readonly number[]): InputSpec => ({
  dtype,
  shape,
  values,
});

/** Shorthand for a 1-D int64 constant (axes, pads, shapes...). */
export const ints = (values: readonly number[]): InputSpec => c('int64', [values.length], values);

/** Shorthand for an int64 scalar constant. */
export const scalar = (value: number, dtype: DType = 'int64'): InputSpec => c(dtype, [], [value]);

function typed(dtype: DType, values: readonly number[]) {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int8':
      return Int8Array.from(values);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values);
    case 'int16':
      return Int16Array.from(values);
    case 'uint16':
      return Uint16Array.from(values);
    case 'int32':
      return Int32Array.from(values);
    case 'uint32':
      return Uint32Array.from(values);
    case 'int64':
      return BigInt64Array.from(values.map((v) => BigInt(v)));
    default:
      throw new Error(`no test constant for ${dtype}`);
  }
}

export interface OneNodeOptions {
  opset?: number;
  /** Number of outputs (default 1). */
  outputs?: number;
  domain?: string;
  inputShapes?: ShapeInferenceOptions['inputShapes'];
}

export interface OneNodeResult {
  /** Type of each output (dtype 'undefined' and no shape when unknown). */
  outputs: TensorType[];
  /** Folded value of each output, if any. */
  folded: (FoldedValue | undefined)[];
  problems: readonly ShapeProblem[];
  model: Model;
}

/** A model with one node `op` reading `inputs`; `unknown` inputs are graph inputs without a shape. */
export function oneNodeModel(
  op: string,
  inputs: readonly InputSpec[],
  attributes: Record<string, AttributeInput> = {},
  options: OneNodeOptions = {},
): Model {
  const b = new GraphBuilder('one-node');
  const unknownRank = new Set<string>();
  const names = inputs.map((spec, i) => {
    if (spec === null) return '';
    const name = `in${i}`;
    if (spec.values) b.constant(name, typed(spec.dtype, spec.values), spec.shape ?? [spec.values.length], spec.dtype);
    else {
      b.input(name, spec.dtype, spec.shape ?? []);
      if (spec.shape === undefined) unknownRank.add(name);
    }
    return name;
  });
  const outs = Array.from({ length: options.outputs ?? 1 }, (_, i) => `out${i}`);
  b.node(op, names, attributes, { outputs: outs, ...(options.domain ? { domain: options.domain } : {}) });
  b.output(...outs);
  const graph: Graph = b.graph();
  const tensors = graph.tensors.map((x) => (unknownRank.has(x.id) ? { id: x.id, name: x.name, dtype: x.dtype } : x));
  const model = b.model({ opset: options.opset ?? 17 });
  return { ...model, graph: { ...graph, tensors } };
}

/** Runs inference on a one-node model. */
export function runOp(
  op: string,
  inputs: readonly InputSpec[],
  attributes: Record<string, AttributeInput> = {},
  options: OneNodeOptions = {},
): OneNodeResult {
  const model = oneNodeModel(op, inputs, attributes, options);
  const result = inferShapes(model, options.inputShapes ? { inputShapes: options.inputShapes } : {});
  const outs = model.graph.nodes[0]?.outputs ?? [];
  return {
    outputs: outs.map((id) => result.types.get(id) ?? { dtype: 'undefined' }),
    folded: outs.map((id) => result.folded.get(id)),
    problems: result.problems,
    model,
  };
}

/** Output `i` as `[dtype, shape]` (shape undefined when the rank is unknown), for compact assertions. */
export function typeOf(result: OneNodeResult, i = 0): [DType, Shape | undefined] {
  const o = result.outputs[i];
  return [o?.dtype ?? 'undefined', o?.shape];
}
