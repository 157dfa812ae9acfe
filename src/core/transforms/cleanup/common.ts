// What every clean-up pass shares: results and their validation, constants as a pass sees them, renaming
// tensor reads (nested graphs included), and dropping the tensors a rewrite left behind.
import { nodeReads } from '../../analysis/params';
import { TransformError } from '../../errors';
import { nestedGraphs } from '../../ir/graph-index';
import type { Graph, Model, Node, Tensor } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { tfliteExtras, type TfliteModelExtras, type TfliteNodeExtras } from '../../formats/tflite/extras';
import type { CleanupPass, CleanupPassReport } from './types';

/** What every pass returns. */
export interface PassResult {
  readonly model: Model;
  readonly report: CleanupPassReport;
}

/** The model as it was: the pass did not apply or found nothing to do. */
export function unchanged(model: Model, pass: CleanupPass, details: readonly string[] = []): PassResult {
  return { model, report: { pass, changed: 0, details } };
}

/** The model with its main graph replaced, after checking the graph is still well formed. */
export function finish(
  model: Model,
  graph: Graph,
  pass: CleanupPass,
  changed: number,
  details: readonly string[],
): PassResult {
  if (changed === 0) return unchanged(model, pass, details);
  const problem = validateGraph(graph)[0];
  if (problem)
    throw new TransformError(
      'invalid-result',
      `the clean-up pass "${pass}" produced an invalid graph: ${problem.message}`,
    );
  return { model: { ...model, graph }, report: { pass, changed, details } };
}

/**
 * A rewriting pass's result: the tensors the rewrite `before` → `after` orphaned dropped (pinned ones
 * kept), the note of `withPlainInitializers` (when it changed the model) first, the graph validated.
 */
export function finishRewrite(
  prepared: { readonly model: Model; readonly note?: string },
  before: Graph,
  after: Graph,
  pass: CleanupPass,
  changed: number,
  details: readonly string[],
): PassResult {
  const graph = dropOrphans(before, after, pinnedTensors(prepared.model, before));
  return finish(prepared.model, graph, pass, changed, prepared.note ? [prepared.note, ...details] : details);
}

/** How a node is named in report lines: `BatchNormalization "bn1"`. */
export function label(node: Node): string {
  return `${node.op} "${node.name || node.id}"`;
}

/** True for ONNX's default operator domain. */
export function isDefaultDomain(node: Node): boolean {
  return node.domain === '' || node.domain === 'ai.onnx';
}

/** The model's default-domain opset (ONNX), or 0 when it imports none. */
export function defaultOpset(model: Model): number {
  return model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
}

/**
 * Before IR version 4 an ONNX file had to list every initializer as a graph input, so those inputs are not
 * meant to be fed: they become plain constants (and the IR version 4, the first that allows it). From IR 4
 * on an initializer listed as an input is a default value the caller may override, and stays an input.
 */
export function withPlainInitializers(model: Model): { model: Model; note?: string } {
  if (model.format !== 'onnx' || (model.irVersion ?? 0) >= 4) return { model };
  const graph = model.graph;
  const constants = new Set(graph.tensors.filter((t) => t.data).map((t) => t.id));
  const inputs = graph.inputs.filter((id) => !constants.has(id));
  if (inputs.length === graph.inputs.length) return { model };
  const note = `${graph.inputs.length - inputs.length} initializer(s) the IR-version-${model.irVersion ?? '?'} file listed as graph inputs are plain constants now (IR version 4)`;
  return { model: { ...model, irVersion: 4, graph: { ...graph, inputs } }, note };
}

/**
 * Constant tensors by id, as passes may rewrite them: tensors with data that are not graph inputs (an input
 * with a default value can be fed) and not TFLite variables (their buffer is only the initial state).
 */
export function constantTensors(graph: Graph): Map<string, Tensor> {
  const inputs = new Set(graph.inputs);
  const out = new Map<string, Tensor>();
  for (const t of graph.tensors) {
    if (!t.data || inputs.has(t.id)) continue;
    if (t.extras?.['tflite'] && (t.extras['tflite'] as { isVariable?: boolean }).isVariable) continue;
    out.set(t.id, t);
  }
  return out;
}

/**
 * Tensors that must survive although no node reads them: graph inputs and outputs and, in TFLite, the
 * tensors signature defs, quantization details and operator intermediates point at.
 */
