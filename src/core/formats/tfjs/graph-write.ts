// IR graph → GraphDef JSON for a graph model. Tensors are referred to through their producers ("n" for
// output 0, "n:k" after); constants and graph inputs that no node produces (graphs built in code, or
// converted from another format) get Const and Placeholder nodes, as TF would have them.
import { ModelFormatError } from '../../errors';
import type { Graph, JsonValue, Model, Node, Tensor } from '../../ir/types';
import { encodeAttr, shapeJson } from './attr-value';
import { tfDtypeName } from './dtypes';
import { tfjsExtras, type TfjsModelExtras, type TfjsNodeExtras } from './extras';
import { NOT_GRAPH_OUTPUTS, tensorRef } from './graph-read';
import { compact, isObject, type JsonObject } from './json';
import { logicalDtype } from './weights-read';
import type { NamedWeight } from './weights-write';

function unsupported(file: string, problem: string): ModelFormatError {
  return new ModelFormatError('unsupported', `${file}: cannot be written as a TF.js graph model: ${problem}`, file);
}

function dtypeName(file: string, t: Tensor): string {
  const name = tfDtypeName(logicalDtype(t));
  if (!name) throw unsupported(file, `tensor "${t.name}" is ${t.dtype}, which TF has no type for`);
  return name;
}

function staticShape(file: string, t: Tensor): number[] {
  const shape = t.shape ?? (t.data?.strings ? [t.data.strings.length] : undefined);
  if (!shape || !shape.every((d): d is number => typeof d === 'number'))
    throw unsupported(file, `constant "${t.name}" has no fixed shape`);
  return [...shape];
}

function declaredShape(t: Tensor | undefined): JsonObject {
  if (!t?.shape) return { unknownRank: true };
  return shapeJson(t.shape.map((d) => (typeof d === 'number' ? d : -1)));
}

interface Producer {
  readonly node: string;
  readonly index: number;
}

/** GraphDef node names: a node's own name where it is set and unique, else its (unique) id. */
function gdNames(graph: Graph): Map<string, string> {
  const count = new Map<string, number>();
  for (const n of graph.nodes) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const ids = new Set(graph.nodes.map((n) => n.id));
  const out = new Map<string, string>();
  for (const n of graph.nodes) {
    const own = n.name !== '' && count.get(n.name) === 1 && (n.name === n.id || !ids.has(n.name));
    out.set(n.id, own ? n.name : n.id);
  }
  return out;
}

/** The GraphDef of `model.graph`, the signature it needs (if the stored one is absent) and its weights. */
export function writeGraphDef(
  model: Model,
  file: string,
): { topology: JsonObject; signature?: JsonObject; weights: NamedWeight[] } {
  const graph = model.graph;
  const extras = tfjsExtras<TfjsModelExtras>(model.extras);
  const nodeName = gdNames(graph);
  const producer = new Map<string, Producer>();
  const names = new Set(nodeName.values());
  for (const n of graph.nodes)
    n.outputs.forEach((id, k) => id !== '' && producer.set(id, { node: nodeName.get(n.id)!, index: k }));

  // Graph inputs and constants that nothing produces get Placeholder and Const nodes of their own.
  const made: JsonObject[] = [];
  const madePlaceholders: string[] = [];
  const inputs = new Set(graph.inputs);
  const needed = new Set([...graph.nodes.flatMap((n) => n.inputs), ...graph.inputs, ...graph.outputs]);
  for (const t of graph.tensors) {
    if (!needed.has(t.id) || producer.has(t.id) || !(t.data || inputs.has(t.id))) continue;
    let name = t.name || t.id;
    while (names.has(name)) name = `${name}_`;
    names.add(name);
    producer.set(t.id, { node: name, index: 0 });
    if (t.data) made.push(constNode(file, name, t));
    else {
      made.push(placeholderNode(file, name, t));
      madePlaceholders.push(t.id);
    }
  }
  for (const id of needed) {
    if (id !== '' && !producer.has(id))
      throw unsupported(
        file,
        `tensor "${id}" is read, but no node produces it and it is neither an input nor a constant`,
      );
  }
  const refOf = (id: string): string => {
    const p = producer.get(id)!;
    return tensorRef(p.node, p.index);
  };

  const scope: Scope = {
    nodeName,
    constants: new Map(graph.tensors.filter((t) => t.data).map((t) => [t.id, t])),
    refOf,
  };
  const nodes = graph.nodes.map((n) => nodeJson(file, n, scope));
  const weights: NamedWeight[] = [];
  for (const t of graph.tensors) {
    if (!t.data) continue;
    const p = producer.get(t.id);
    weights.push({ name: p && p.index === 0 ? p.node : t.name, tensor: t });
  }
  // A model read from TF.js keeps its library/versions; one built elsewhere gets empty ones, as converters write.
  const graphDef = extras.kind ? (extras.graphDef ?? {}) : { library: {}, versions: {} };
  const topology: JsonObject = { node: [...made, ...nodes], ...graphDef };

  const hasSignature = isObject(extras.fields?.['signature']);
  const signature = hasSignature ? undefined : signatureIfNeeded(graph, madePlaceholders, refOf);
  return { topology, ...(signature ? { signature } : {}), weights };
}

