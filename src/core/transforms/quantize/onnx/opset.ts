// Raising a model's default-domain opset (QDQ needs 13: per-axis DequantizeLinear; int4 needs 21).
// Each node is carried across the behavioural changes between the two versions (opset-table.ts);
// when one cannot be, the whole upgrade is refused with the node and the reason.
import { TransformError } from '../../../errors';
import type { DType } from '../../../ir/dtype';
import { nestedGraphs } from '../../../ir/graph-index';
import type { Attribute, Graph, Model, Node, Tensor } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import { typeLookup, type TypeOf } from '../../../analysis/type-lookup';
import { changesBetween, MIN_UPGRADE_OPSET, type AttrInput, type ChangeRule } from './opset-table';
import { int64Array } from './values';

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

/** The default-domain opset of an ONNX model (1 when it declares none, as the spec says). */
export function defaultOpset(model: Model): number {
  return model.opsets.find((o) => DEFAULT_DOMAINS.has(o.domain))?.version ?? 1;
}

/** The lowest IR version that allows `opset` (onnx/helper.py's VERSION_TABLE). */
export function irVersionFor(opset: number): number {
  if (opset >= 21) return 10;
  if (opset >= 19) return 9;
  if (opset >= 14) return 8;
  return 7;
}

/** What an upgrade did. */
export interface UpgradeResult {
  readonly model: Model;
  readonly from: number;
  readonly to: number;
  /** Nodes that needed a rewrite, e.g. "Clip clip1: min/max moved to inputs". */
  readonly rewritten: readonly string[];
}

interface Context {
  readonly typeOf: TypeOf;
  /** Tensor ids something reads (nodes of any graph, graph outputs). */
  readonly read: ReadonlySet<string>;
  /** Node outputs an upgrade removed (their declarations go too). */
  readonly dropped: Set<string>;
  readonly taken: Set<string>;
  readonly constants: Tensor[];
  readonly rewritten: string[];
  readonly from: number;
  readonly to: number;
}

/**
 * The model with its default-domain opset raised to at least `target` (unchanged when it already is) and
 * the IR version raised to what that opset needs. Throws TransformError('not-applicable') naming the node
 * when an operator cannot be carried across.
 */
export function upgradeOpset(model: Model, target: number): UpgradeResult {
  const from = defaultOpset(model);
  if (from >= target) return { model, from, to: from, rewritten: [] };
  if (from < MIN_UPGRADE_OPSET)
    throw new TransformError(
      'not-applicable',
      `the model uses ONNX opset ${from}; quantization needs opset ${target} and models below opset ${MIN_UPGRADE_OPSET} cannot be upgraded automatically`,
    );
  let typeOf: TypeOf;
  try {
    typeOf = typeLookup(model.graph, inferShapes(model));
  } catch {
    typeOf = typeLookup(model.graph);
  }
  const ctx: Context = {
    typeOf,
    read: readIds(model.graph),
    dropped: new Set(),
    taken: takenIds(model.graph),
    constants: [],
    rewritten: [],
    from,
    to: target,
  };
  const graph = upgradeGraph(model.graph, ctx, true);
  const opsets = model.opsets.some((o) => DEFAULT_DOMAINS.has(o.domain))
    ? model.opsets.map((o) => (DEFAULT_DOMAINS.has(o.domain) ? { ...o, version: target } : o))
    : [{ domain: '', version: target }, ...model.opsets];
  const irVersion = Math.max(model.irVersion ?? 0, irVersionFor(target));
  return { model: { ...model, graph, opsets, irVersion }, from, to: target, rewritten: ctx.rewritten };
}

function takenIds(graph: Graph): Set<string> {
  const ids = new Set<string>(graph.tensors.map((t) => t.id));
  for (const n of graph.nodes) for (const id of [...n.inputs, ...n.outputs]) ids.add(id);
  return ids;
}

function readIds(graph: Graph, into: Set<string> = new Set()): Set<string> {
  for (const id of graph.outputs) into.add(id);
  for (const n of graph.nodes) {
    for (const id of n.inputs) into.add(id);
    for (const sub of nestedGraphs(n)) readIds(sub, into);
  }
  return into;
}

function upgradeGraph(graph: Graph, ctx: Context, top: boolean): Graph {
  const nodes = graph.nodes.map((n) => upgradeNode(n, ctx));
  const tensors = graph.tensors.filter((t) => !ctx.dropped.has(t.id));
  // New constants of nested graphs are hoisted to the main graph, which every body can read.
  if (!top) return { ...graph, nodes, tensors };
  return { ...graph, nodes, tensors: [...tensors, ...ctx.constants] };
}

function upgradeNode(node: Node, ctx: Context): Node {
  let next = node;
  const subs = nestedGraphs(node);
  if (subs.length) {
    const attributes: Record<string, Attribute> = {};
    for (const [key, a] of Object.entries(node.attributes)) {
      if (a.type === 'graph') attributes[key] = { type: 'graph', value: upgradeGraph(a.value, ctx, false) };
      else if (a.type === 'graphs')
        attributes[key] = { type: 'graphs', value: a.value.map((g) => upgradeGraph(g, ctx, false)) };
      else attributes[key] = a;
    }
    next = { ...node, attributes };
  }
  if (!DEFAULT_DOMAINS.has(node.domain)) return next;
  const changes = changesBetween(node.op, ctx.from, ctx.to);
  if (changes === undefined)
    throw refusal(
      node,
      ctx,
      `the upgrader does not know how ${node.op} changed between opset ${ctx.from} and ${ctx.to}`,
    );
  for (const change of changes) next = applyRule(next, change.rule, change.at, ctx);
  return next;
}

