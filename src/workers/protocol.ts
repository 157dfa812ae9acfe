/**
 * The engine protocol: every request, response and progress type exchanged between the UI and the engine
 * worker, in one place. The worker implements `EngineApi` (engine.ts); the UI only ever sees the
 * `EngineClient` of client.ts, which maps AbortSignals to `cancel(jobId)` and failures to `EngineError`.
 *
 * Everything here is plain structured-clonable data: DTOs the UI renders as they are, with no IR objects
 * crossing the boundary (the IR stays in worker memory, keyed by model id).
 */
import type {
  CalibrationMethod,
  DatasetError,
  Dim,
  DType,
  EvaluationResult,
  ExecutionError,
  FormatId,
  Granularity,
  KeyValue,
  LayerOverride,
  ModelFormatError,
  OnnxQuantFormat,
  QuantizeMode,
  QuantizeReport,
  Recipe,
  RecipeStepKind,
  ShapeError,
  StepReport,
  TensorStats,
  TransformError,
} from '../core';

/** Identifies one request so it can be cancelled. */
export type JobId = string;

/**
 * A job's cancel flag in shared memory (an Int32Array(1) over a SharedArrayBuffer): the page raises it on
 * cancel and the engine reads it between layers, so a cancel lands inside a synchronous step. Sent only
 * when the page is cross-origin isolated; cancel(jobId) is sent either way (cancel-flag.ts).
 */
export type CancelFlag = Int32Array;

/** Identifies a model kept open in the engine's memory. */
export type ModelId = string;

/** Graph layout direction: top-to-bottom (default) or left-to-right. */
export type LayoutDirection = 'TB' | 'LR';

/** Coarse operator families; nodes are coloured by them and the legend lists them. */
export type OpFamily =
  | 'conv'
  | 'linear'
  | 'activation'
  | 'normalization'
  | 'pooling'
  | 'elementwise'
  | 'reshape'
  | 'quantization'
  | 'constant'
  | 'control'
  | 'other';

/** Stages of the work the UI reports progress for. */
export type ProgressPhase =
  | 'read'
  | 'parse'
  | 'shapes'
  | 'analysis'
  | 'graph'
  | 'layout'
  | 'stats'
  | 'calibrate'
  | 'quantize'
  | 'write'
  | 'step'
  | 'evaluate';

/** Which step of a recipe is running (phase 'step'). */
export interface StepProgress {
  /** Index into the recipe's steps (disabled steps included, as the editor lists them). */
  readonly index: number;
  /** How many steps the recipe has. */
  readonly count: number;
  readonly kind: RecipeStepKind;
}

/** One progress report; `fraction` is in 0..1 for the current phase (for phase 'step': of that step). */
export interface Progress {
  readonly phase: ProgressPhase;
  readonly fraction: number;
  /** The file being worked on, when there is one. */
  readonly fileName?: string;
  /** Set while a recipe step runs. */
  readonly step?: StepProgress;
}

/** Receives progress reports (through the worker boundary it is a Comlink proxy). */
export type ProgressSink = (progress: Progress) => void;

/** A file handed to the engine; `bytes` is transferred, not copied, and is unusable by the sender afterwards. */
export interface InputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/** Codes of every failure the engine reports: the core's own plus the engine's. */
export type EngineErrorCode =
  | ModelFormatError['code']
  | ShapeError['code']
  | TransformError['code']
  | DatasetError['code']
  | ExecutionError['code']
  | 'unknown-model'
  | 'unknown-tensor'
  | 'no-data'
  | 'invalid-recipe'
  | 'internal';

/**
 * A failure as it crosses the worker boundary (Comlink keeps only name/message of real Errors, so the
 * engine throws this plain object instead). The client turns it back into an `EngineError`.
 */
export interface EngineFailure {
  readonly kind: 'engine-failure';
  readonly code: EngineErrorCode;
  /** The core's own sentence, naming the file / node / tensor. */
  readonly message: string;
  /** What was wrong: a file name, a node, a tensor. */
  readonly subject?: string;
}

