// GraphProto → IR Graph. Tensor ids are ONNX names; every input, output, initializer, value_info entry
// and node output becomes one tensor of the graph (declarations of one name are merged).
import type { Attribute, Graph, Node, Tensor } from '../../ir/types';
import { type AttributeReadContext, readAttribute } from './attributes';
import { extrasField, keyValues, onnxExtras, type OnnxTensorExtras } from './extras';
import { encodeAll, ProtoTypes, type GraphProto, type NodeProto, type ValueInfoProto } from './proto';
import { readTensor, type TensorReadContext } from './tensors';
import { readType } from './types';

export type GraphReadContext = TensorReadContext;

/** The IR graph of a GraphProto (nested graphs in attributes are read recursively). */
export function readGraph(proto: GraphProto, ctx: GraphReadContext): Graph {
  const attributeContext: AttributeReadContext = {
    tensor: (t) => readTensor(t, ctx),
    graph: (g) => readGraph(g, ctx),
  };
  const tensors = new Map<string, Tensor>();
  const declare = (vi: ValueInfoProto): string => {
    const tensor = valueInfoTensor(vi);
    tensors.set(tensor.id, merge(tensors.get(tensor.id), tensor));
    return tensor.id;
  };

  const inputs = (proto.input ?? []).map(declare);
  for (const init of proto.initializer ?? []) {
    const tensor = readTensor(init, ctx);
    tensors.set(tensor.id, withData(tensors.get(tensor.id), tensor));
  }
  const outputs = (proto.output ?? []).map(declare);
  for (const vi of proto.value_info ?? []) declare(vi);

  const nodeProtos = proto.node ?? [];
  const ids = nodeIds(nodeProtos);
  const nodes = nodeProtos.map((n, i) => readNode(n, ids[i] ?? String(i), attributeContext));
  for (const node of nodes)
    for (const out of node.outputs)
      if (out !== '' && !tensors.has(out)) tensors.set(out, { id: out, name: out, dtype: 'undefined' });

  return {
    name: proto.name ?? '',
    nodes,
    tensors: [...tensors.values()],
    inputs,
    outputs,
    ...(proto.doc_string ? { docString: proto.doc_string } : {}),
    ...extrasField({
      sparseInitializers: encodeAll(ProtoTypes.SparseTensor, proto.sparse_initializer),
      quantizationAnnotations: encodeAll(ProtoTypes.TensorAnnotation, proto.quantization_annotation),
      metadataProps: keyValues(proto.metadata_props),
      unknownFields: proto.$unknowns,
    }),
  };
}

function valueInfoTensor(vi: ValueInfoProto): Tensor {
  const name = vi.name ?? '';
  const declared = readType(vi.type);
  return {
    id: name,
    name,
    dtype: declared.dtype,
    ...(declared.shape ? { shape: declared.shape } : {}),
    ...(declared.valueType ? { valueType: declared.valueType } : {}),
    ...(vi.doc_string ? { docString: vi.doc_string } : {}),
    ...extrasField({ ...declared.extras, valueInfoMetadataProps: keyValues(vi.metadata_props) }),
  };
}

function isUntyped(t: Tensor): boolean {
  return t.dtype === 'undefined' && t.shape === undefined && t.valueType === undefined;
}

/** The first declaration of a name wins; a later one only fills in a type the first lacked. */
function merge(first: Tensor | undefined, next: Tensor): Tensor {
  if (!first) return next;
  if (!isUntyped(first) || isUntyped(next)) return first;
  const { id: _id, name: _name, docString, extras: _extras, ...type } = next;
  return { ...first, ...type, ...(first.docString || !docString ? {} : { docString }) };
}

/** An initializer gives a tensor its data, dtype and dims; a declaration keeps its doc string and notes. */
function withData(declared: Tensor | undefined, init: Tensor): Tensor {
  if (!declared) return init;
  const extras = {
    ...onnxExtras<OnnxTensorExtras>(init.extras),
    ...onnxExtras<OnnxTensorExtras>(declared.extras),
  };
  const docString = declared.docString ?? init.docString;
  const { extras: _extras, docString: _doc, ...rest } = init;
  return {
    ...rest,
    ...(declared.valueType ? { valueType: declared.valueType } : {}),
    ...(docString ? { docString } : {}),
    ...extrasField(extras),
  };
}

/** Node ids: the stored name when it is non-empty and unique in the graph, else `<op>_<index>` made unique. */
function nodeIds(nodes: readonly NodeProto[]): string[] {
  const counts = new Map<string, number>();
  for (const n of nodes) if (n.name) counts.set(n.name, (counts.get(n.name) ?? 0) + 1);
  const taken = new Set(counts.keys());
  return nodes.map((n, i) => {
    if (n.name && counts.get(n.name) === 1) return n.name;
    let id = `${n.op_type || 'node'}_${i}`;
    for (let k = 2; taken.has(id); k++) id = `${n.op_type || 'node'}_${i}_${k}`;
    taken.add(id);
    return id;
  });
}

function readNode(proto: NodeProto, id: string, ctx: AttributeReadContext): Node {
  const attributes = Object.fromEntries(
    (proto.attribute ?? []).map((a): [string, Attribute] => [a.name ?? '', readAttribute(a, ctx)]),
  );
  return {
    id,
    name: proto.name ?? '',
    op: proto.op_type ?? '',
    domain: proto.domain ?? '',
    inputs: [...(proto.input ?? [])],
    outputs: [...(proto.output ?? [])],
    attributes,
    ...(proto.doc_string ? { docString: proto.doc_string } : {}),
    ...extrasField({
      overload: proto.overload || undefined,
      metadataProps: keyValues(proto.metadata_props),
      deviceConfigurations: encodeAll(ProtoTypes.NodeDeviceConfiguration, proto.device_configurations),
      unknownFields: proto.$unknowns,
    }),
  };
}
