// The public surface of the core: what src/ui, src/workers and src/cli import.
// Each section belongs to one folder; keep the exports of a folder together.

// --- ir ---
/** Element types and their widths. */
export { ALL_DTYPES, dtypeBits, dtypeByteLength, isFloatDType, isIntDType, type DType } from './ir/dtype';
/** The graph IR: models, graphs, nodes, tensors, attributes. */
export type {
  Attribute,
  AttributeType,
  Dim,
  ExternalRef,
  JsonValue,
  FormatId,
  Graph,
  KeyValue,
  Model,
  ModelFile,
  Node,
  OpsetImport,
  Quantization,
  Shape,
  Tensor,
  TensorData,
  ValueType,
} from './ir/types';
/** Shapes, element counts and typed views over constant data. */
export {
  bytesOf,
  constantByteLength,
  constantElementCount,
  elementCount,
  formatShape,
  isStaticShape,
  toFloat64,
  typedView,
} from './ir/tensor';
/** Affine quantization: dequantize stored values (per tensor or per channel). */
export { dequantize, isQuantized, realValues } from './ir/quantization';
/** Memoised lookups (producers, consumers) and nested-graph traversal. */
export { forEachGraph, indexGraph, nestedGraphs, type GraphIndex } from './ir/graph-index';
/** Builds graphs for tests and generators. */
export { attr, GraphBuilder, toAttribute, type AttributeInput } from './ir/builder';
/** The IR element type of a typed array. */
export { dtypeOfTypedArray } from './ir/builder';
/** Structural checks of a graph. */
export { validateGraph, type Problem, type ProblemCode } from './ir/validate';
/** Deep comparison of IR values (round-trip tests). */
export { diffIR, modelsEqual } from './ir/equal';

// --- errors ---
/** Typed errors with stable codes. */
export { isCoreError, ModelFormatError, ShapeError, TransformError, type KnownCoreError } from './errors';

// --- formats ---
/** The format interface and the registry that detects, reads and writes models. */
export type { ModelFormat, ReadOptions, WriteOptions } from './formats/format';
/** Each format's human name ("ONNX", "TFLite", "TF.js"), for messages. */
export { FORMAT_NAMES } from './formats/format';
export { detectFormat, formatById, FORMATS, readModel, writeModel } from './formats/registry';
/** ONNX reader/writer with their options (external data, allowing a missing data file). */
export {
  matchOnnx,
  onnxFormat,
  readOnnx,
  writeOnnx,
  type ExternalDataOptions,
  type OnnxReadOptions,
  type OnnxWriteOptions,
} from './formats/onnx';
/** Reads a standalone ONNX TensorProto file (.pb test inputs and expected outputs). */
export { readOnnxTensor } from './formats/onnx';
/** TFLite reader/writer (.tflite flatbuffers) and its write options (buffers after the flatbuffer). */
export { matchTflite, readTflite, tfliteFormat, writeTflite, type TfliteWriteOptions } from './formats/tflite';
/** Attributes of a TFLite builtin op with every option field filled in (for building TFLite nodes). */
export { tfliteOptionAttributes } from './formats/tflite';
/** TF.js reader/writer (model.json + weight shards; graph and layers models) and its write options. */
export { matchTfjs, readTfjs, tfjsFormat, writeTfjs, type TfjsWriteOptions } from './formats/tfjs';
/** The IR domain of TF.js layers-model nodes (Keras layer classes), apart from TF ops in domain ''. */
export { KERAS_DOMAIN } from './formats/tfjs';

// --- shape ---
/** Shape inference: the type of every tensor, with shape arithmetic folded. */
export { inferShapes } from './shape/infer';
export type { FoldedValue, ShapeInference, ShapeInferenceOptions, ShapeProblem, TensorType } from './shape/types';
/** Every (domain, operator) that has a shape rule. */
export { supportedShapeOps } from './shape/registry';

