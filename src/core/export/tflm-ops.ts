// TFLite operators → TensorFlow Lite Micro's MicroMutableOpResolver registration methods. Method names
// are those of tflite-micro's tensorflow/lite/micro/micro_mutable_op_resolver.h (facts checked against
// it: one Add<Op>() per builtin kernel, AddCustom-backed helpers for a few custom ops).
import { CUSTOM_CODE, opcodeOfNode } from '../formats/tflite/opcodes';
import { forEachGraph } from '../ir/graph-index';
import type { Model, Node } from '../ir/types';
import type { TflmResolver } from './types';

/** Builtin operator (TFLite schema's BuiltinOperator name) → resolver method. */
export const TFLM_BUILTIN_METHODS: Readonly<Record<string, string>> = {
  ABS: 'AddAbs',
  ADD: 'AddAdd',
  ADD_N: 'AddAddN',
  ARG_MAX: 'AddArgMax',
  ARG_MIN: 'AddArgMin',
  ASSIGN_VARIABLE: 'AddAssignVariable',
  AVERAGE_POOL_2D: 'AddAveragePool2D',
  BATCH_MATMUL: 'AddBatchMatMul',
  BATCH_TO_SPACE_ND: 'AddBatchToSpaceNd',
  BROADCAST_ARGS: 'AddBroadcastArgs',
  BROADCAST_TO: 'AddBroadcastTo',
  CALL_ONCE: 'AddCallOnce',
  CAST: 'AddCast',
  CEIL: 'AddCeil',
  CONCATENATION: 'AddConcatenation',
  CONV_2D: 'AddConv2D',
  COS: 'AddCos',
  CUMSUM: 'AddCumSum',
  DEPTH_TO_SPACE: 'AddDepthToSpace',
  DEPTHWISE_CONV_2D: 'AddDepthwiseConv2D',
  DEQUANTIZE: 'AddDequantize',
  DIV: 'AddDiv',
  ELU: 'AddElu',
  EMBEDDING_LOOKUP: 'AddEmbeddingLookup',
  EQUAL: 'AddEqual',
  EXP: 'AddExp',
  EXPAND_DIMS: 'AddExpandDims',
  FILL: 'AddFill',
  FLOOR: 'AddFloor',
  FLOOR_DIV: 'AddFloorDiv',
  FLOOR_MOD: 'AddFloorMod',
  FULLY_CONNECTED: 'AddFullyConnected',
  GATHER: 'AddGather',
  GATHER_ND: 'AddGatherNd',
  GREATER: 'AddGreater',
  GREATER_EQUAL: 'AddGreaterEqual',
  HARD_SWISH: 'AddHardSwish',
  IF: 'AddIf',
  L2_NORMALIZATION: 'AddL2Normalization',
  L2_POOL_2D: 'AddL2Pool2D',
  LEAKY_RELU: 'AddLeakyRelu',
  LESS: 'AddLess',
  LESS_EQUAL: 'AddLessEqual',
  LOG: 'AddLog',
  LOG_SOFTMAX: 'AddLogSoftmax',
  LOGICAL_AND: 'AddLogicalAnd',
  LOGICAL_NOT: 'AddLogicalNot',
  LOGICAL_OR: 'AddLogicalOr',
  LOGISTIC: 'AddLogistic',
  MAX_POOL_2D: 'AddMaxPool2D',
  MAXIMUM: 'AddMaximum',
  MEAN: 'AddMean',
  MINIMUM: 'AddMinimum',
  MIRROR_PAD: 'AddMirrorPad',
  MUL: 'AddMul',
  NEG: 'AddNeg',
  NOT_EQUAL: 'AddNotEqual',
  PACK: 'AddPack',
  PAD: 'AddPad',
  PADV2: 'AddPadV2',
  PRELU: 'AddPrelu',
  QUANTIZE: 'AddQuantize',
  READ_VARIABLE: 'AddReadVariable',
  REDUCE_MAX: 'AddReduceMax',
  REDUCE_MIN: 'AddReduceMin',
  RELU: 'AddRelu',
  RELU6: 'AddRelu6',
  RESHAPE: 'AddReshape',
  RESIZE_BILINEAR: 'AddResizeBilinear',
  RESIZE_NEAREST_NEIGHBOR: 'AddResizeNearestNeighbor',
  REVERSE_V2: 'AddReverseV2',
  ROUND: 'AddRound',
  RSQRT: 'AddRsqrt',
  SELECT_V2: 'AddSelectV2',
  SHAPE: 'AddShape',
  SIN: 'AddSin',
  SLICE: 'AddSlice',
  SOFTMAX: 'AddSoftmax',
  SPACE_TO_BATCH_ND: 'AddSpaceToBatchNd',
  SPACE_TO_DEPTH: 'AddSpaceToDepth',
  SPLIT: 'AddSplit',
  SPLIT_V: 'AddSplitV',
  SQRT: 'AddSqrt',
  SQUARE: 'AddSquare',
  SQUARED_DIFFERENCE: 'AddSquaredDifference',
  SQUEEZE: 'AddSqueeze',
  STRIDED_SLICE: 'AddStridedSlice',
  SUB: 'AddSub',
  SUM: 'AddSum',
  SVDF: 'AddSvdf',
  TANH: 'AddTanh',
  TILE: 'AddTile',
  TRANSPOSE: 'AddTranspose',
  TRANSPOSE_CONV: 'AddTransposeConv',
  UNIDIRECTIONAL_SEQUENCE_LSTM: 'AddUnidirectionalSequenceLSTM',
  UNPACK: 'AddUnpack',
  VAR_HANDLE: 'AddVarHandle',
  WHILE: 'AddWhile',
  ZEROS_LIKE: 'AddZerosLike',
};

