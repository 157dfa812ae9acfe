import type { Graph, Node } from '../../ir/types';
import { nodeReads } from '../params';
import { concreteDims, type TypeOf } from '../type-lookup';
import type { ActivationTensor, Lifetimes } from './lifetimes';
import type { PlanBuffer } from './planner';

/** How tensors may share arena buffers, modelled on what MCU runtimes do. */
export interface BufferSharingOptions {
  /**
   * Element-wise ops and depthwise convolutions write over an input that dies at that op (TFLM-style
   * runtimes and MCUNet's kernels do; the output must not be larger than the input it overwrites), and a
   * residual Add runs fused into the convolution producing one addend, accumulating into the skip's buffer.
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
// Residual adds a runtime can fold into the kernel producing one addend, and the kernels that can take them:
// those computing each output element in one accumulator and storing it once (not ConvTranspose, which
// scatters partial sums, nor MatMul, which may broadcast batches).
const RESIDUAL_ADDS = new Set(['Add', 'ADD']);
const ACCUMULATING_PRODUCERS = new Set(['Conv', 'Gemm', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED']);
// Clamps such a kernel applies to its accumulator before adding the skip (TFLite spells them as ops when
// the converter could not fold them into the kernel's fused_activation_function).
const EPILOGUE_ACTIVATIONS = new Set(['Relu', 'Clip', 'RELU', 'RELU6', 'RELU_N1_TO_1']);

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

type Chain = string[];

/**
 * The residual-add rule of in-place mode: `Add(skip, addend)` where `addend` comes from a convolution,
 * Gemm or FullyConnected (possibly through fused Relu/Clip) and `skip` dies at the Add runs fused into
 * that kernel, which accumulates into the skip's buffer: out[p] = act(conv(x)[p]) + skip[p] reads skip
 * only at p, just before writing p, so overwriting skip is legal. What has to hold:
 * - the addend's buffer is exactly the kernel's output followed by fused activations (an activation is
 *   pointwise, so it runs in the kernel's epilogue before the add; any other op in between would need the
 *   kernel's output without the skip stored somewhere), read by the Add alone, not a graph output;
 * - skip, addend and sum have one size (no broadcasting), skip is not a graph output, dies at the Add, is
 *   the last tensor written into its own buffer, exists before the kernel runs (a graph input or produced
 *   at an earlier step), and nothing else reads it from the kernel's step on: the kernel itself included
 *   (a convolution reading its own accumulator would see partial sums).
 * A depthwise convolution already written over its input is not taken (its buffer holds its input).
 */
function residualFusion(
  graph: Graph,
  lifetimes: Lifetimes,
  byId: ReadonlyMap<string, ActivationTensor>,
  readers: ReadonlyMap<string, number>,
): (node: Node, step: number, out: ActivationTensor, chainOf: (id: string) => Chain) => Fusion | undefined {
  const readSteps = new Map<string, number[]>();
  lifetimes.schedule.forEach((nodeIndex, step) => {
    for (const id of nodeReads(graph.nodes[nodeIndex]!)) {
      const steps = readSteps.get(id);
      if (steps) steps.push(step);
      else readSteps.set(id, [step]);
    }
  });
  const producerOp = (id: string): string | undefined => {
    const p = byId.get(id)?.producer;
    return p === undefined ? undefined : graph.nodes[p]?.op;
  };
  const legal = (
    step: number,
    out: ActivationTensor,
    skipId: string,
    addendId: string,
    chainOf: (id: string) => Chain,
  ) => {
    const skip = byId.get(skipId);
    const addend = byId.get(addendId);
    if (!skip || !addend || skip.isOutput || addend.isOutput) return false;
    if (skip.bytes !== out.bytes || addend.bytes !== out.bytes || skip.last !== step) return false;
    if (readers.get(addendId) !== 1 || chainOf(skipId).at(-1) !== skipId) return false;
    const chain = chainOf(addendId);
    if (chain.at(-1) !== addendId || !ACCUMULATING_PRODUCERS.has(producerOp(chain[0]!) ?? '')) return false;
    if (!chain.slice(1).every((id) => EPILOGUE_ACTIVATIONS.has(producerOp(id) ?? ''))) return false;
    const kernelStep = byId.get(chain[0]!)!.first;
    if (skip.producer !== undefined && skip.first >= kernelStep) return false;
    return (readSteps.get(skipId) ?? []).every((s) => s === step || s < kernelStep);
  };
  return (node, step, out, chainOf) => {
    if (!RESIDUAL_ADDS.has(node.op) || node.inputs.length !== 2) return undefined;
    const [a, b] = node.inputs as [string, string];
    if (a === b) return undefined;
    if (legal(step, out, a, b, chainOf)) return { skip: a, addend: b };
    if (legal(step, out, b, a, chainOf)) return { skip: b, addend: a };
    return undefined;
  };
}

interface Fusion {
  readonly skip: string;
  readonly addend: string;
}

/**
 * Groups activations into shared buffers. Without options every activation is its own buffer, exactly
 * the tensors `activationLifetimes` lists. A node writes over input x only when x is read by that node
 * alone (once), dies there, is not a graph output, and the output fits in x's buffer. With `inPlace`, a
 * residual Add also runs fused into the convolution producing one addend (see `residualFusion`); its
 * buffer then holds the skip from before the convolution runs, so it spans every member's lifetime.
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

  // Each group is a chain of members in the order they are written; it is keyed by its first member.
  const groupOf = new Map<string, string>();
  const chains = new Map<string, Chain>();
  for (const id of byId.keys()) {
    groupOf.set(id, id);
    chains.set(id, [id]);
  }
  const chainOf = (id: string): Chain => chains.get(groupOf.get(id)!)!;
  // Appends the whole group of `id` to `group` (their members are written after group's).
  const join = (id: string, group: string): void => {
    const from = groupOf.get(id)!;
    const moved = chains.get(from)!;
    chains.delete(from);
    for (const m of moved) {
      groupOf.set(m, group);
      chains.get(group)!.push(m);
    }
  };
  const inPlaceNodes: string[] = [];
  if (options.inPlace || options.fuseActivations) {
    const residual = options.inPlace ? residualFusion(graph, lifetimes, byId, readers) : undefined;
    lifetimes.schedule.forEach((nodeIndex, step) => {
      const node = graph.nodes[nodeIndex]!;
      const out = byId.get(node.outputs[0] ?? '');
      if (!out) return;
      const fused = residual?.(node, step, out, chainOf);
      if (fused) {
        const group = groupOf.get(fused.skip)!;
        join(fused.addend, group);
        join(out.id, group);
        inPlaceNodes.push(node.id);
        return;
      }
      const { inputs, shrink } = candidates(node, typeOf, options);
      const target = inputs.find((id) => {
        const x = byId.get(id);
        if (!x || x.isOutput || x.last !== step || readers.get(id) !== 1) return false;
        if (node.inputs.filter((i) => i === id).length !== 1) return false;
        if (options.fuseActivations && !options.inPlace) {
          const producer = x.producer === undefined ? undefined : graph.nodes[x.producer];
          if (!producer || !FUSING_PRODUCERS.has(producer.op)) return false;
        }
        return chainOf(id).at(-1) === id && (shrink ? out.bytes! <= x.bytes! : out.bytes === x.bytes);
      });
      if (target === undefined) return;
      join(out.id, groupOf.get(target)!);
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
