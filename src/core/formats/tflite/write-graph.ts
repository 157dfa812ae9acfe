// One IR Graph → one TFLite SubGraph table (for the generic encoder). Tensors are written in
// graph.tensors order, so tensor indices (and TFLM's arena plan) stay what they were when read.
import type { ModelFormatErrorCode } from '../../errors';
import type { Graph, Node, Shape, Tensor } from '../../ir/types';
import { AttributeError, attributesToOptions, hasOption } from './attributes';
import type { FbTable, FbUnion, FbValue } from './codec/values';
import {
  tfliteExtras,
  type OpcodeKey,
  type TfliteGraphExtras,
  type TfliteNodeExtras,
  type TfliteTensorExtras,
} from './extras';
import { opcodeOfNode } from './opcodes';
import { BuiltinOptions, BuiltinOptions2, defaultOptionsOf, optionsSlot, tableDef, type UnionDef } from './schema';
import { bufferBytes, tensorTypeCode, writeQuantization } from './tensors';

export interface GraphWriteContext {
  /** Buffer index for constant bytes (0, the empty sentinel, for none). */
  readonly buffer: (bytes: Uint8Array | undefined) => number;
  readonly opcode: (key: OpcodeKey) => number;
  /** The Operator fields holding custom options (inline, or after the flatbuffer). */
  readonly customOptions: (bytes: Uint8Array) => FbTable;
  readonly fail: (code: ModelFormatErrorCode, message: string) => never;
}

export interface WrittenSubgraph {
  readonly table: FbTable;
  /** TFLite tensor index of an IR tensor id. */
  readonly index: (id: string) => number;
}

export function writeSubgraph(graph: Graph, where: string, ctx: GraphWriteContext): WrittenSubgraph {
  const indices = new Map<string, number>();
  graph.tensors.forEach((t, i) => {
    if (indices.has(t.id)) ctx.fail('malformed', `tensor "${t.id}" is declared twice in ${where}`);
    indices.set(t.id, i);
  });
  const index = (id: string): number => {
    const i = indices.get(id);
    if (i === undefined) return ctx.fail('malformed', `${where} uses tensor "${id}", which it does not declare`);
    return i;
  };
  const optional = (id: string): number => (id === '' ? -1 : index(id));
  const extras = tfliteExtras<TfliteGraphExtras>(graph.extras);
  const table: Record<string, FbValue> = {
    tensors: graph.tensors.map((t) => writeTensor(t, index, ctx)),
    inputs: graph.inputs.map(index),
    outputs: graph.outputs.map(index),
    operators: graph.nodes.map((n) => writeOperator(n, optional, ctx, where)),
  };
  if (graph.name) table['name'] = graph.name;
  if (extras.debugMetadataIndex !== undefined) table['debug_metadata_index'] = extras.debugMetadataIndex;
  return { table, index };
}

// TFLite shapes are concrete: a symbolic dim (batch "N") is stored as 1 with -1 in shape_signature,
// an unknown dim as -1.
function shapeFields(shape: Shape | undefined, signature: readonly number[] | undefined): Record<string, FbValue> {
  const dims = shape ?? [];
  const out: Record<string, FbValue> = { shape: dims.map((d) => (typeof d === 'number' ? d : d === null ? -1 : 1)) };
  if (signature) out['shape_signature'] = signature;
  else if (dims.some((d) => typeof d === 'string'))
    out['shape_signature'] = dims.map((d) => (typeof d === 'number' ? d : -1));
  return out;
}

