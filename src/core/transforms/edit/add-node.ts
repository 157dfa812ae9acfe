// addNode: a node from the operator catalogue of the model's format, checked before it is made: the
// operator exists at the model's opset, the inputs exist and their count fits, the attributes are the
// operator's own, typed, with the required ones present (TFLite nodes get every option, defaults filled).
import { nodeReads } from '../../analysis/params';
import { typeLookup } from '../../analysis/type-lookup';
import { FORMAT_NAMES } from '../../formats/format';
import { tfliteOptionAttributes } from '../../formats/tflite/options';
import { indexGraph } from '../../ir/graph-index';
import type { Attribute, Model, Node, Tensor } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { defaultOpset, freshId } from '../cleanup/common';
import { toIrAttribute } from './attribute-values';
import { firstCatalogued, hasCatalogue, isTfjsLayersModel, operatorSpec } from './catalogue';
import { tfjsInferredAttributes, tfjsStoredAttribute } from './catalogue-tfjs';
import { arity, type OperatorSpec } from './catalogue-types';
import { refuse } from './edit-error';
import { topologicalOrder } from './graph-order';
import { requireTensor, usedNames } from './lookup';
import { editResult } from './result';
import type { EditOp, EditResult, OutputType } from './types';

type AddNodeOp = Extract<EditOp, { kind: 'addNode' }>;

function specFor(model: Model, op: AddNodeOp): OperatorSpec {
  const format = FORMAT_NAMES[model.format];
  if (isTfjsLayersModel(model))
    refuse(
      'unknown-operator',
      'nodes can be added to TF.js graph models only; a layers model is a Keras config of layers, not of ops',
      op.op,
    );
  if (!hasCatalogue(model))
    refuse('unknown-operator', `the studio has no operator catalogue for ${format} models yet`, op.op);
  const spec = operatorSpec(model, op.op, op.domain ?? '');
  if (spec) return spec;
  const first = firstCatalogued(model, op.op);
  if (first !== undefined && (op.domain ?? '') === '')
    refuse('unknown-operator', `${op.op} needs opset ${first}; this model imports opset ${defaultOpset(model)}`, op.op);
  return refuse('unknown-operator', `"${op.op}" is not in the ${format} operator catalogue`, op.op);
}

function checkInputs(model: Model, op: AddNodeOp, spec: OperatorSpec): void {
  const { min, max } = arity(spec.inputs);
  const count = op.inputs.length;
  if (count < min || count > max)
    refuse('wrong-arity', `${op.op} takes ${range(min, max)} inputs, not ${count}`, op.op);
  op.inputs.forEach((id, i) => {
    const port = spec.inputs[Math.min(i, spec.inputs.length - 1)];
    if (id === '' && port && !port.optional)
      refuse('wrong-arity', `input ${i} (${port.name}) of ${op.op} is required`, op.op);
    if (id !== '') requireTensor(model.graph, id);
  });
}

function range(min: number, max: number): string {
  if (min === max) return String(min);
  return Number.isFinite(max) ? `${min} to ${max}` : `${min} or more`;
}

function attributesOf(model: Model, op: AddNodeOp, spec: OperatorSpec): Record<string, Attribute> {
  const given: Record<string, Attribute> = {};
  for (const [name, value] of Object.entries(op.attributes ?? {})) {
    const a = spec.attributes.find((s) => s.name === name);
    if (!a) {
      const known = spec.attributes.map((s) => s.name).join(', ') || 'none';
      refuse('bad-attribute', `${op.op} has no attribute "${name}" (its attributes: ${known})`, name);
    }
    given[name] = toIrAttribute(value, a, name, op.op);
  }
  const all = model.format === 'tfjs' ? tfjsAttributes(model, op, spec, given) : given;
  for (const a of spec.attributes)
    if (a.required && !all[a.name]) refuse('bad-attribute', `${op.op} needs the attribute "${a.name}"`, a.name);
  return model.format === 'tflite' ? tfliteOptionAttributes(op.op, all) : all;
}

