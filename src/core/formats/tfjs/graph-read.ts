// A graph model's topology (a TF GraphDef in proto3 JSON) → IR graph. One IR node per NodeDef, named and
// spelled as TF does; output k of node "n" is tensor "n" (k = 0) or "n:k", as GraphDef inputs refer to
// them. Const nodes take their values from the weights manifest (by node name); Placeholder outputs are
// the graph inputs (unless the signature lists others).
import { ModelFormatError } from '../../errors';
import type { Attribute, Dim, Graph, Node, Shape, Tensor } from '../../ir/types';
import { decodeAttr, shapeDims, type AttrKind } from './attr-value';
import { dtypeFromTf, tfDtypeName } from './dtypes';
import { tfjsField, type TfjsNodeExtras } from './extras';
import { inlineTensor, TENSOR_CONTENT_KEYS } from './inline-tensor';
import { arrayOf, isObject, malformed, objectOf, otherEntries, stringOf, type JsonObject } from './json';
import { logicalDtype } from './weights-read';

/** Output `index` of node `node` as a tensor id (and as GraphDef spells a reference to it). */
export function tensorRef(node: string, index: number): string {
  return index === 0 ? node : `${node}:${index}`;
}

interface Ref {
  readonly node: string;
  readonly index: number;
  readonly control: boolean;
}

/** A GraphDef input string: "^n" (control), "n:k" or "n" (output 0). */
export function parseRef(ref: string): Ref {
  if (ref.startsWith('^')) return { node: ref.slice(1), index: 0, control: true };
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { node: m[1]!, index: Number(m[2]), control: false } : { node: ref, index: 0, control: false };
}

/** The tensor id a GraphDef reference names ("n:0" and "n" are the same tensor). */
export function refToId(ref: string): string {
  const r = parseRef(ref);
  return tensorRef(r.node, r.index);
}

/**
 * Dims of a declared shape: −1 means unknown. The leading dim of a graph input or output is the batch
 * (TF and Keras convention), so an unknown one becomes the symbol 'batch' — MACs then count batch 1 as
 * DESIGN.md asks — while other unknown dims stay null.
 */
export function declaredDims(dims: readonly (number | null)[]): Dim[] {
  return dims.map((d, i) => (d === null || d < 0 ? (i === 0 ? 'batch' : null) : d));
}

const NODE_KEYS = ['name', 'op', 'input', 'attr'];
const NO_OUTPUT_OPS = new Set(['NoOp']);
// Nodes nothing reads are the outputs of a model without a signature (as tfjs-converter decides), except
// these, which compute nothing.
export const NOT_GRAPH_OUTPUTS: ReadonlySet<string> = new Set(['Const', 'NoOp', 'Placeholder']);

interface RawNode {
  readonly json: JsonObject;
  readonly attr: JsonObject;
  readonly name: string;
  readonly op: string;
  readonly refs: readonly Ref[];
}

function parseNodes(file: string, topology: JsonObject): RawNode[] {
  return arrayOf(file, topology['node'] ?? [], 'modelTopology.node').map((n, i) => {
    const json = objectOf(file, n, `node ${i + 1} of the graph`);
    const name = stringOf(file, json['name'], `the name of node ${i + 1}`);
    const op = stringOf(file, json['op'], `the op of node "${name}"`);
    const attr = objectOf(file, json['attr'] ?? {}, `the attributes of node "${name}"`);
    const inputs = arrayOf(file, json['input'] ?? [], `the inputs of node "${name}"`);
    const refs = inputs.map((r) => parseRef(stringOf(file, r, `an input of node "${name}"`)));
    return { json, attr, name, op, refs };
  });
}

function signatureEntries(signature: unknown, side: 'inputs' | 'outputs'): JsonObject[] | undefined {
  if (!isObject(signature) || !isObject(signature[side])) return undefined;
  return Object.entries(signature[side]).map(([key, entry]) =>
    isObject(entry) && typeof entry['name'] === 'string' ? entry : { name: key },
  );
}

/**
 * Attributes of a node. A Const's `value` is left out (its output tensor holds it); only what the tensor
 * cannot say is kept: unusual fields, or a dtype other than the weight's (converters store int64 as int32).
 */
function attributesOf(node: RawNode, constant: Tensor | undefined) {
  const attributes: Record<string, Attribute> = {};
  const kinds: Record<string, AttrKind> = {};
  let constValue: JsonObject | undefined;
  for (const [key, value] of Object.entries(node.attr)) {
    if (constant && key === 'value') {
      if (!isObject(value) || !isObject(value['tensor'])) continue;
      const tensor = value['tensor'];
      const rest = otherEntries(tensor, ['dtype', 'tensorShape', ...TENSOR_CONTENT_KEYS]) ?? {};
      const sameDtype = tensor['dtype'] === undefined || tensor['dtype'] === tfDtypeName(logicalDtype(constant));
      const kept = sameDtype ? rest : { dtype: tensor['dtype']!, ...rest };
      if (Object.keys(kept).length > 0) constValue = kept;
      continue;
    }
    const decoded = decodeAttr(value);
    attributes[key] = decoded.attribute;
    kinds[key] = decoded.kind;
  }
  return { attributes, kinds, constValue };
}