/** A tensor as the UI shows it. */
export interface TensorInfo {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  /** Declared or inferred shape; undefined when unknown. */
  readonly shape?: readonly Dim[];
  /** Human form, e.g. `1×3×224×224`. */
  readonly shapeText: string;
  /** A constant (weight) whose values the engine can summarise. */
  readonly isConstant: boolean;
  /** Bytes of the tensor (constants: stored bytes; activations: dense bytes at batch 1), when known. */
  readonly bytes?: number;
  /** Affine quantization of the stored values: real = scale × (q − zero_point). */
  readonly quant?: QuantView;
}

/** Quantization parameters as the inspector shows them (per tensor, or per channel along `axis`). */
export interface QuantView {
  /** Set for per-channel (per-axis) quantization. */
  readonly axis?: number;
  /** How many (scale, zero point) pairs there are: 1 per tensor, else one per channel. */
  readonly channels: number;
  /** The first parameters (a few dozen at most; the ranges cover all of them). */
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly scaleRange: readonly [number, number];
  readonly zeroPointRange: readonly [number, number];
}

/** The headline figures of a model (DESIGN.md, "Definitions"). */
export interface ModelMetrics {
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  /** Index into `timeline` (and the node order) where the peak occurs. */
  readonly peakStep: number;
}

/** One row of the per-layer table / charts. */
export interface LayerRow {
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly outputBytes: number;
  readonly outputShapes: readonly string[];
}

/** What the model panel and the charts show about an opened model. */
export interface ModelSummary {
  readonly modelId: ModelId;
  /** The main file's name. */
  readonly fileName: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly format: FormatId;
  readonly formatName: string;
  readonly producer?: string;
  readonly irVersion?: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly graphName: string;
  readonly docString?: string;
  readonly metadata: readonly KeyValue[];
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly nodeCount: number;
  /** Operator histogram, most frequent first. */
  readonly ops: readonly { readonly op: string; readonly count: number }[];
  readonly metrics: ModelMetrics;
  readonly layers: readonly LayerRow[];
  /** Live activation bytes at each step (one step per node, in schedule order). */
  readonly timeline: Float64Array;
  /** Node id executed at each step of `timeline`. */
  readonly stepNodeIds: readonly string[];
  /** Things shape inference could not settle (never fatal), as sentences. */
  readonly warnings: readonly string[];
  /** How long each stage took in the engine, in ms. */
  readonly timings: Readonly<Record<'parse' | 'shapes' | 'analysis', number>>;
}

/** An attribute rendered for display: `value` is plain text, never HTML. */
export interface AttributeView {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** A node's input or output. */
export interface PortView extends TensorInfo {
  /** Position among the node's inputs/outputs. */
  readonly index: number;
}

/** What a graph node is: an operator, or a pseudo node for a graph input/output. */
export type GraphNodeKind = 'op' | 'input' | 'output';

export interface GraphNodeView {
  /** Unique within the view; equals the IR node id for operators. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  readonly op: string;
  readonly domain: string;
  readonly family: OpFamily;
  readonly inputs: readonly PortView[];
  readonly outputs: readonly PortView[];
  readonly attributes: readonly AttributeView[];
  /** An activation the format fuses into the operator (TFLite fused_activation_function, TF.js fused_ops). */
  readonly fusedActivation?: string;
  /** What a recipe did to this node's weight (variants only): channels removed, share of zeros. */
  readonly badges?: readonly NodeBadge[];
  readonly docString?: string;
  /** Size the node is laid out and drawn at. */
  readonly width: number;
  readonly height: number;
}

/**
 * A mark on a node of a variant: 'channels' when structured pruning removed output channels (`before` →
 * `after`), 'zeros' when its weight is sparse (`sparsity` in 0..1 of the weight's values are zero).
 */
export type NodeBadge =
  | { readonly kind: 'channels'; readonly before: number; readonly after: number }
  | { readonly kind: 'zeros'; readonly sparsity: number };

export interface GraphEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly tensorId: string;
  /** Shape label, e.g. `1×32×28×28`. */
  readonly label: string;
}

/** The graph as the canvas draws it (positions come separately from `layout`). */
export interface GraphView {
  readonly modelId: ModelId;
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly GraphEdgeView[];
}

