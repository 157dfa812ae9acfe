// setAttribute: one attribute of one node, typed and checked by the catalogue when it knows the operator.
import type { Model } from '../../ir/types';
import { toIrAttribute } from './attribute-values';
import { operatorSpec } from './catalogue';
import { tfjsStoredAttribute } from './catalogue-tfjs';
import { refuse } from './edit-error';
import { findNode, nodeLabel } from './lookup';
import { editResult } from './result';
import type { EditAttributeValue, EditResult } from './types';

// Attribute types the typed editors cannot express (sub-graphs, tensors, raw bytes).
const NOT_EDITABLE = new Set(['graph', 'graphs', 'tensor', 'tensors', 'bytes', 'opaque', 'json']);

/** setAttribute: sets `name` on the node (null removes it, back to the operator's default). */
export function setAttribute(model: Model, ref: string, name: string, value: EditAttributeValue | null): EditResult {
  const graph = model.graph;
  const node = findNode(graph, ref);
  const label = nodeLabel(node);
  const spec = operatorSpec(model, node.op, node.domain);
  const attrSpec = spec?.attributes.find((a) => a.name === name);
  if (spec && !attrSpec) {
    const known = spec.attributes.map((a) => a.name).join(', ') || 'none';
    refuse('bad-attribute', `${label} has no attribute "${name}" (its attributes: ${known})`, node.id);
  }
  const current = node.attributes[name];
  // A TF.js bool is a json boolean, which the catalogue types as a bool.
  const tfjsBool = attrSpec?.kind === 'bool' && current?.type === 'json' && typeof current.value === 'boolean';
  if (current && NOT_EDITABLE.has(current.type) && !tfjsBool)
    refuse(
      'not-possible',
      `attribute "${name}" of ${label} holds a ${current.type}, which cannot be edited here`,
      node.id,
    );
  const attributes = { ...node.attributes };
  if (value === null) {
    if (attrSpec?.required) refuse('bad-attribute', `attribute "${name}" of ${label} is required`, node.id);
    if (!current) return editResult(model, { nodes: [node.id] });
    delete attributes[name];
  } else {
    const attribute = toIrAttribute(value, attrSpec, name, label);
    attributes[name] = model.format === 'tfjs' ? tfjsStoredAttribute(attribute, attrSpec) : attribute;
  }
  const nodes = graph.nodes.map((n) => (n === node ? { ...n, attributes } : n));
  const outputs = node.outputs.filter((id) => id !== '');
  return editResult({ ...model, graph: { ...graph, nodes } }, { nodes: [node.id], tensors: outputs });
}