/** Custom operator (custom_code) → the resolver helper that registers TFLM's kernel for it. */
export const TFLM_CUSTOM_METHODS: Readonly<Record<string, string>> = {
  TFLite_Detection_PostProcess: 'AddDetectionPostprocess',
  CIRCULAR_BUFFER: 'AddCircularBuffer',
  'ethos-u': 'AddEthosU',
  SignalDelay: 'AddDelay',
  SignalEnergy: 'AddEnergy',
  SignalFftAutoScale: 'AddFftAutoScale',
  SignalFilterBank: 'AddFilterBank',
  SignalFilterBankLog: 'AddFilterBankLog',
  SignalFilterBankSquareRoot: 'AddFilterBankSquareRoot',
  SignalFilterBankSpectralSubtraction: 'AddFilterBankSpectralSubtraction',
  SignalFramer: 'AddFramer',
  SignalIrfft: 'AddIrfft',
  SignalOverlapAdd: 'AddOverlapAdd',
  SignalPCAN: 'AddPCAN',
  SignalRfft: 'AddRfft',
  SignalStacker: 'AddStacker',
  SignalWindow: 'AddWindow',
};

/** One operator a TFLite model uses, and how TFLM registers it (method undefined: no TFLM kernel). */
export interface TflmOp {
  readonly op: string;
  readonly custom: boolean;
  readonly method?: string;
}

// The writer's rule: a builtin name is builtin unless marked custom; any other name is a custom_code.
function isCustom(node: Node): boolean {
  return opcodeOfNode(node).code === CUSTOM_CODE;
}

/** The distinct operators of every subgraph (WHILE/IF bodies too), in first-use order. */
export function tfliteOps(model: Model): TflmOp[] {
  const seen = new Map<string, TflmOp>();
  for (const root of [model.graph, ...(model.subgraphs ?? [])])
    forEachGraph(root, (graph) => {
      for (const node of graph.nodes) {
        const custom = isCustom(node);
        const key = `${custom ? 'custom' : 'builtin'}:${node.op}`;
        if (seen.has(key)) continue;
        const method = custom ? TFLM_CUSTOM_METHODS[node.op] : TFLM_BUILTIN_METHODS[node.op];
        seen.set(key, { op: node.op, custom, ...(method ? { method } : {}) });
      }
    });
  return [...seen.values()];
}

/**
 * The MicroMutableOpResolver lines for exactly the operators a TFLite model uses, sorted by method name.
 * `count` is the resolver's template argument: one registration per distinct operator with a kernel.
 * Operators without a TFLM kernel become a comment line saying so (they are not counted).
 */
export function tflmResolver(model: Model): TflmResolver {
  const ops = tfliteOps(model);
  const known = ops.filter((o) => o.method !== undefined).sort((a, b) => a.method!.localeCompare(b.method!));
  const missing = ops.filter((o) => o.method === undefined);
  const lines = [
    `static tflite::MicroMutableOpResolver<${known.length}> resolver;`,
    ...known.map((o) => `resolver.${o.method!}();`),
    ...missing.map((o) =>
      o.custom
        ? `// custom op "${o.op}": TFLM has no kernel for it; register yours with resolver.AddCustom("${o.op}", ...)`
        : `// ${o.op}: TFLM has no kernel for this operator; the model cannot run on TFLM as it is`,
    ),
  ];
  return { count: known.length, lines };
}