/** Node positions for one direction. */
export interface LayoutResult {
  readonly modelId: ModelId;
  readonly direction: LayoutDirection;
  /** Top-left x, y of each node, in `GraphView.nodes` order: [x0, y0, x1, y1, …] (transferred). */
  readonly positions: Float64Array;
  readonly width: number;
  readonly height: number;
  /** Which layout ran: ELK's layered algorithm at full quality, its fast settings, or a fallback. */
  readonly algorithm: 'elk-layered' | 'elk-fast' | 'fallback';
  readonly elapsedMs: number;
}

/** Statistics of a constant tensor's values (the core's TensorStats, labelled for the inspector). */
export interface TensorStatsView extends TensorStats {
  /** True when the statistics are of the real (dequantized) values rather than the stored integers. */
  readonly dequantized: boolean;
  readonly modelId: ModelId;
  readonly tensorId: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shapeText: string;
}

/** Result of opening a model: its summary and its graph (without positions). */
export interface OpenResult {
  readonly summary: ModelSummary;
  readonly graph: GraphView;
}

/** The quantization settings a user picks (the core's QuantizeOptions without calibrated ranges). */
export interface QuantizeSettings {
  readonly mode: QuantizeMode;
  readonly granularity?: Granularity;
  readonly symmetric?: boolean;
  readonly blockSize?: number;
  readonly activationDType?: 'int8' | 'uint8';
  /** int8 static on ONNX: QDQ (default) or QOperator form. */
  readonly onnxFormat?: OnnxQuantFormat;
  /** int8 static on TFLite: int8 (default) or float inputs and outputs. */
  readonly ioType?: 'int8' | 'float';
  /** Per-layer overrides by node id of the model being quantized. */
  readonly overrides?: Readonly<Record<string, LayerOverride>>;
}

/** Pixel range the built-in MNIST digits are fed in: the package's 0..1 values, or the raw 0..255 grey levels. */
export type PixelScale = '0..1' | '0..255';

/**
 * Where calibration data comes from: the built-in MNIST digits (the UI fetches public/samples/mnist-digits.npz
 * and hands its bytes over), or a .npz / .npy file the user chose. Either way the bytes are transferred.
 */
export type CalibrationSource =
  | { readonly kind: 'mnist'; readonly file: InputFile; readonly pixelScale: PixelScale }
  | { readonly kind: 'file'; readonly file: InputFile };

export interface CalibrationRequest {
  readonly source: CalibrationSource;
  /** Calibrate on at most this many samples (MNIST: the sample model's training digits, in split order). */
  readonly samples: number;
  readonly method: CalibrationMethod;
  /** For 'percentile': the share of values kept, in percent. */
  readonly percentile?: number;
}

/** One quantization: the settings, and calibration data for static int8. */
export interface QuantizeRequest {
  readonly settings: QuantizeSettings;
  readonly calibration?: CalibrationRequest;
}

/** How calibration went, as a recipe records it (data named, never carried). */
export interface CalibrationRecord {
  /** 'mnist' or the data file's name. */
  readonly data: string;
  readonly pixelScale?: PixelScale;
  readonly samples: number;
  readonly batches: number;
  readonly method: CalibrationMethod;
  readonly percentile?: number;
  /** How the data was fitted to the model input (casts, singleton dims), as sentences. */
  readonly notes: readonly string[];
}

/**
 * One step of a variant's lineage (DESIGN.md, "Definitions"): how it was derived from its parent — a
 * quantization from the quantize panel, or a whole recipe run from the recipe editor.
 */
export type RecipeStep =
  | {
      readonly kind: 'quantize';
      readonly options: QuantizeSettings;
      readonly calibration?: Omit<CalibrationRecord, 'notes' | 'batches'>;
    }
  | {
      readonly kind: 'recipe';
      readonly recipe: Recipe;
      readonly calibration?: Omit<CalibrationRecord, 'notes' | 'batches'>;
    };

interface VariantBase {
  readonly modelId: ModelId;
  /** The model it was made from. */
  readonly parentId: ModelId;
  /** Short name for the variants switcher, e.g. "int8 static" or a recipe's name. */
  readonly label: string;
  /** Every step from the original model to this one, in order. */
  readonly recipe: readonly RecipeStep[];
  readonly calibration?: CalibrationRecord;
  /** Stored bytes of the variant's file(s) and of its parent's. */
  readonly fileBytes: number;
  readonly parentFileBytes: number;
}