// --- analysis ---
/** Whole-model analysis: params, weight bytes, MACs, activation memory and per-layer rows. */
export {
  analyzeModel,
  TFLM_BUFFER_ALIGNMENT,
  type AnalyzeOptions,
  type LayerAnalysis,
  type ModelAnalysis,
  type PlannedActivation,
  type TensorSummary,
} from './analysis/analyze';
/** Params and weight bytes of constants (initializers, buffers, Constant nodes, nested graphs). */
export { constantNodeValue, countParams, graphParams, type ParamCount, type ParamsReport } from './analysis/params';
/** Multiply-accumulates per node (ONNX and TFLite rules). */
export { macsRule, nodeMacs, ONNX_MAC_RULES, type MacsRule } from './analysis/macs';
/** MAC rules of TFLite builtin operators. */
export { TFLITE_MAC_RULES } from './analysis/macs-tflite';
/** Tensor types from shape inference completed by declarations. */
export { concreteDims, typeLookup, type TypeOf } from './analysis/type-lookup';
/** Activation tensors and their lifetimes over a schedule. */
export {
  activationBytes,
  activationLifetimes,
  type ActivationDTypeMode,
  type ActivationTensor,
  type LifetimeOptions,
  type Lifetimes,
} from './analysis/memory/lifetimes';
/** Live activation bytes per step and their peak. */
export { liveTimeline, type LiveTimeline } from './analysis/memory/timeline';
/** Arena planners: the interface and TFLM's greedy-by-size first fit. */
export {
  alignUp,
  overlapInTime,
  type MemoryPlan,
  type MemoryPlanner,
  type PlanBuffer,
  type PlannerOptions,
} from './analysis/memory/planner';
/** TFLM's greedy-by-size first-fit arena planner. */
export { greedyBySizePlanner } from './analysis/memory/greedy-planner';
/** Value statistics and histogram of a constant tensor; histogramCounts bins values on a given range. */
export { histogramCounts, statsOf, tensorStats, type TensorStats } from './analysis/tensor-stats';

// --- transforms ---
/** Quantizes a model (ONNX QDQ or QOperator form; TFLite once registered): options, report and result types. */
export {
  checkQuantizeOptions,
  quantizableFormats,
  quantizeModel,
  quantizeWithData,
  registerQuantizer,
  type ActivationReport,
  type DataDriverOptions,
  type CalibrationMethod,
  type CalibrationOptions,
  type CancelSignal,
  type FormatQuantizer,
  type Granularity,
  type LayerOverride,
  type LayerReport,
  type OnnxQuantFormat,
  type QuantDType,
  type QuantizeMode,
  type QuantizeOptions,
  type QuantizeReport,
  type QuantizeResult,
  type QuantizeTotals,
  type TensorRange,
} from './transforms/quantize/index';
/** Calibration: streaming per-tensor statistics and the driver that runs the reference executor over data. */
export {
  activationTensors,
  calibrate,
  CalibrationCollector,
  type CalibrateOptions,
  type CalibrationResult,
  type CollectorOptions,
  type Feeds,
  type ObservedTensor,
} from './transforms/quantize/index';
/** Scale and zero-point choice (symmetric / asymmetric, int4…int32 ranges, per channel) and tensor quantization. */
export {
  channelLayout,
  chooseParams,
  chooseParamsFor,
  effectiveRange,
  intRange,
  quantizeTensor,
  quantizeWith,
  roundWith,
  type QuantizedTensor,
  type TensorQuantSpec,
} from './transforms/quantize/index';
/** Raises an ONNX model's default-domain opset when its operators allow it. */
export { defaultOpset, upgradeOpset, type UpgradeResult } from './transforms/quantize/index';
/** TFLite quantization (full int8 with int8 or float I/O, hybrid int8 weights, float16) with its TFLite-only options. */
export { quantizeTflite, type TfliteQuantizeOptions } from './transforms/quantize/tflite/index';
/** The prunable / clusterable weight of every layer (ONNX, TFLite, TF.js), read as float and written back on its own grid. */
export {
  readWeight,
  requireWeights,
  searchWeights,
  writeWeights,
  type WeightRef,
  type WeightSearch,
  type WeightUpdates,
} from './transforms/weights/index';
/** Pruning: unstructured magnitude (per layer / global), N:M and structured channels, with sparse-storage figures. */
export {
  checkPruneOptions,
  PRUNE_DEFAULTS,
  pruneModel,
  sparseBytes,
  type PruneLayerReport,
  type PruneMethod,
  type PruneOptions,
  type PruneOverride,
  type PruneReport,
  type PruneResult,
  type PruneTotals,
} from './transforms/prune/index';
/** Structured channel pruning on its own (what pruneModel runs for method 'channels'): removes filters, rewrites consumers. */
export { pruneChannels } from './transforms/prune/channels/index';
/** Weight clustering (k-means per layer, dense or ONNX codebook storage) and Deep Compression storage sizes. */
export {
  checkClusterOptions,
  CLUSTER_DEFAULTS,
  clusterModel,
  compressedSize,
  MAX_CLUSTERS,
  MIN_CLUSTERS,
  type ClusterInit,
  type ClusterLayerReport,
  type ClusterOptions,
  type ClusterOverride,
  type ClusterReport,
  type ClusterResult,
  type ClusterStorage,
  type CompressedSize,
  type CompressedSizeInput,
} from './transforms/cluster/index';
/** Clean-up passes (fold BatchNormalization, fold constants, remove identities, dead nodes, fuse TFLite activations) and the runner. */
export {
  checkCleanupOptions,
  CLEANUP_PASSES,
  cleanupModel,
  foldBatchNorm,
  foldConstants,
  fuseActivations,
  removeDeadNodes,
  removeIdentities,
  type CleanupOptions,
  type CleanupPass,
  type CleanupPassReport,
  type CleanupReport,
  type CleanupResult,
} from './transforms/cleanup/index';