function refusal(node: Node, ctx: Context, reason: string): TransformError {
  const label = node.name ? `${node.op} node "${node.name}"` : `${node.op} node "${node.id}"`;
  return new TransformError(
    'not-applicable',
    `the model uses ONNX opset ${ctx.from} and quantization needs ${ctx.to}, but ${label} cannot be upgraded: ${reason}`,
    node.id,
  );
}

function applyRule(node: Node, rule: ChangeRule, at: number, ctx: Context): Node {
  switch (rule.kind) {
    case 'refuse':
      throw refusal(node, ctx, rule.reason);
    case 'rename':
      ctx.rewritten.push(`${node.op} "${node.name || node.id}" became ${rule.op} (opset ${at})`);
      return { ...node, op: rule.op };
    case 'drop-attrs':
      return withoutAttrs(node, rule.attrs);
    case 'attrs-to-inputs':
      return attrsToInputs(node, rule.attrs, at, ctx);
    case 'last-axis':
      return lastAxis(node, ctx);
    case 'dropout':
      return dropout(node, ctx);
    case 'batchnorm-spatial': {
      const spatial = node.attributes['spatial'];
      if (spatial && spatial.type === 'int' && spatial.value === 0)
        throw refusal(node, ctx, 'spatial=0 (per-activation statistics) has no equivalent after opset 9');
      return withoutAttrs(node, ['spatial']);
    }
  }
}

function withoutAttrs(node: Node, names: readonly string[]): Node {
  const attributes = { ...node.attributes };
  for (const name of names) delete attributes[name];
  return { ...node, attributes };
}

function freshId(base: string, ctx: Context): string {
  let id = base;
  for (let n = 1; ctx.taken.has(id); n++) id = `${base}_${n}`;
  ctx.taken.add(id);
  return id;
}

function constantFor(node: Node, spec: AttrInput, a: Attribute, ctx: Context): string | undefined {
  const numbers =
    a.type === 'int' || a.type === 'float' ? [a.value] : a.type === 'ints' || a.type === 'floats' ? a.value : undefined;
  if (numbers === undefined) throw refusal(node, ctx, `its attribute "${spec.attr}" is not a number list`);
  const dataType = ctx.typeOf(node.inputs[0] ?? '')?.dtype;
  const dtype: DType =
    spec.dtype === 'int64' ? 'int64' : spec.dtype === 'float32' ? 'float32' : (dataType ?? 'float32');
  let bytes: Uint8Array;
  if (dtype === 'int64') bytes = new Uint8Array(int64Array(numbers).buffer);
  else if (dtype === 'float32' || dtype === 'undefined') bytes = new Uint8Array(Float32Array.from(numbers).buffer);
  else if (dtype === 'float64') bytes = new Uint8Array(Float64Array.from(numbers).buffer);
  else
    throw refusal(
      node,
      ctx,
      `its ${dtype} input needs its "${spec.attr}" as a ${dtype} constant, which the upgrader does not write`,
    );
  const id = freshId(`${node.name || node.id}_${spec.attr}`, ctx);
  const shape = spec.scalar ? [] : [numbers.length];
  ctx.constants.push({ id, name: id, dtype: dtype === 'undefined' ? 'float32' : dtype, shape, data: { bytes } });
  return id;
}

function attrsToInputs(node: Node, specs: readonly AttrInput[], at: number, ctx: Context): Node {
  const inputs = [...node.inputs];
  const moved: string[] = [];
  for (const spec of specs) {
    const a = node.attributes[spec.attr];
    if (!a) continue;
    const id = constantFor(node, spec, a, ctx);
    if (id === undefined) continue;
    while (inputs.length < spec.input) inputs.push('');
    inputs[spec.input] = id;
    moved.push(spec.attr);
  }
  const next = withoutAttrs(
    { ...node, inputs },
    specs.map((s) => s.attr),
  );
  if (moved.length)
    ctx.rewritten.push(`${node.op} "${node.name || node.id}": ${moved.join(', ')} moved to inputs (opset ${at})`);
  return next;
}

// Softmax-1/11 flattened its input to 2-D at `axis`; Softmax-13 works along `axis` alone. They agree when
// every dimension after the axis is 1 (the axis is the last one, or only size-1 dims follow it).
function lastAxis(node: Node, ctx: Context): Node {
  const shape = ctx.typeOf(node.inputs[0] ?? '')?.shape;
  if (shape === undefined)
    throw refusal(node, ctx, `the rank of its input is unknown, and ${node.op}-13 changed the meaning of axis`);
  const a = node.attributes['axis'];
  const axis = a && a.type === 'int' ? a.value : 1;
  const normalized = axis < 0 ? axis + shape.length : axis;
  if (!shape.slice(normalized + 1).every((d) => d === 1))
    throw refusal(
      node,
      ctx,
      `axis ${axis} of a rank-${shape.length} input flattens trailing axes, which ${node.op}-13 no longer does`,
    );
  return { ...node, attributes: { ...node.attributes, axis: { type: 'int', value: normalized } } };
}

// Dropout is the identity at inference; its ratio became an input at opset 12, and its mask output turned
// from the data type into bool at opset 10 (an unread mask is simply dropped).
function dropout(node: Node, ctx: Context): Node {
  const mask = node.outputs[1] ?? '';
  let next = withoutAttrs(node, ['ratio', 'is_test']);
  if (ctx.from < 10 && mask !== '') {
    if (ctx.read.has(mask))
      throw refusal(node, ctx, 'its mask output, which the graph reads, changed type at opset 10');
    ctx.dropped.add(mask);
    next = { ...next, outputs: next.outputs.slice(0, 1) };
  }
  return next;
}