/** A variant made by the quantize panel. */
export interface QuantizeVariantInfo extends VariantBase {
  readonly kind: 'quantize';
  readonly report: QuantizeReport;
  /** Time spent in the engine, in ms. */
  readonly timings: Readonly<Record<'calibrate' | 'quantize' | 'write' | 'total', number>>;
}

/** A layer's weight in a variant: how sparse it is, and what pruning did to its channels. */
export interface WeightLayerView {
  /** The compute node reading the weight, in the variant's graph. */
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  /** The weight's tensor id in the variant (behind a DequantizeLinear for quantized ONNX). */
  readonly tensorId: string;
  readonly elements: number;
  readonly zeros: number;
  /** zeros / elements (of the real values: a quantized zero is the zero point). */
  readonly sparsity: number;
  /** Output channels before and after structured pruning, when a step removed some. */
  readonly channelsBefore?: number;
  readonly channelsAfter?: number;
  /** Clusters its values were shared into, when a cluster step clustered it. */
  readonly clusters?: number;
}

/** A variant made by running a recipe. */
export interface RecipeVariantInfo extends VariantBase {
  readonly kind: 'recipe';
  /** The recipe as it ran. */
  readonly recipeRun: Recipe;
  /** What each step did (a skipped step says why), in recipe order. */
  readonly steps: readonly StepReport[];
  /** The weights of the variant's layers, in node order. */
  readonly layers: readonly WeightLayerView[];
  /** Time spent in the engine, in ms: per step (recipe order; 0 for steps that did not run), writing, total. */
  readonly timings: { readonly steps: readonly number[]; readonly write: number; readonly total: number };
}

/** A model derived from another one; the engine keeps it open like any model. */
export type VariantInfo = QuantizeVariantInfo | RecipeVariantInfo;

/** A new variant: what opening it would have returned, and how it was made. */
export interface VariantResult<V extends VariantInfo = VariantInfo> extends OpenResult {
  readonly variant: V;
}

/** A recipe run: the recipe, and calibration data when it has a static int8 quantize step. */
export interface RecipeRequest {
  readonly recipe: Recipe;
  readonly calibration?: CalibrationRequest;
}

/** Where the values of a weight fall before and after a variant changed them, on common bins. */
export interface WeightComparison {
  readonly modelId: ModelId;
  readonly parentId: ModelId;
  /** The compute node in the variant, and the weight's tensor in the variant and in the parent. */
  readonly nodeId: string;
  readonly tensor: WeightTensorView;
  readonly parentTensor: WeightTensorView;
  /** bins + 1 ascending edges shared by both histograms. */
  readonly edges: readonly number[];
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly beforeSummary: WeightSummary;
  readonly afterSummary: WeightSummary;
  /** Values the variant's weights are restricted to: cluster centroids, or the quantization grid. */
  readonly markers?: {
    readonly kind: 'centroids' | 'grid';
    readonly values: readonly number[];
    /** What the markers are, as a sentence ("16 centroids of the cluster step"). */
    readonly note: string;
  };
}

/** A weight's tensor, as a comparison names it. */
export interface WeightTensorView {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shapeText: string;
}

/** Counts of one side of a weight comparison. */
export interface WeightSummary {
  readonly count: number;
  readonly zeros: number;
  readonly min: number;
  readonly max: number;
  /** Distinct real values (capped at 4,097: past 4,096 it only says "many"). */
  readonly distinct: number;
}

/**
 * What to evaluate a model on: the built-in MNIST digits (all 10,000, or a seeded subset of `samples`) or a
 * .npz / .npy file with `x` and optional `y`; the bytes are transferred. Values become (x·scale − mean) / std.
 */
export interface EvaluateRequest {
  readonly source: CalibrationSource;
  readonly samples?: number;
  readonly scale?: number;
  readonly mean?: number;
  readonly std?: number;
  /** Another open model run on the same samples: agreement, MSE, SQNR, cosine against it. */
  readonly referenceId?: ModelId;
  /** Samples per run (default 64; models with a fixed batch dim are run that many at a time). */
  readonly batchSize?: number;
}