// --- recipes ---
/** Recipe files: check one (naming file, step and field) and write one back as stable, pretty JSON. */
export { parseRecipe, recipeToJson } from './recipes/index';
/** Runs a recipe's enabled steps in order with per-step progress and cancellation; a report per step. */
export { runRecipe, type RecipeRunResult, type RunRecipeOptions } from './recipes/index';
/** The built-in recipes ("int8 for TFLM", "Deep Compression", "Clean up only", "2:4 sparse + int8"). */
export { CLEAN_UP_ONLY, DEEP_COMPRESSION, INT8_FOR_TFLM, RECIPE_PRESETS, SPARSE_2_4_INT8 } from './recipes/index';
/** The recipe format: steps, reports, progress, and the version this code writes. */
export {
  RECIPE_VERSION,
  type QuantizeStepOptions,
  type Recipe,
  type RecipeProgress,
  type RecipeStep,
  type RecipeStepKind,
  type StepReport,
} from './recipes/index';

// --- execute ---
/** The pure-TS float reference executor (ONNX NCHW, TFLite NHWC): run a model, observe intermediates. */
export { runModel, runModelTensors, type AbortSignalLike, type RunOptions } from './execute/index';
/** Ops of a model the executor cannot run (check before running), and every op it can, per format. */
export { executableOps, unsupportedOps } from './execute/index';
/** Feeds (typed arrays, optionally with a shape) and run-time tensors (dtype, shape, float32 values). */
export type { Feed, FeedArray, RuntimeTensor } from './execute/index';
/** The executor's typed error (unsupported op or case, bad feed, shape mismatch, cancelled). */
export { ExecutionError, type ExecutionErrorCode } from './errors';

// --- data ---
/** NumPy .npy / .npz reading and writing. */
export { readNpy, readNpz, writeNpy, writeNpz, type NpyArray, type NpyData, type NpzContents } from './data/index';
/** Datasets (x and optional y) from .npy / .npz, class labels, row views. */
export { classLabels, datasetFromArrays, readDataset, rows, toNumbers, type Dataset } from './data/index';
/** Feeds for a model input from a dataset, batch by batch, with the shape and dtype adaptations noted. */
export { batches, type Batch, type BatchOptions, type BatchPlan, type InputSpec } from './data/index';
/** Calibration batches chosen the same way everywhere (seeded order, fixed batch size). */
export {
  CALIBRATION_BATCH,
  CALIBRATION_SEED,
  calibrationFeeds,
  dataInput,
  type CalibrationFeedOptions,
  type CalibrationFeeds,
} from './data/index';
/** The built-in MNIST digits (public/samples/mnist-digits.npz) and the MNIST sample's train / held-out split. */
export {
  MNIST_DIGIT_COUNT,
  MNIST_DIGITS_FILE,
  MNIST_SPLIT,
  mnistPixelValue,
  mnistSplit,
  readMnistDigits,
} from './data/index';
/** CSV datasets for tabular models (RFC 4180 reader; text labels become class indices). */
export { readCsvDataset, type CsvOptions, type CsvDelimiter } from './data/index';
/** Image folders (one sub-folder per class), dropped as files or a .zip: classes and items. */
export { isImagePath, listImageFolder, listImageZip, type ImageFolder, type ImageItem } from './data/index';
/** Image preprocessing (bilinear resize, grayscale/RGB, NCHW/NHWC, scale, mean/std) and its preview. */
export {
  defaultPreprocessing,
  preprocessImage,
  previewImage,
  sampleShape,
  type ImageLayout,
  type ImagePreprocessing,
  type RgbaImage,
} from './data/index';
/** An image folder decoded (by an injected decoder) and preprocessed into a dataset, with progress and cancel. */
export { imageDataset, type ImageCancelSignal, type ImageDecoder, type ImageProgress } from './data/index';
/** Typed error of dataset files and of data that does not fit a model. */
export { DatasetError, type DatasetErrorCode } from './errors';

