// TFLite schema unions: member i has type code i + 1 (0 = NONE).
import type { UnionDef } from './types';

// prettier-ignore
export const BuiltinOptions: UnionDef = {
  name: 'BuiltinOptions',
  members: [
    'Conv2DOptions', 'DepthwiseConv2DOptions', 'ConcatEmbeddingsOptions', 'LSHProjectionOptions', 'Pool2DOptions',
    'SVDFOptions', 'RNNOptions', 'FullyConnectedOptions', 'SoftmaxOptions', 'ConcatenationOptions', 'AddOptions',
    'L2NormOptions', 'LocalResponseNormalizationOptions', 'LSTMOptions', 'ResizeBilinearOptions', 'CallOptions',
    'ReshapeOptions', 'SkipGramOptions', 'SpaceToDepthOptions', 'EmbeddingLookupSparseOptions', 'MulOptions',
    'PadOptions', 'GatherOptions', 'BatchToSpaceNDOptions', 'SpaceToBatchNDOptions', 'TransposeOptions',
    'ReducerOptions', 'SubOptions', 'DivOptions', 'SqueezeOptions', 'SequenceRNNOptions', 'StridedSliceOptions',
    'ExpOptions', 'TopKV2Options', 'SplitOptions', 'LogSoftmaxOptions', 'CastOptions', 'DequantizeOptions',
    'MaximumMinimumOptions', 'ArgMaxOptions', 'LessOptions', 'NegOptions', 'PadV2Options', 'GreaterOptions',
    'GreaterEqualOptions', 'LessEqualOptions', 'SelectOptions', 'SliceOptions', 'TransposeConvOptions',
    'SparseToDenseOptions', 'TileOptions', 'ExpandDimsOptions', 'EqualOptions', 'NotEqualOptions', 'ShapeOptions',
    'PowOptions', 'ArgMinOptions', 'FakeQuantOptions', 'PackOptions', 'LogicalOrOptions', 'OneHotOptions',
    'LogicalAndOptions', 'LogicalNotOptions', 'UnpackOptions', 'FloorDivOptions', 'SquareOptions',
    'ZerosLikeOptions', 'FillOptions', 'BidirectionalSequenceLSTMOptions', 'BidirectionalSequenceRNNOptions',
    'UnidirectionalSequenceLSTMOptions', 'FloorModOptions', 'RangeOptions', 'ResizeNearestNeighborOptions',
    'LeakyReluOptions', 'SquaredDifferenceOptions', 'MirrorPadOptions', 'AbsOptions', 'SplitVOptions',
    'UniqueOptions', 'ReverseV2Options', 'AddNOptions', 'GatherNdOptions', 'CosOptions', 'WhereOptions',
    'RankOptions', 'ReverseSequenceOptions', 'MatrixDiagOptions', 'QuantizeOptions', 'MatrixSetDiagOptions',
    'HardSwishOptions', 'IfOptions', 'WhileOptions', 'DepthToSpaceOptions', 'NonMaxSuppressionV4Options',
    'NonMaxSuppressionV5Options', 'ScatterNdOptions', 'SelectV2Options', 'DensifyOptions', 'SegmentSumOptions',
    'BatchMatMulOptions', 'CumsumOptions', 'CallOnceOptions', 'BroadcastToOptions', 'Rfft2dOptions',
    'Conv3DOptions', 'HashtableOptions', 'HashtableFindOptions', 'HashtableImportOptions', 'HashtableSizeOptions',
    'VarHandleOptions', 'ReadVariableOptions', 'AssignVariableOptions', 'RandomOptions', 'BucketizeOptions',
    'GeluOptions', 'DynamicUpdateSliceOptions', 'UnsortedSegmentProdOptions', 'UnsortedSegmentMaxOptions',
    'UnsortedSegmentMinOptions', 'UnsortedSegmentSumOptions', 'ATan2Options', 'SignOptions', 'BitcastOptions',
    'BitwiseXorOptions', 'RightShiftOptions',
  ],
};

// prettier-ignore
export const BuiltinOptions2: UnionDef = {
  name: 'BuiltinOptions2',
  members: [
    'StablehloConcatenateOptions', 'StablehloBroadcastInDimOptions', 'StablehloSliceOptions',
    'StablehloConvolutionOptions', 'StablehloCustomCallOptions', 'StablehloReduceOptions',
    'StablehloScatterOptions', 'StablehloCompareOptions', 'StablehloDynamicSliceOptions', 'StablehloPadOptions',
    'StablehloIotaOptions', 'StablehloDotGeneralOptions', 'StablehloReduceWindowOptions', 'StablehloSortOptions',
    'StablehloWhileOptions', 'StablehloGatherOptions', 'StablehloTransposeOptions', 'DilateOptions',
    'StablehloRngBitGeneratorOptions', 'ReduceWindowOptions', 'StableHLOCompositeOptions',
    'StablehloShiftLeftOptions', 'StablehloCaseOptions',
  ],
};

export const QuantizationDetails: UnionDef = {
  name: 'QuantizationDetails',
  members: ['CustomQuantization', 'BlockwiseQuantization'],
};

export const SparseIndexVector: UnionDef = {
  name: 'SparseIndexVector',
  members: ['Int32Vector', 'Uint16Vector', 'Uint8Vector'],
};

/** Every union by name, for field declarations. */
export const UNIONS: ReadonlyMap<string, UnionDef> = new Map(
  [BuiltinOptions, BuiltinOptions2, QuantizationDetails, SparseIndexVector].map((u) => [u.name, u]),
);