/** An evaluation's results (fractions 0..1) and where the time went, in ms. */
export interface EvaluateResult {
  readonly modelId: ModelId;
  readonly referenceId?: ModelId;
  /** 'mnist' or the data file's name. */
  readonly data: string;
  /** The runtime the model ran in, e.g. "onnxruntime-web (wasm, 4 threads)". */
  readonly runtime: string;
  readonly result: EvaluationResult;
  readonly timings: Readonly<Record<'load' | 'run' | 'total', number>>;
}

/** A model's file(s) as they would be saved (transferred). */
export interface OutputFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
}

/**
 * The engine's API. Every long call takes a job id first: `cancel(jobId)` asks it to stop, and it then
 * rejects with code 'cancelled' at its next checkpoint. Calls whose core work checks a cancel signal
 * (quantize, runRecipe, evaluate) also take the job's shared `cancelFlag` last, which stops them mid-step. Failures
 * reject with an `EngineFailure`.
 */
export interface EngineApi {
  /** Parses the files (main model plus companions), infers shapes, analyses, and keeps the model open. */
  openModel(jobId: JobId, files: readonly InputFile[], onProgress?: ProgressSink): Promise<OpenResult>;
  /** Lays out the model's graph in the given direction. */
  layout(jobId: JobId, modelId: ModelId, direction: LayoutDirection, onProgress?: ProgressSink): Promise<LayoutResult>;
  /** Value statistics and a histogram of a constant tensor. */
  tensorStats(jobId: JobId, modelId: ModelId, tensorId: string, bins: number): Promise<TensorStatsView>;
  /**
   * Quantizes an open model into a new variant (calibrating first for static int8), kept open beside its
   * parent, which is never changed. Phases: calibrate (per batch), quantize, write, analysis, graph.
   */
  quantize(
    jobId: JobId,
    modelId: ModelId,
    request: QuantizeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<QuantizeVariantInfo>>;
  /**
   * Runs a recipe on an open model into a new variant, kept open beside its parent (never changed). Phases:
   * step (per step, with its index and the share of it done), write, shapes, analysis, graph.
   */
  runRecipe(
    jobId: JobId,
    modelId: ModelId,
    request: RecipeRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<VariantResult<RecipeVariantInfo>>;
  /**
   * Evaluates an open model (or variant) on a dataset in the worker's runtime (ONNX: onnxruntime-web),
   * optionally against a reference model. Phase: evaluate (per batch); a cancel lands between batches.
   */
  evaluate(
    jobId: JobId,
    modelId: ModelId,
    request: EvaluateRequest,
    onProgress?: ProgressSink,
    cancelFlag?: CancelFlag,
  ): Promise<EvaluateResult>;
  /** The built-in recipes (presets). */
  recipePresets(): Promise<Recipe[]>;
  /** Checks a recipe file's text; rejects with 'invalid-recipe' naming the file, the step and the field. */
  parseRecipe(text: string, fileName: string): Promise<Recipe>;
  /** A recipe as the text of its .json file. */
  recipeToJson(recipe: Recipe): Promise<string>;
  /**
   * Histograms of a variant node's weight and of the same weight in the variant's parent, on common bins,
   * with the cluster centroids or quantization grid it was restricted to; null when the node has no weight
   * (or no counterpart in the parent).
   */
  compareWeights(jobId: JobId, modelId: ModelId, nodeId: string, bins: number): Promise<WeightComparison | null>;
  /** The files of an open model as the studio would save them (a variant: its quantized file). */
  modelFiles(jobId: JobId, modelId: ModelId): Promise<OutputFile[]>;
  /** Forgets a model and every variant derived from it. */
  closeModel(modelId: ModelId): Promise<void>;
  /** Ids of the models kept open. */
  openModels(): Promise<ModelId[]>;
  /** Asks a running job to stop. Unknown or finished jobs are ignored. */
  cancel(jobId: JobId): Promise<void>;
}

/** True for the plain failure objects the engine throws. */
export function isEngineFailure(value: unknown): value is EngineFailure {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'engine-failure';
}