function valueJson(file: string, t: Tensor, constValue: JsonObject): JsonObject {
  return { tensor: { dtype: dtypeName(file, t), tensorShape: shapeJson(staticShape(file, t)), ...constValue } };
}

/** A Const node for a constant nothing produces; TF gives it a `dtype` and a `value` attribute. */
function constNode(file: string, name: string, t: Tensor): JsonObject {
  return { name, op: 'Const', attr: { dtype: { type: dtypeName(file, t) }, value: valueJson(file, t, {}) } };
}

function placeholderNode(file: string, name: string, t: Tensor): JsonObject {
  return { name, op: 'Placeholder', attr: { dtype: { type: dtypeName(file, t) }, shape: { shape: declaredShape(t) } } };
}

/** What every node's conversion looks up, built once per graph. */
interface Scope {
  /** GraphDef name of each node id. */
  readonly nodeName: ReadonlyMap<string, string>;
  readonly constants: ReadonlyMap<string, Tensor>;
  readonly refOf: (id: string) => string;
}

function nodeJson(file: string, n: Node, { nodeName, constants, refOf }: Scope): JsonObject {
  const ex = tfjsExtras<TfjsNodeExtras>(n.extras);
  const attr: Record<string, JsonValue> = {};
  for (const [key, a] of Object.entries(n.attributes)) {
    const value = encodeAttr(a, ex.attrKinds?.[key]);
    if (value === undefined) throw unsupported(file, `attribute "${key}" of node "${n.name}" is a ${a.type}`);
    attr[key] = value;
  }
  const input = [
    ...n.inputs.filter((id) => id !== '').map(refOf),
    ...(ex.control ?? []).flatMap((c) => (nodeName.has(c) ? [`^${nodeName.get(c)!}`] : [])),
  ];
  const constant = n.op === 'Const' && n.outputs[0] !== undefined ? constants.get(n.outputs[0]) : undefined;
  if (constant) attr['value'] = valueJson(file, constant, ex.constValue ?? {});
  return compact([
    ['name', nodeName.get(n.id)!],
    ['op', n.op],
    ['input', input.length ? input : undefined],
    ...Object.entries(ex.nodeRest ?? {}),
    ['attr', Object.keys(attr).length ? attr : undefined],
  ]);
}

/** A signature naming inputs and outputs, when TF.js would not find the same ones without it. */
function signatureIfNeeded(
  graph: Graph,
  madePlaceholders: readonly string[],
  refOf: (id: string) => string,
): JsonObject | undefined {
  const byId = new Map(graph.tensors.map((t) => [t.id, t]));
  const read = new Set(graph.nodes.flatMap((n) => n.inputs));
  // What a reader finds without a signature: Placeholders in node order, and the nodes nothing reads.
  const placeholders = [
    ...madePlaceholders,
    ...graph.nodes.filter((n) => n.op === 'Placeholder').flatMap((n) => n.outputs.slice(0, 1)),
  ];
  const leaves = graph.nodes
    .filter((n) => !NOT_GRAPH_OUTPUTS.has(n.op) && n.outputs.every((o) => !read.has(o)))
    .flatMap((n) => n.outputs.slice(0, 1));
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(placeholders, graph.inputs) && same(leaves, graph.outputs)) return undefined;
  const side = (ids: readonly string[]): JsonObject => {
    const out: Record<string, JsonValue> = {};
    for (const id of ids) {
      const ref = refOf(id);
      const name = ref.includes(':') ? ref : `${ref}:0`;
      const t = byId.get(id);
      out[name] = compact([
        ['name', name],
        ['dtype', t ? tfDtypeName(t.dtype) : undefined],
        ['tensorShape', declaredShape(t)],
      ]);
    }
    return out;
  };
  return { inputs: side(graph.inputs), outputs: side(graph.outputs) };
}