// --- evaluate ---
/** Streaming metrics: top-1/top-5, per-class accuracy, confusion; agreement, MSE, SQNR, cosine; output statistics. */
export {
  argmax,
  ClassificationAccumulator,
  rankOf,
  ReferenceAccumulator,
  StatisticsAccumulator,
  type ClassAccuracy,
  type ClassificationMetrics,
  type OutputStatistics,
  type ReferenceMetrics,
  type ScoreRows,
} from './evaluate/index';
/** The evaluation driver over any runtime (`Runner`), its seeded sample subset, and fixed-batch splitting. */
export {
  evaluate,
  evaluationOrder,
  EVALUATION_SEED,
  withFixedBatch,
  type EvaluateOptions,
  type EvaluateSource,
  type EvaluationResult,
  type OutputTensor,
  type Runner,
} from './evaluate/index';

// --- evaluate/layers ---
/** Matching the layers of two family members (tensor names, then ONNX node ids / names) and the tensors holding their values. */
export {
  CONVERSION_OPS,
  effectiveTensor,
  integerParams,
  layerNodes,
  matchLayers,
  observedTensors,
  probeOf,
  type Dequantization,
  type LayerMatch,
  type LayerMatching,
  type LayerRef,
  type MatchedBy,
  type TensorProbe,
} from './evaluate/layers/index';
/** Per-layer error (SQNR, MSE, cosine, max |Δ|) of a model against a reference, batch by batch over any runners. */
export {
  measureLayerError,
  type LayerErrorMeasure,
  type LayerErrorOptions,
  type LayerErrorRow,
  type LayerErrorSource,
} from './evaluate/layers/index';
/** Intermediate tensors exposed: as extra graph outputs, or from the reference executor. */
export { observingExecutor, withGraphOutputs, type ObservingOptions } from './evaluate/layers/index';
/** Sensitivity analysis: one layer quantized at a time, ranked by accuracy or output SQNR lost; keep-float overrides. */
export {
  keepFloatOverrides,
  measureSensitivity,
  onlyLayerOverrides,
  quantizedLayers,
  rankLayers,
  type LoadedModel,
  type SensitivityMeasure,
  type SensitivityMetric,
  type SensitivityOptions,
  type SensitivityPlan,
  type SensitivityRow,
  type SensitivityScore,
  type SensitivitySource,
} from './evaluate/layers/index';

// --- export ---
/** The export contract: C array options, the subject described, generated text files, resolver, bundle entries. */
export type { BundleEntry, CArrayOptions, ExportSubject, TextFile, TflmResolver } from './export/index';
/** C header (or .h/.cc pair) of a model file, and the identifier rule for its array name. */
export { arrayName, cArrayFiles, cIdentifier } from './export/index';
/** TFLM MicroMutableOpResolver lines for exactly the ops a TFLite model uses; the op-to-method tables. */
export { TFLM_BUILTIN_METHODS, TFLM_CUSTOM_METHODS, tfliteOps, tflmResolver, type TflmOp } from './export/index';
/** TFLM example programs (main.cc, Arduino .ino) that use the header. */
export { exampleFiles } from './export/index';
/** report.md + report.json of a variant, and the JSON layout. */
export { REPORT_VERSION, reportFiles, reportJson, type ReportJson } from './export/index';
/** Arena to reserve (plan + margin + TFLM bookkeeping), flash taken by the array, and their defaults. */
export {
  arenaReserve,
  DEFAULT_ALIGNMENT,
  DEFAULT_ARENA_MARGIN_PERCENT,
  flashBytes,
  type ArenaReserve,
} from './export/index';
/** The deployment bundle: its files (model, header, examples, reports) and the .zip of them. */
export { bundleZip, exportBundle } from './export/index';
/** CRC-32 (zip/PNG polynomial) of bytes, as the header comment states it. */
export { crc32 } from './export/index';

