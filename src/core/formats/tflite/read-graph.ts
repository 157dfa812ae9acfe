// One TFLite SubGraph → one IR Graph. Tensors keep their TFLite index order (graph.tensors[i] is tensor
// i: TFLM plans its arena in that order), constant data stays a view over the file's bytes.
import type { Attribute, Graph, Node, Tensor } from '../../ir/types';
import { optionsToAttributes } from './attributes';
import { num, nums, str, tableOf, tablesOf, type FbTable, type FbUnion } from './codec/values';
import { extrasField } from './extras';
import { CUSTOM_CODE, type ResolvedOpcode } from './opcodes';
import { BuiltinOptions, BuiltinOptions2, defaultOptionsOf, tableDef } from './schema';
import { readQuantization, readShape, readTensorExtras, tensorData, tensorDType, type TensorIds } from './tensors';

export interface GraphReadContext {
  /** Throws a ModelFormatError ('out-of-bounds' or 'malformed') whose message starts with the file name. */
  readonly fail: (code: 'out-of-bounds' | 'malformed', message: string) => never;
  /** Bytes of buffer `index` (undefined when empty); checks the index and external offsets. */
  readonly buffer: (index: number, user: string) => Uint8Array | undefined;
  /** Bytes of an operator's large custom options stored after the flatbuffer. */
  readonly external: (offset: number, size: number, user: string) => Uint8Array;
  readonly opcodes: readonly ResolvedOpcode[];
  readonly subgraphCount: number;
}

/** Unique tensor ids: the name, or `name#index` when names repeat or are empty. */
export function tensorIds(names: readonly string[]): string[] {
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  const used = new Set(names.filter((n) => n !== '' && count.get(n) === 1));
  return names.map((name, i) => {
    if (name !== '' && count.get(name) === 1) return name;
    let id = `${name}#${i}`;
    while (used.has(id)) id += '_';
    used.add(id);
    return id;
  });
}

// Option fields naming subgraphs the runtime will run: an index past the list would crash it.
const SUBGRAPH_FIELDS = new Set([
  'subgraph',
  'then_subgraph_index',
  'else_subgraph_index',
  'cond_subgraph_index',
  'body_subgraph_index',
  'init_subgraph_index',
]);

export interface ReadSubgraph {
  readonly graph: Graph;
  readonly ids: readonly string[];
}

export function readSubgraph(sg: FbTable, s: number, ctx: GraphReadContext): ReadSubgraph {
  const tables = tablesOf(sg['tensors']);
  const ids = tensorIds(tables.map((t) => str(t['name']) ?? ''));
  const where = s === 0 ? 'the main graph' : `subgraph ${s}`;
  const idOf: TensorIds = {
    id: (index, what) => {
      const id = ids[index];
      if (id === undefined)
        ctx.fail('out-of-bounds', `${what} refers to tensor ${index}, but ${where} has ${ids.length} tensors`);
      return id;
    },
  };
  const tensors = tables.map((t, i) => readTensor(t, ids[i]!, idOf, ctx));
  const optionalId = (index: number, what: string): string => (index === -1 ? '' : idOf.id(index, what));
  const nodes = tablesOf(sg['operators']).map((op, i) => readOperator(op, i, optionalId, ctx, where));
  const list = (field: string, what: string): string[] => (nums(sg[field]) ?? []).map((i) => idOf.id(i, what));
  const debug = num(sg['debug_metadata_index'], -1);
  const graph: Graph = {
    name: str(sg['name']) ?? '',
    nodes,
    tensors,
    inputs: list('inputs', `an input of ${where}`),
    outputs: list('outputs', `an output of ${where}`),
    ...extrasField({ debugMetadataIndex: debug !== -1 ? debug : undefined }),
  };
  return { graph, ids };
}

function readTensor(t: FbTable, id: string, ids: TensorIds, ctx: GraphReadContext): Tensor {
  const typeCode = num(t['type']);
  const dtype = tensorDType(typeCode);
  const bytes = ctx.buffer(num(t['buffer']), `tensor "${id}"`);
  const constant = bytes !== undefined ? tensorData(dtype, bytes) : undefined;
  const quant = readQuantization(tableOf(t['quantization']), ids);
  return {
    id,
    name: str(t['name']) ?? '',
    dtype,
    shape: readShape(t['shape']),
    ...(constant ? { data: constant.data } : {}),
    ...(quant ? { quant } : {}),
    ...extrasField(readTensorExtras(t, typeCode, constant?.raw ?? false)),
  };
}

