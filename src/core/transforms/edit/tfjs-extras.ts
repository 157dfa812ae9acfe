// The TF.js details an edit must keep consistent. A graph model names a node's output k "node" (k = 0) or
// "node:k", so a renamed first output renames its node too; the model.json signature names the inputs and
// outputs by such references, so once the graph's inputs or outputs change a stored signature that no
// longer lists them is dropped, and the writer makes the one TF.js needs. Input shapes live in the
// Placeholder nodes' `shape` attributes and in the signature: both follow the declared shapes.
import { refToId } from '../../formats/tfjs/graph-read';
import { tfjsExtras, type TfjsModelExtras } from '../../formats/tfjs/extras';
import { isObject, type JsonObject } from '../../formats/tfjs/json';
import type { Graph, JsonValue, Model, Shape } from '../../ir/types';

/** The graph with the producers of renamed first outputs named after them (graph models only). */
export function renameTfjsProducers(model: Model, graph: Graph, rename: ReadonlyMap<string, string>): Graph {
  if (model.format !== 'tfjs' || tfjsExtras<TfjsModelExtras>(model.extras).kind !== 'graph-model') return graph;
  const names = new Set(graph.nodes.map((n) => n.name));
  const nodes = graph.nodes.map((n) => {
    const to = [...rename.values()].find((id) => n.outputs[0] === id);
    if (to === undefined || to.includes(':') || n.name === to || names.has(to)) return n;
    names.add(to);
    return { ...n, name: to };
  });
  return nodes.some((n, i) => n !== graph.nodes[i]) ? { ...graph, nodes } : graph;
}

function signatureIds(signature: JsonObject, side: 'inputs' | 'outputs'): string[] | undefined {
  const entries = signature[side];
  if (!isObject(entries)) return undefined;
  return Object.entries(entries).map(([key, e]) =>
    refToId(isObject(e) && typeof e['name'] === 'string' ? e['name'] : key),
  );
}

const sameSet = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a === undefined || (a.length === b.length && a.every((id) => b.includes(id)));

/** A signature entry whose tensorShape follows the declared shape (dynamic dims as "-1"), or the entry. */
function withShape(entry: JsonValue, shape: Shape | undefined): JsonValue {
  const dims = isObject(entry) && isObject(entry['tensorShape']) ? entry['tensorShape']['dim'] : undefined;
  if (!isObject(entry) || !shape || !Array.isArray(dims) || dims.length !== shape.length) return entry;
  const sizes = shape.map((d) => (typeof d === 'number' ? String(d) : '-1'));
  const same = dims.every((d, i) => isObject(d) && String(d['size']) === sizes[i]);
  if (same) return entry;
  const tensorShape = entry['tensorShape'] as JsonObject;
  return { ...entry, tensorShape: { ...tensorShape, dim: sizes.map((size) => ({ size })) } };
}

function sideWithShapes(signature: JsonObject, side: 'inputs' | 'outputs', graph: Graph): JsonValue | undefined {
  const entries = signature[side];
  if (!isObject(entries)) return entries;
  const shapeOf = (e: JsonValue, key: string): Shape | undefined => {
    const id = refToId(isObject(e) && typeof e['name'] === 'string' ? e['name'] : key);
    return graph.tensors.find((t) => t.id === id)?.shape;
  };
  return Object.fromEntries(Object.entries(entries).map(([key, e]) => [key, withShape(e, shapeOf(e, key))]));
}

/** Placeholder nodes whose `shape` attribute follows their tensor's declared shape (dynamic dims as -1). */
function syncPlaceholders(graph: Graph): Graph {
  const declared = new Map(graph.tensors.map((t) => [t.id, t.shape]));
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    const attr = n.attributes['shape'];
    const shape = declared.get(n.outputs[0] ?? '');
    if (n.op !== 'Placeholder' || attr?.type !== 'ints' || !shape || shape.length !== attr.value.length) return n;
    const sizes = shape.map((d) => (typeof d === 'number' ? d : -1));
    if (sizes.every((d, i) => d === attr.value[i])) return n;
    changed = true;
    return { ...n, attributes: { ...n.attributes, shape: { type: 'ints' as const, value: sizes } } };
  });
  return changed ? { ...graph, nodes } : graph;
}

/** A TF.js model's Placeholder shapes and stored signature brought in line with its graph (see below). */
export function syncTfjs(model: Model): Model {
  if (model.format !== 'tfjs') return model;
  const graph = syncPlaceholders(model.graph);
  return syncTfjsSignature(graph === model.graph ? model : { ...model, graph });
}

/**
 * The model's stored TF.js signature brought in line with the graph: dropped when it no longer lists the
 * graph's inputs and outputs (the writer then makes one), its shapes following the declared ones otherwise.
 */
export function syncTfjsSignature(model: Model): Model {
  if (model.format !== 'tfjs') return model;
  const extras = tfjsExtras<TfjsModelExtras>(model.extras);
  const signature = extras.fields?.['signature'];
  if (!extras.fields || !isObject(signature)) return model;
  const { inputs, outputs } = model.graph;
  let fields: JsonObject;
  if (sameSet(signatureIds(signature, 'inputs'), inputs) && sameSet(signatureIds(signature, 'outputs'), outputs)) {
    const next = {
      ...signature,
      inputs: sideWithShapes(signature, 'inputs', model.graph),
      outputs: sideWithShapes(signature, 'outputs', model.graph),
    } as JsonObject;
    if (JSON.stringify(next) === JSON.stringify(signature)) return model;
    fields = { ...extras.fields, signature: next };
  } else {
    const { signature: _dropped, ...rest } = extras.fields;
    fields = rest;
  }
  return { ...model, extras: { ...model.extras, tfjs: { ...extras, fields } } };
}