// --- schedule optimisation (analysis/memory/schedule) ---
/** Operator order minimising peak live activation bytes (exact DP for small graphs, greedy/beam beyond), with its options and result. */
export { optimizeSchedule, type ScheduleOptions, type ScheduleResult } from './analysis/memory/schedule';
/** Peak live activation bytes of a given operator order, and whether an order is topological. */
export { isTopologicalOrder, schedulePeak } from './analysis/memory/schedule';
// --- plan report, fit advice, custom board, reorder nodes (helper B, issue 8) ---
/** The memory plan in the model's or the optimised order, with both peaks (what the CLI and the studio report). */
export {
  planMemory,
  type MemoryPlanOptions,
  type MemoryPlanReport,
  type ScheduleChoice,
  type ScheduleReport,
} from './analysis/memory/plan-report';
/** Needs of a model on a board and the changes that would make it fit; a user-described board. */
export {
  customDevice,
  fitAdvice,
  type FitAdvice,
  type FitAdviceInput,
  type FitNeeds,
  type FitSuggestion,
  type SuggestionId,
} from './devices/fit';
/** Memory sizes as users write them ("256K", "1M"; 1 K = 1024) and as the fit advice prints them. */
export { bytesText, parseByteSize } from './devices/byte-size';
/** The main graph's nodes in another (topological) execution order, e.g. the memory-optimised one. */
export { reorderNodes } from './transforms/schedule/index';
// --- in-place execution, fused activations, device catalogue (analysis/memory/in-place, devices) ---
/** Activations grouped into shared arena buffers (in-place element-wise/depthwise ops, fused activations). */
export {
  shareBuffers,
  type BufferSharing,
  type BufferSharingOptions,
  type SharedBuffer,
} from './analysis/memory/in-place';
/** Patch-based inference estimate (MCUNetV2): first layers run patch by patch, their peaks and extra MACs. */
export {
  estimatePatchInference,
  PATCH_PEAK_TOLERANCE,
  type PatchCandidate,
  type PatchEstimate,
  type PatchOptions,
  type PatchResult,
} from './analysis/memory/patch/estimate';
/** DESIGN.md's boards, lookup by name or alias, and the SRAM/flash fit rule. */
export {
  DEVICES,
  deviceFit,
  findDevice,
  RUNTIME_CODE_BYTES_ESTIMATE,
  type Device,
  type DeviceFit,
} from './devices/catalogue';

// --- graph editing (transforms/edit) ---
/** Applies one graph edit (pure; throws EditError naming the node or tensor), a list of them, or labels one. */
export { applyEdit, applyEdits, describeEdit, type EditsResult } from './transforms/edit/index';
/** Why an edit was refused: a TransformError with a finer, stable `reason`. */
export { EditError, type EditErrorReason } from './transforms/edit/index';
/** Edit operations from JSON (recipes, saved histories), checked field by field; every edit kind. */
export { EDIT_KINDS, parseEditOp, parseEditOps } from './transforms/edit/index';
/** The edit operations (JSON-friendly) and what applying one returns. */
export type {
  EditAttributeValue,
  EditContext,
  EditKind,
  EditOp,
  EditResult,
  InitializerChange,
  NpySource,
  OutputType,
} from './transforms/edit/index';
/** The operator catalogues (ONNX by opset, TFLite builtins from the schema): ports, arity, typed attributes. */
export {
  arity,
  hasCatalogue,
  ONNX_OPERATORS,
  operatorCatalogue,
  operatorSpec,
  TFLITE_OPERATORS,
  type AttributeKind,
  type AttributeSpec,
  type OperatorCategory,
  type OperatorSpec,
  type PortSpec,
} from './transforms/edit/index';
/** Problems of an edited model (structure, shapes, catalogue, format needs); export refuses one with errors. */
export {
  assertExportable,
  isExportable,
  validateModel,
  type ModelProblem,
  type ModelProblemCode,
} from './transforms/edit/index';
/** A recipe's 'edit' step: the edits applied and the result validated, with its report. */
export { runEditStep, type EditStepReport } from './transforms/edit/index';
