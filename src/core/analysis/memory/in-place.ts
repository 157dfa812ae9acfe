import type { Graph, Node } from '../../ir/types';
import { nodeReads } from '../params';
import { concreteDims, type TypeOf } from '../type-lookup';
import type { ActivationTensor, Lifetimes } from './lifetimes';
import type { PlanBuffer } from './planner';

/** How tensors may share arena buffers, modelled on what MCU runtimes do. */
export interface BufferSharingOptions {
  /**
   * Element-wise ops and depthwise convolutions write over an input that dies at that op (TFLM-style
   * runtimes and MCUNet's kernels do; the output must not be larger than the input it overwrites).
   */
  readonly inPlace?: boolean;
  /**
   * A Relu/Clip right after the op producing its only input runs inside that op, as TFLite fuses
   * activations into CONV_2D/ADD/FULLY_CONNECTED: the two tensors are one buffer.
   */
  readonly fuseActivations?: boolean;
}

/** A buffer holding one or more activations, one after the other (a chain of in-place writes). */
export interface SharedBuffer extends PlanBuffer {
  /** Activation ids in this buffer, in the order they are written. */
  readonly members: readonly string[];
}

export interface BufferSharing {
  /** Buffers in the order of their first member in `Lifetimes.tensors` (the order TFLM adds them). */
  readonly buffers: readonly SharedBuffer[];
  /** Buffer id of each activation with a known, non-zero size. */
  readonly bufferOf: ReadonlyMap<string, string>;
  /** Nodes that write over an input (by node id), fused activations included. */
  readonly inPlaceNodes: readonly string[];
}

// Ops whose output element i depends only on input element i (ONNX and TFLite builtin spellings).
const UNARY = new Set([
  'Relu',
  'Clip',
  'Sigmoid',
  'Tanh',
  'LeakyRelu',
  'HardSigmoid',
  'HardSwish',
  'Elu',
  'Selu',
  'Abs',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Identity',
  'BatchNormalization',
  'Dropout',
  'PRelu',
  'RELU',
  'RELU6',
  'RELU_N1_TO_1',
  'LOGISTIC',
  'TANH',
  'HARD_SWISH',
  'LEAKY_RELU',
  'ABS',
  'NEG',
  'EXP',
  'LOG',
  'SQRT',
  'RSQRT',
  'PRELU',
]);
const BINARY = new Set(['Add', 'Sub', 'Mul', 'Div', 'ADD', 'SUB', 'MUL', 'DIV']);
// Activations a runtime fuses into the op before them, and the ops that take a fused activation.
const FUSABLE_ACTIVATIONS = new Set(['Relu', 'Clip']);
const FUSING_PRODUCERS = new Set(['Conv', 'ConvTranspose', 'Gemm', 'MatMul', 'Add', 'BatchNormalization']);

function isDepthwise(node: Node, typeOf: TypeOf): boolean {
  if (node.op === 'DEPTHWISE_CONV_2D') return true;
  if (node.op !== 'Conv') return false;
  const group = node.attributes['group'];
  const dims = concreteDims(typeOf(node.inputs[0] ?? '')?.shape);
  // ONNX Conv is NCHW: depthwise when every input channel is its own group.
  return group?.type === 'int' && group.value > 1 && dims !== undefined && dims[1] === group.value;
}

/** The inputs a node may overwrite, and whether its output may be smaller than the input. */
function candidates(node: Node, typeOf: TypeOf, options: BufferSharingOptions): { inputs: string[]; shrink: boolean } {
  const first = node.inputs[0] ?? '';
  if (options.inPlace) {
    if (UNARY.has(node.op)) return { inputs: [first], shrink: false };
    if (BINARY.has(node.op)) return { inputs: node.inputs.slice(0, 2), shrink: false };
    if (isDepthwise(node, typeOf)) return { inputs: [first], shrink: true };
  }
  if (options.fuseActivations && FUSABLE_ACTIVATIONS.has(node.op)) return { inputs: [first], shrink: false };
  return { inputs: [], shrink: false };
}

/**
 * Groups activations into shared buffers. Without options every activation is its own buffer, exactly
 * the tensors `activationLifetimes` lists. A node writes over input x only when x is read by that node
 * alone (once), dies there, is not a graph output, and the output fits in x's buffer.
 */
export function shareBuffers(
  graph: Graph,
  lifetimes: Lifetimes,
  typeOf: TypeOf,
  options: BufferSharingOptions = {},
): BufferSharing {
  const byId = new Map<string, ActivationTensor>();
  for (const t of lifetimes.tensors) if (t.bytes !== undefined && t.bytes > 0) byId.set(t.id, t);
  const readers = new Map<string, number>();
  for (const node of graph.nodes) for (const id of nodeReads(node)) readers.set(id, (readers.get(id) ?? 0) + 1);

  // Union by chains: the group's head is its first member; `tail` is the member written last.
  const groupOf = new Map<string, string>();
  const tail = new Map<string, string>();
  for (const id of byId.keys()) {
    groupOf.set(id, id);
    tail.set(id, id);
  }
  const inPlaceNodes: string[] = [];
  if (options.inPlace || options.fuseActivations) {
    lifetimes.schedule.forEach((nodeIndex, step) => {
      const node = graph.nodes[nodeIndex]!;
      const out = byId.get(node.outputs[0] ?? '');
      if (!out) return;
      const { inputs, shrink } = candidates(node, typeOf, options);
      const target = inputs.find((id) => {
        const x = byId.get(id);
        if (!x || x.isOutput || x.last !== step || readers.get(id) !== 1) return false;
        if (node.inputs.filter((i) => i === id).length !== 1) return false;
        if (options.fuseActivations && !options.inPlace) {
          const producer = x.producer === undefined ? undefined : graph.nodes[x.producer];
          if (!producer || !FUSING_PRODUCERS.has(producer.op)) return false;
        }
        const group = groupOf.get(id)!;
        return tail.get(group) === id && (shrink ? out.bytes! <= x.bytes! : out.bytes === x.bytes);
      });
      if (target === undefined) return;
      const group = groupOf.get(target)!;
      groupOf.set(out.id, group);
      tail.set(group, out.id);
      inPlaceNodes.push(node.id);
    });
  }

  const members = new Map<string, string[]>();
  for (const t of lifetimes.tensors) {
    const group = groupOf.get(t.id);
    if (group === undefined) continue;
    const list = members.get(group);
    if (list) list.push(t.id);
    else members.set(group, [t.id]);
  }
  const buffers: SharedBuffer[] = [];
  const bufferOf = new Map<string, string>();
  for (const [id, ids] of members) {
    const ts = ids.map((m) => byId.get(m)!).sort((a, b) => a.first - b.first);
    for (const m of ids) bufferOf.set(m, id);
    buffers.push({
      id,
      size: Math.max(...ts.map((t) => t.bytes!)),
      first: Math.min(...ts.map((t) => t.first)),
      last: Math.max(...ts.map((t) => t.last)),
      members: ts.map((t) => t.id),
    });
  }
  return { buffers, bufferOf, inPlaceNodes };
}