function placeholderTensor(id: string, attributes: Readonly<Record<string, Attribute>>): Tensor {
  const d = attributes['dtype'];
  const dtype = (d?.type === 'string' || d?.type === 'int' ? dtypeFromTf(d.value) : undefined) ?? 'undefined';
  const s = attributes['shape'];
  const shape = s?.type === 'ints' ? declaredDims(s.value) : undefined;
  return shape ? { id, name: id, dtype, shape } : { id, name: id, dtype };
}

/** The constant a Const node outputs: its manifest weight, or values written inline in the GraphDef. */
function constTensor(file: string, n: RawNode, weight: Tensor | undefined): Tensor | undefined {
  if (weight) return weight;
  const value = n.attr['value'];
  const inline = isObject(value) && isObject(value['tensor']) ? inlineTensor(value['tensor']) : undefined;
  return inline ? { id: n.name, name: n.name, ...inline } : undefined;
}

/** The IR graph of a GraphDef; `weights` are the manifest's tensors (id = name), in manifest order. */
export function readGraphDef(
  file: string,
  topology: JsonObject,
  weights: readonly Tensor[],
  signature: unknown,
): Graph {
  const raws = parseNodes(file, topology);
  const sigInputs = signatureEntries(signature, 'inputs');
  const sigOutputs = signatureEntries(signature, 'outputs');

  // How many outputs each node has: as many as the highest output anything refers to (GraphDef has no list).
  const outputCount = new Map<string, number>();
  for (const n of raws) {
    if (outputCount.has(n.name)) throw malformed(file, `two nodes of the graph are named "${n.name}"`);
    outputCount.set(n.name, NO_OUTPUT_OPS.has(n.op) ? 0 : 1);
  }
  const referenced = new Set<string>();
  const note = (ref: Ref, by: string): void => {
    const count = outputCount.get(ref.node);
    if (count === undefined) throw malformed(file, `${by} refers to "${ref.node}", which is not a node of the graph`);
    referenced.add(ref.node);
    if (!ref.control) outputCount.set(ref.node, Math.max(count, ref.index + 1));
  };
  for (const n of raws) for (const ref of n.refs) note(ref, `node "${n.name}"`);
  for (const e of [...(sigInputs ?? []), ...(sigOutputs ?? [])]) note(parseRef(String(e['name'])), 'the signature');

  const weightByName = new Map(weights.map((w) => [w.name, w]));
  const constants = new Map<string, Tensor>();
  const others: Tensor[] = [];
  const nodes: Node[] = raws.map((n) => {
    const constant = n.op === 'Const' ? constTensor(file, n, weightByName.get(n.name)) : undefined;
    if (n.op === 'Const' && !constant)
      throw new ModelFormatError(
        'malformed',
        `${file}: constant "${n.name}" is not in the weights manifest, so the model lacks its value`,
        file,
      );
    const attrs = attributesOf(n, constant);
    const outputs = Array.from({ length: outputCount.get(n.name) ?? 0 }, (_, k) => tensorRef(n.name, k));
    outputs.forEach((id, k) => {
      if (k === 0 && constant) constants.set(id, constant);
      else if (k === 0 && n.op === 'Placeholder') others.push(placeholderTensor(id, attrs.attributes));
      else others.push({ id, name: id, dtype: 'undefined' });
    });
    const control = n.refs.filter((r) => r.control).map((r) => r.node);
    const extras: TfjsNodeExtras = {
      attrKinds: attrs.kinds,
      control,
      ...(otherEntries(n.json, NODE_KEYS) ? { nodeRest: otherEntries(n.json, NODE_KEYS)! } : {}),
      ...(attrs.constValue ? { constValue: attrs.constValue } : {}),
    };
    return {
      id: n.name,
      name: n.name,
      op: n.op,
      domain: '',
      inputs: n.refs.filter((r) => !r.control).map((r) => tensorRef(r.node, r.index)),
      outputs,
      attributes: attrs.attributes,
      ...tfjsField({ ...extras }),
    };
  });

  const inputs = sigInputs
    ? sigInputs.map((e) => refToId(String(e['name'])))
    : raws.filter((n) => n.op === 'Placeholder').map((n) => n.name);
  const outputs = sigOutputs
    ? sigOutputs.map((e) => refToId(String(e['name'])))
    : raws.filter((n) => !referenced.has(n.name) && !NOT_GRAPH_OUTPUTS.has(n.op)).map((n) => n.name);
  // Signature shapes of outputs are declarations like any other (inference merges them).
  const outputShapes = new Map<string, Shape>();
  for (const e of sigOutputs ?? []) {
    const dims = shapeDims(e['tensorShape']);
    if (dims) outputShapes.set(refToId(String(e['name'])), declaredDims(dims));
  }
  const activations = others.map((t) => {
    const shape = outputShapes.get(t.id);
    return shape && t.shape === undefined ? { ...t, shape } : t;
  });

  // Constants first in manifest order (the writer emits weights in tensor order); weights no Const reads
  // stay in the graph, and in the file, as unattached constants.
  const taken = new Set([...constants.keys(), ...others.map((t) => t.id)]);
  const ordered: Tensor[] = [];
  for (const w of weights) {
    const constant = constants.get(w.name);
    if (constant === w) ordered.push(w);
    else if (!constant) ordered.push(taken.has(w.id) ? { ...w, id: `${w.id}#weight` } : w);
  }
  for (const [, t] of constants) if (!weightByName.has(t.id) || weightByName.get(t.id) !== t) ordered.push(t);
  return { name: '', nodes, tensors: [...ordered, ...activations], inputs, outputs };
}
