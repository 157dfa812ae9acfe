import { TransformError } from '../../errors';
import { dtypeByteLength, isFloatDType, type DType } from '../../ir/dtype';
import type { Graph, Shape } from '../../ir/types';
import { constantTensorIds, isConstantNode, nodeReads } from '../params';
import { concreteDims, product, type TypeOf } from '../type-lookup';

/** How activation bytes are counted: as stored, or as int8 (float activations 1 byte per element). */
export type ActivationDTypeMode = 'stored' | 'int8';

export interface LifetimeOptions {
  readonly activationDType?: ActivationDTypeMode;
  /** Execution order as indices into `graph.nodes` (default: the model's own node order). */
  readonly schedule?: readonly number[];
}

/** One activation tensor (DESIGN.md: every non-constant tensor) and the steps it is alive. */
export interface ActivationTensor {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shape?: Shape;
  /** Bytes at run time; undefined when its dtype or shape is unknown (counted in `unknownSizeTensors`). */
  readonly bytes: number | undefined;
  /** First step it is alive: the step producing it (graph inputs: 0). */
  readonly first: number;
  /** Last step it is alive: the last step reading it (graph outputs: the last step). */
  readonly last: number;
  /** Index in `graph.nodes` of the node producing it; undefined for graph inputs. */
  readonly producer?: number;
  readonly isInput: boolean;
  readonly isOutput: boolean;
}

export interface Lifetimes {
  /** Activations in the graph's tensor declaration order (TFLite: tensor index order, as TFLM adds them). */
  readonly tensors: readonly ActivationTensor[];
  /** Number of steps (one per node, at least 1). */
  readonly steps: number;
  /** The node order used: `schedule[step]` is an index into `graph.nodes`. */
  readonly schedule: readonly number[];
  /** How many activations have an unknown size (their bytes are not in any sum). */
  readonly unknownSizeTensors: number;
}

const SIZELESS: ReadonlySet<DType> = new Set<DType>(['undefined', 'string', 'resource', 'variant']);

/** Bytes of a tensor of this type at run time, or undefined when the type does not tell. */
export function activationBytes(dtype: DType, shape: Shape | undefined, mode: ActivationDTypeMode): number | undefined {
  const dims = concreteDims(shape);
  if (!dims || SIZELESS.has(dtype)) return undefined;
  const count = product(dims);
  return mode === 'int8' && isFloatDType(dtype) ? count : dtypeByteLength(dtype, count);
}

function checkSchedule(schedule: readonly number[], nodeCount: number): void {
  const seen = new Set<number>();
  for (const i of schedule) {
    if (!Number.isInteger(i) || i < 0 || i >= nodeCount || seen.has(i))
      throw new TransformError('invalid-options', `the schedule names node index ${i} twice or out of range`);
    seen.add(i);
  }
  if (seen.size !== nodeCount)
    throw new TransformError('invalid-options', `the schedule lists ${seen.size} of the graph's ${nodeCount} nodes`);
}

/**
 * Activation tensors of a graph with their lifetimes (DESIGN.md "Definitions"): inputs from step 0,
 * node outputs from their producing step, each alive until its last reader; graph outputs to the end.
 * Constants (tensors with data, Constant nodes' outputs) are not activations.
 */
export function activationLifetimes(graph: Graph, typeOf: TypeOf, options: LifetimeOptions = {}): Lifetimes {
  const nodeCount = graph.nodes.length;
  const schedule = options.schedule ?? graph.nodes.map((_, i) => i);
  checkSchedule(schedule, nodeCount);
  const steps = Math.max(1, nodeCount);
  const mode = options.activationDType ?? 'stored';

  const constants = constantTensorIds(graph);
  const firstStep = new Map<string, number>();
  const producer = new Map<string, number>();
  const lastStep = new Map<string, number>();
  const inputs = new Set(graph.inputs.filter((id) => !constants.has(id)));
  for (const id of inputs) firstStep.set(id, 0);
  schedule.forEach((nodeIndex, step) => {
    const node = graph.nodes[nodeIndex]!;
    const constantNode = isConstantNode(node);
    for (const out of node.outputs) {
      if (out === '') continue;
      if (constantNode) constants.add(out);
      else if (!firstStep.has(out)) {
        firstStep.set(out, step);
        producer.set(out, nodeIndex);
      }
    }
    for (const id of nodeReads(node)) lastStep.set(id, step);
  });
  const outputs = new Set(graph.outputs);

  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id) || !firstStep.has(id) || constants.has(id)) return;
    seen.add(id);
    order.push(id);
  };
  for (const t of graph.tensors) visit(t.id);
  for (const id of inputs) visit(id);
  for (const index of schedule) for (const out of graph.nodes[index]!.outputs) visit(out);

  const declared = new Map(graph.tensors.map((t) => [t.id, t]));
  let unknownSizeTensors = 0;
  const tensors = order.map((id): ActivationTensor => {
    const type = typeOf(id);
    const dtype = type?.dtype ?? 'undefined';
    const bytes = activationBytes(dtype, type?.shape, mode);
    if (bytes === undefined) unknownSizeTensors++;
    const first = firstStep.get(id)!;
    const isOutput = outputs.has(id);
    const last = Math.max(first, lastStep.get(id) ?? first, isOutput ? steps - 1 : first);
    return {
      id,
      name: declared.get(id)?.name ?? id,
      dtype,
      ...(type?.shape !== undefined ? { shape: type.shape } : {}),
      bytes,
      first,
      last,
      ...(producer.has(id) ? { producer: producer.get(id)! } : {}),
      isInput: inputs.has(id),
      isOutput,
    };
  });
  return { tensors, steps, schedule, unknownSizeTensors };
}