function writeTensor(t: Tensor, index: (id: string) => number, ctx: GraphWriteContext): FbTable {
  const extras = tfliteExtras<TfliteTensorExtras>(t.extras);
  const type = tensorTypeCode(t);
  if (type === undefined)
    ctx.fail(
      'unsupported',
      t.dtype === 'undefined'
        ? `tensor "${t.id}" has no element type; TFLite needs one for every tensor`
        : `tensor "${t.id}" is ${t.dtype}, which TFLite cannot store`,
    );
  if (t.data && !t.data.bytes && !t.data.strings)
    ctx.fail('missing-file', `the data of tensor "${t.id}" was not loaded (its external data file is missing)`);
  const table: Record<string, FbValue> = {
    ...shapeFields(t.shape, extras.shapeSignature),
    type,
    buffer: ctx.buffer(extras.rawStrings ? t.data?.bytes : bufferBytes(t)),
  };
  if (t.name) table['name'] = t.name;
  if (t.quant) table['quantization'] = writeQuantization(t.quant, index);
  if (extras.isVariable) table['is_variable'] = true;
  if (extras.sparsity) table['sparsity'] = extras.sparsity;
  if (extras.hasRank) table['has_rank'] = true;
  if (extras.variantTensors) table['variant_tensors'] = extras.variantTensors;
  return table;
}

function optionsUnion(
  node: Node,
  union: UnionDef,
  member: string | null | undefined,
  used: Set<string>,
  fail: (message: string) => never,
): FbUnion | undefined {
  if (!member) return undefined;
  const slot = optionsSlot(member);
  if (!slot || slot.union !== union) return fail(`its options "${member}" are not a ${union.name} table`);
  const def = tableDef(member);
  for (const name of Object.keys(node.attributes)) if (hasOption(def, name)) used.add(name);
  try {
    return { type: member, value: attributesToOptions(def, node.attributes) };
  } catch (error) {
    if (error instanceof AttributeError) return fail(error.message);
    throw error;
  }
}

function writeOperator(node: Node, tensor: (id: string) => number, ctx: GraphWriteContext, where: string): FbTable {
  const extras = tfliteExtras<TfliteNodeExtras>(node.extras);
  const key = opcodeOfNode(node);
  const what = `node "${node.name || node.id}" (${node.op}) of ${where}`;
  const fail = (message: string): never => ctx.fail('unsupported', `${what}: ${message}`);
  if (extras.unknownOptions !== undefined)
    fail(
      `its options (type ${extras.unknownOptions}) are newer than this studio's TFLite schema, so it cannot write them`,
    );
  const slot = key.customCode !== undefined ? undefined : defaultOptionsOf(node.op);
  const member1 = 'options' in extras ? extras.options : slot?.union === BuiltinOptions ? slot.table : undefined;
  const member2 = 'options2' in extras ? extras.options2 : slot?.union === BuiltinOptions2 ? slot.table : undefined;
  const used = new Set<string>(['custom_options']);
  const options = optionsUnion(node, BuiltinOptions, member1, used, fail);
  const options2 = optionsUnion(node, BuiltinOptions2, member2, used, fail);
  const extra = Object.keys(node.attributes).filter((name) => !used.has(name));
  if (extra.length)
    fail(
      `TFLite has no option ${extra.map((n) => `"${n}"`).join(', ')} for it` +
        (member1 || member2 ? ` (its options are ${[member1, member2].filter(Boolean).join(' and ')})` : ''),
    );

  const table: Record<string, FbValue> = {
    opcode_index: ctx.opcode(key),
    inputs: node.inputs.map(tensor),
    outputs: node.outputs.map(tensor),
  };
  if (options) table['builtin_options'] = options;
  if (options2) table['builtin_options_2'] = options2;
  const custom = node.attributes['custom_options'];
  if (custom) {
    if (custom.type !== 'opaque' && custom.type !== 'bytes') fail('its custom_options must be bytes');
    Object.assign(table, ctx.customOptions(custom.value as Uint8Array));
  }
  if (extras.customOptionsFormat) table['custom_options_format'] = extras.customOptionsFormat;
  if (extras.mutatingVariableInputs) table['mutating_variable_inputs'] = extras.mutatingVariableInputs;
  if (extras.intermediates?.length) table['intermediates'] = extras.intermediates.map(tensor);
  if (extras.debugMetadataIndex !== undefined) table['debug_metadata_index'] = extras.debugMetadataIndex;
  return table;
}