/** TF.js: bools stored as json booleans, and the type attributes (T, …) TF infers filled from the inputs. */
function tfjsAttributes(
  model: Model,
  op: AddNodeOp,
  spec: OperatorSpec,
  given: Record<string, Attribute>,
): Record<string, Attribute> {
  const stored = Object.fromEntries(
    Object.entries(given).map(([name, a]) => [
      name,
      tfjsStoredAttribute(
        a,
        spec.attributes.find((s) => s.name === name),
      ),
    ]),
  );
  const typeOf = typeLookup(model.graph, inferShapes(model));
  return tfjsInferredAttributes(spec, op.inputs, (id) => typeOf(id)?.dtype, stored);
}

function outputIds(model: Model, op: AddNodeOp, spec: OperatorSpec, name: string, taken: Set<string>): string[] {
  const { min, max } = arity(spec.outputs);
  const wanted =
    op.outputs ?? Array.from({ length: Math.max(1, min) }, (_, i) => (i === 0 ? `${name}_out` : `${name}_out${i}`));
  if (wanted.length < Math.max(1, min) || wanted.length > max)
    refuse('wrong-arity', `${op.op} makes ${range(Math.max(1, min), max)} outputs, not ${wanted.length}`, op.op);
  // A TF.js graph model names output k of node "n" "n" (k = 0) or "n:k": new outputs follow, so that the
  // file read back has the same tensor ids.
  if (model.format === 'tfjs' && op.outputs === undefined)
    return wanted.map((_, i) => (i === 0 ? name : `${name}:${i}`));
  return wanted.map((id, i) => {
    if (id === '' && i > 0) return '';
    if (op.outputs === undefined) return freshId(id, taken);
    if (id === '' || taken.has(id)) refuse('name-taken', `the output name "${id}" is already used in the graph`, id);
    taken.add(id);
    return id;
  });
}

function outputTensor(model: Model, op: AddNodeOp, spec: OperatorSpec, id: string, i: number): Tensor {
  const given: OutputType | undefined = op.outputTypes?.[i];
  if (given) {
    const { quant, ...type } = given;
    return { id, name: id, ...type, ...(quant ? { quant: { ...quant } } : {}) };
  }
  const source = op.inputs[0] ?? '';
  if (i === 0 && spec.keepsType && source !== '') {
    const type = typeLookup(model.graph, inferShapes(model))(source);
    const quant = spec.keepsQuantization ? indexGraph(model.graph).tensor.get(source)?.quant : undefined;
    if (type) return { id, name: id, ...type, ...(quant ? { quant } : {}) };
  }
  return { id, name: id, dtype: 'undefined' };
}

/** addNode (see EditOp). */
export function addNode(model: Model, op: AddNodeOp): EditResult {
  const graph = model.graph;
  const spec = specFor(model, op);
  checkInputs(model, op, spec);
  const attributes = attributesOf(model, op, spec);
  const taken = usedNames(graph);
  if (op.name !== undefined && (op.name === '' || taken.has(op.name)))
    refuse('name-taken', `the name "${op.name}" is already used in the graph`, op.name);
  const id = op.name ?? freshId(op.op, taken);
  taken.add(id);
  const outputs = outputIds(model, op, spec, id, taken);
  const node: Node = {
    id,
    name: model.format === 'tflite' && op.name === undefined ? '' : id,
    op: op.op,
    domain: op.domain ?? '',
    inputs: [...op.inputs],
    outputs,
    attributes,
  };
  const tensors = outputs.flatMap((out, i) => (out === '' ? [] : [outputTensor(model, op, spec, out, i)]));
  const index = indexGraph(graph);
  const at = Math.max(-1, ...nodeReads(node).map((input) => index.producer.get(input) ?? -1)) + 1;
  let nodes = [...graph.nodes.slice(0, at), node, ...graph.nodes.slice(at)];
  const rewired: string[] = [];
  if (op.rewireConsumers) {
    const source = op.inputs[0] ?? '';
    if (source === '') refuse('wrong-arity', `${op.op} has no first input whose readers could be moved to it`, op.op);
    nodes = nodes.map((n) => {
      if (n === node || !n.inputs.includes(source)) return n;
      rewired.push(n.id);
      return { ...n, inputs: n.inputs.map((x) => (x === source ? outputs[0]! : x)) };
    });
  }
  const next = topologicalOrder({ ...graph, nodes, tensors: [...graph.tensors, ...tensors] });
  return editResult({ ...model, graph: next }, { nodes: [id, ...rewired], tensors: tensors.map((t) => t.id) });
}
