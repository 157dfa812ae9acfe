// IR Graph → GraphProto. Initializers are the tensors with data, in the graph's order; value_info
// describes the other tensors that are neither inputs nor outputs but have a known type.
import type { Graph, Node, Tensor } from '../../ir/types';
import { type AttributeWriteContext, writeAttribute } from './attributes';
import { onnxExtras, type OnnxGraphExtras, type OnnxNodeExtras, type OnnxTensorExtras } from './extras';
import {
  decodeAll,
  ProtoTypes,
  type GraphProto,
  type NodeProto,
  type SparseTensorProto,
  type ValueInfoProto,
} from './proto';
import { type ExternalPlacement, writeTensor } from './tensors';
import { writeType } from './types';

export interface GraphWriteContext {
  /** Name of the file being written, for messages. */
  readonly file: string;
  /** Decides which initializers go to the external data file. */
  readonly placeExternally?: ExternalPlacement;
}

/** The GraphProto of an IR graph (nested graphs in attributes are written recursively). */
export function writeGraph(graph: Graph, ctx: GraphWriteContext): GraphProto {
  const attributeContext: AttributeWriteContext = {
    file: ctx.file,
    tensor: (t) => writeTensor(t, ctx.file),
    graph: (g) => writeGraph(g, ctx),
  };
  const byId = new Map(graph.tensors.map((t) => [t.id, t]));
  const io = new Set([...graph.inputs, ...graph.outputs]);
  const describe = (id: string): ValueInfoProto => valueInfo(id, byId.get(id));
  const extras = onnxExtras<OnnxGraphExtras>(graph.extras);

  const proto: GraphProto = {
    node: graph.nodes.map((n) => writeNode(n, attributeContext)),
    name: graph.name,
    initializer: graph.tensors.filter((t) => t.data).map((t) => writeTensor(t, ctx.file, ctx.placeExternally)),
    input: graph.inputs.map(describe),
    output: graph.outputs.map(describe),
    value_info: graph.tensors
      .filter((t) => !io.has(t.id) && !t.data && writeType(typeSource(t)) !== undefined)
      .map((t) => valueInfo(t.id, t)),
  };
  if (graph.docString) proto.doc_string = graph.docString;
  if (extras.sparseInitializers?.length)
    proto.sparse_initializer = decodeAll(ProtoTypes.SparseTensor, extras.sparseInitializers) as SparseTensorProto[];
  if (extras.quantizationAnnotations?.length)
    proto.quantization_annotation = decodeAll(ProtoTypes.TensorAnnotation, extras.quantizationAnnotations);
  if (extras.metadataProps?.length) proto.metadata_props = [...extras.metadataProps];
  if (extras.unknownFields?.length) proto.$unknowns = [...extras.unknownFields];
  return proto;
}

function typeSource(t: Tensor) {
  return {
    dtype: t.dtype,
    ...(t.shape ? { shape: t.shape } : {}),
    ...(t.valueType ? { valueType: t.valueType } : {}),
    extras: onnxExtras<OnnxTensorExtras>(t.extras),
  };
}

function valueInfo(id: string, tensor: Tensor | undefined): ValueInfoProto {
  const proto: ValueInfoProto = { name: id };
  if (!tensor) return proto;
  const type = writeType(typeSource(tensor));
  if (type) proto.type = type;
  if (tensor.docString) proto.doc_string = tensor.docString;
  const metadata = onnxExtras<OnnxTensorExtras>(tensor.extras).valueInfoMetadataProps;
  if (metadata?.length) proto.metadata_props = [...metadata];
  return proto;
}

function writeNode(node: Node, ctx: AttributeWriteContext): NodeProto {
  const extras = onnxExtras<OnnxNodeExtras>(node.extras);
  const proto: NodeProto = {
    input: [...node.inputs],
    output: [...node.outputs],
    op_type: node.op,
    attribute: Object.entries(node.attributes).map(([name, attr]) => writeAttribute(name, attr, ctx)),
  };
  if (node.name) proto.name = node.name;
  if (node.domain) proto.domain = node.domain;
  if (node.docString) proto.doc_string = node.docString;
  if (extras.overload) proto.overload = extras.overload;
  if (extras.metadataProps?.length) proto.metadata_props = [...extras.metadataProps];
  if (extras.deviceConfigurations?.length)
    proto.device_configurations = decodeAll(ProtoTypes.NodeDeviceConfiguration, extras.deviceConfigurations);
  if (extras.unknownFields?.length) proto.$unknowns = [...extras.unknownFields];
  return proto;
}