interface ReadOptionsResult {
  readonly type: string | undefined;
  readonly attributes: Record<string, Attribute>;
  /** The type code of options newer than this schema (read as no attributes; the writer refuses them). */
  readonly unknown?: number;
}

function readOptions(union: FbUnion | undefined): ReadOptionsResult {
  if (!union) return { type: undefined, attributes: {} };
  if (typeof union.type === 'number' || !union.value)
    return { type: undefined, attributes: {}, unknown: Number(union.type) };
  return { type: union.type, attributes: optionsToAttributes(tableDef(union.type), union.value) };
}

function readOperator(
  op: FbTable,
  i: number,
  tensor: (index: number, what: string) => string,
  ctx: GraphReadContext,
  where: string,
): Node {
  const opcodeIndex = num(op['opcode_index']);
  const opcode = ctx.opcodes[opcodeIndex];
  if (!opcode)
    ctx.fail(
      'out-of-bounds',
      `operator ${i} of ${where} uses operator code ${opcodeIndex}, but the model has ${ctx.opcodes.length}`,
    );
  const nodeId = `${opcode.op}_${i}`;
  const what = `operator ${i} (${opcode.op}) of ${where}`;
  const options = readOptions(op['builtin_options'] as FbUnion | undefined);
  const options2 = readOptions(op['builtin_options_2'] as FbUnion | undefined);
  const attributes: Record<string, Attribute> = { ...options.attributes, ...options2.attributes };
  for (const [name, a] of Object.entries(attributes))
    if (SUBGRAPH_FIELDS.has(name) && a.type === 'int' && (a.value < 0 || a.value >= ctx.subgraphCount))
      ctx.fail('out-of-bounds', `${what} runs subgraph ${a.value} (${name}), but the model has ${ctx.subgraphCount}`);

  const custom = customOptions(op, what, ctx);
  if (custom) attributes['custom_options'] = { type: 'opaque', format: 'flexbuffers', value: custom };

  // Only what differs from the writer's defaults is kept (see TfliteNodeExtras.options).
  const isCustom = opcode.code === CUSTOM_CODE && opcode.customCode !== undefined;
  const slot = isCustom ? undefined : defaultOptionsOf(opcode.op);
  const expected1 = slot?.union === BuiltinOptions ? slot.table : undefined;
  const expected2 = slot?.union === BuiltinOptions2 ? slot.table : undefined;
  const mutating = op['mutating_variable_inputs'];
  const debug = num(op['debug_metadata_index'], -1);
  return {
    id: nodeId,
    name: '',
    op: opcode.op,
    domain: '',
    inputs: (nums(op['inputs']) ?? []).map((index) => tensor(index, what)),
    outputs: (nums(op['outputs']) ?? []).map((index) => tensor(index, what)),
    attributes,
    ...extrasField({
      version: opcode.version !== 1 ? opcode.version : undefined,
      custom: opcode.ambiguousCustom ? true : undefined,
      options: options.type !== expected1 && options.unknown === undefined ? (options.type ?? null) : undefined,
      options2: options2.type !== expected2 && options2.unknown === undefined ? (options2.type ?? null) : undefined,
      unknownOptions: options.unknown ?? options2.unknown,
      customOptionsFormat: num(op['custom_options_format']) || undefined,
      mutatingVariableInputs: Array.isArray(mutating) ? (mutating as boolean[]) : undefined,
      intermediates: (nums(op['intermediates']) ?? []).map((index) => tensor(index, what)),
      debugMetadataIndex: debug !== -1 ? debug : undefined,
    }),
  };
}

// custom_options inline, or (models over 2 GB) stored after the flatbuffer: the schema says an offset
// counts only when it is greater than 1.
function customOptions(op: FbTable, what: string, ctx: GraphReadContext): Uint8Array | undefined {
  const offset = num(op['large_custom_options_offset']);
  if (offset > 1) return ctx.external(offset, num(op['large_custom_options_size']), `the custom options of ${what}`);
  const inline = op['custom_options'];
  return inline instanceof Uint8Array ? inline : undefined;
}