export function pinnedTensors(model: Model, graph: Graph): Set<string> {
  const pinned = new Set([...graph.inputs, ...graph.outputs]);
  if (model.format !== 'tflite') return pinned;
  for (const sig of tfliteExtras<TfliteModelExtras>(model.extras).signatureDefs ?? [])
    if (sig.subgraph === 0) for (const m of [...sig.inputs, ...sig.outputs]) pinned.add(m.tensor);
  for (const t of graph.tensors) {
    const details = (t.quant?.extras?.['tflite'] as { details?: { scales?: string; zeroPoints?: string } } | undefined)
      ?.details;
    if (details?.scales) pinned.add(details.scales);
    if (details?.zeroPoints) pinned.add(details.zeroPoints);
  }
  for (const n of graph.nodes)
    for (const id of tfliteExtras<TfliteNodeExtras>(n.extras).intermediates ?? []) if (id) pinned.add(id);
  return pinned;
}

/** Ids a graph's nodes read (nested graphs' outer reads included) or write. */
export function usedIds(graph: Graph): Set<string> {
  const used = new Set<string>();
  for (const n of graph.nodes) {
    for (const id of nodeReads(n)) used.add(id);
    for (const id of n.outputs) if (id !== '') used.add(id);
  }
  return used;
}

/**
 * `after` without the tensors `before` used that no node of `after` reads or writes any more (the inputs
 * of folded nodes, the outputs of removed ones). Tensors that were unused already stay: dropping those is
 * the dead-nodes pass's job.
 */
export function dropOrphans(before: Graph, after: Graph, pinned: ReadonlySet<string>): Graph {
  const wasUsed = usedIds(before);
  const used = usedIds(after);
  const tensors = after.tensors.filter((t) => used.has(t.id) || pinned.has(t.id) || !wasUsed.has(t.id));
  return tensors.length === after.tensors.length ? after : { ...after, tensors };
}

/**
 * The graph with reads of tensor ids renamed (`rename`: old id → new id), in nested graphs too unless they
 * declare the old id themselves. Writes are not renamed.
 */
export function renameReads(graph: Graph, rename: ReadonlyMap<string, string>): Graph {
  if (rename.size === 0) return graph;
  const nodes = graph.nodes.map((n) => renameNode(n, rename));
  return { ...graph, nodes };
}

function renameNode(node: Node, rename: ReadonlyMap<string, string>): Node {
  const inputs = node.inputs.map((id) => rename.get(id) ?? id);
  const changedInputs = inputs.some((id, i) => id !== node.inputs[i]);
  if (nestedGraphs(node).length === 0) return changedInputs ? { ...node, inputs } : node;
  const attributes = { ...node.attributes };
  for (const [key, a] of Object.entries(node.attributes)) {
    if (a.type === 'graph') attributes[key] = { type: 'graph', value: renameNested(a.value, rename) };
    else if (a.type === 'graphs')
      attributes[key] = { type: 'graphs', value: a.value.map((g) => renameNested(g, rename)) };
  }
  return { ...node, inputs, attributes };
}

function renameNested(graph: Graph, rename: ReadonlyMap<string, string>): Graph {
  const own = new Set([...graph.inputs, ...graph.tensors.map((t) => t.id)]);
  for (const n of graph.nodes) for (const id of n.outputs) own.add(id);
  const visible = new Map([...rename].filter(([from]) => !own.has(from)));
  const renamed = renameReads(graph, visible);
  // A body output naming an outer tensor passes it through: it is a read too.
  const outputs = renamed.outputs.map((id) => visible.get(id) ?? id);
  return { ...renamed, outputs };
}

/** A fresh id starting with `base` that is not in `taken` (which it joins). */
export function freshId(base: string, taken: Set<string>): string {
  let id = base;
  for (let n = 1; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** Every tensor and node id of a graph (for `freshId`). */
export function takenIds(graph: Graph): Set<string> {
  const taken = new Set<string>([...graph.inputs, ...graph.outputs]);
  for (const t of graph.tensors) taken.add(t.id);
  for (const n of graph.nodes) {
    taken.add(n.id);
    for (const id of [...n.inputs, ...n.outputs]) if (id !== '') taken.add(id);
  }
  return taken;
}
