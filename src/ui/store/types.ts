import type { StateCreator } from 'zustand';
import type { CalibrationMethod, Granularity, LayerOverride, QuantizeMode, OnnxQuantFormat, Recipe } from '../../core';
import type {
  GraphView,
  LayoutDirection,
  LayoutResult,
  ModelId,
  ModelSummary,
  PixelScale,
  Progress,
  TensorStatsView,
  VariantInfo,
  WeightComparison,
} from '../../workers/protocol';
import type { RecipeDoc, RecipeEdit } from '../features/recipe/edit';
import type { ErrorCode } from '../messages';
import type { AnalysisSlice } from './analysis-slice';
import type { EditSlice } from './edit-slice';
import type { EvaluateSlice } from './evaluate-slice';
import type { VariantsViewSlice } from './variants-view-slice';

/** What a gallery sample's card (public/samples/<id>.json) tells about it. */
export interface SampleCard {
  readonly description?: string;
  readonly architecture?: string;
  readonly trainedOn?: string;
  readonly heldOut?: { readonly samples?: number; readonly top1?: number };
  /** The value range the model's input expects (e.g. pixels in 0..1), when the card says. */
  readonly inputRange?: PixelScale;
}

/** A model the studio has open: what the engine said about it (and its card, for a sample). */
export interface OpenModel {
  readonly summary: ModelSummary;
  readonly graph: GraphView;
  readonly card?: SampleCard;
  /** Set for a variant: how it was derived and what that did. */
  readonly variant?: VariantInfo;
}

/** A model being opened. */
export interface LoadState {
  readonly fileName: string;
  readonly progress: Progress | null;
}

/** A failure shown to the user; `message` is the engine's sentence naming the file and the problem. */
export interface UserError {
  readonly code: ErrorCode;
  readonly fileName?: string;
  readonly message: string;
}

/** An entry of the samples gallery (public/samples/index.json). */
export interface SampleEntry {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  readonly card?: string;
  readonly description?: string;
}

export interface ModelSlice {
  model: OpenModel | null;
  loading: LoadState | null;
  error: UserError | null;
  startLoading(fileName: string): void;
  setProgress(progress: Progress): void;
  stopLoading(): void;
  /** Replaces the open model (and resets selection, search and statistics). */
  setModel(model: OpenModel, layout: LayoutResult): void;
  setError(error: UserError | null): void;
}

export interface GraphSlice {
  direction: LayoutDirection;
  layout: LayoutResult | null;
  layoutPending: boolean;
  /** Bumped to ask the canvas to fit the whole graph. */
  fitSeq: number;
  /** Draws the canvas overview instead of DOM nodes, ahead of a programmatic zoom far out. */
  forceOverview: boolean;
  setLayout(layout: LayoutResult): void;
  setForceOverview(force: boolean): void;
  setLayoutPending(pending: boolean): void;
  requestFit(): void;
}

export interface FocusRequest {
  readonly nodeId: string;
  readonly seq: number;
}

export interface SelectionSlice {
  selectedNodeId: string | null;
  /** The node the canvas should centre on next (seq makes repeated requests distinct). */
  focus: FocusRequest | null;
  select(nodeId: string | null, options?: { focus?: boolean }): void;
}

export interface SearchSlice {
  searchQuery: string;
  searchHits: readonly string[];
  /** Index into searchHits of the current hit, -1 before the first jump. */
  searchIndex: number;
  setSearchQuery(query: string): void;
  /** Moves to the next (+1) or previous (-1) hit, selecting and centring it. */
  searchStep(delta: 1 | -1): void;
  clearSearch(): void;
}

export type StatsEntry =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly stats: TensorStatsView }
  | { readonly status: 'error'; readonly message: string };

export type ComparisonEntry =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly comparison: WeightComparison | null }
  | { readonly status: 'error'; readonly message: string };

export interface StatsSlice {
  /** Weight statistics by `${modelId}/${tensorId}`. */
  stats: Readonly<Record<string, StatsEntry>>;
  /** A variant's weights against its parent's, by `${modelId}/${nodeId}`. */
  comparisons: Readonly<Record<string, ComparisonEntry>>;
  setStats(key: string, entry: StatsEntry): void;
  setComparison(key: string, entry: ComparisonEntry): void;
}

export interface UiSlice {
  helpOpen: boolean;
  chartsOpen: boolean;
  samples: readonly SampleEntry[] | null;
  setHelpOpen(open: boolean): void;
  setChartsOpen(open: boolean): void;
  setSamples(samples: readonly SampleEntry[]): void;
}

/** One member of the open model's family: the original, or a variant derived from it. */
export interface VariantEntry {
  readonly id: ModelId;
  /** "Original", or the variant's label ("int8 static"). */
  readonly label: string;
  readonly model: OpenModel;
  /** Its most recent layout. */
  readonly layout: LayoutResult;
}

export interface VariantsSlice {
  /** The open model's family: the original first, then its variants in the order they were made. */
  variants: readonly VariantEntry[];
  /** Adds a variant to the family and shows it; ignored when its parent is no longer open. */
  addVariant(model: OpenModel & { readonly variant: VariantInfo }, layout: LayoutResult): void;
  /** Shows another member of the family; the selection stays when that node exists there too. */
  showVariant(id: ModelId): void;
}

/** What the quantize panel holds; `null` fields take a default worked out from the model. */
export interface QuantizeForm {
  readonly mode: QuantizeMode;
  readonly granularity: Granularity;
  readonly symmetric: boolean;
  /** int8 static on ONNX: QuantizeLinear/DequantizeLinear pairs (QDQ) or integer operators (QOperator). */
  readonly onnxFormat: OnnxQuantFormat;
  /** int8 static on TFLite: int8 inputs and outputs (what TFLM wants) or float ones. */
  readonly ioType: 'int8' | 'float';
  readonly method: CalibrationMethod;
  /** For 'percentile': the share of values kept, in percent. */
  readonly percentile: number;
  /** Built-in MNIST digits, or a .npz / .npy file (default: MNIST for MNIST-shaped inputs). */
  readonly data: 'mnist' | 'file' | null;
  readonly file: File | null;
  readonly samples: number;
  /** MNIST pixel range (default: the sample card's input range, else 0..1). */
  readonly pixelScale: PixelScale | null;
  /** Per-layer overrides by node id of the original model. */
  readonly overrides: Readonly<Record<string, LayerOverride>>;
}

export type QuantizeJob =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly baseId: ModelId; readonly progress: Progress | null }
  | { readonly status: 'done'; readonly variantId: ModelId }
  | { readonly status: 'failed'; readonly error: UserError }
  | { readonly status: 'cancelled' };

export interface QuantizeSlice {
  quantizeOpen: boolean;
  quantizeForm: QuantizeForm;
  quantizeJob: QuantizeJob;
  setQuantizeOpen(open: boolean): void;
  updateQuantizeForm(patch: Partial<QuantizeForm>): void;
  /** Sets (or with null clears) a layer's override. */
  setLayerOverride(nodeId: string, override: LayerOverride | null): void;
  setQuantizeJob(job: QuantizeJob): void;
  /** Progress of the running job (ignored when none runs). */
  setQuantizeProgress(progress: Progress): void;
}

/** The data a recipe's static int8 step calibrates on (the step itself holds the range method). */
export interface RecipeData {
  /** Built-in MNIST digits, or a .npz / .npy file (default: MNIST for MNIST-shaped inputs). */
  readonly data: 'mnist' | 'file' | null;
  readonly file: File | null;
  readonly samples: number;
  readonly pixelScale: PixelScale | null;
}

export type RecipeJob =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly baseId: ModelId;
      /** The recipe as it was sent (edits made meanwhile do not change what runs). */
      readonly recipe: Recipe;
      readonly progress: Progress | null;
      /** Steps that finished, by index. */
      readonly done: readonly number[];
    }
  /** `recipe` is the recipe that ran: while the editor still shows it, its steps show as done. */
  | { readonly status: 'done'; readonly variantId: ModelId; readonly recipe: Recipe }
  | { readonly status: 'failed'; readonly error: UserError; readonly step?: number }
  | { readonly status: 'cancelled' };

export interface RecipeSlice {
  recipeOpen: boolean;
  recipeDoc: RecipeDoc;
  recipeData: RecipeData;
  /** The built-in recipes, once the engine has listed them. */
  recipePresets: readonly Recipe[] | null;
  /** A problem with an imported file or an export, shown in the panel until the next one. */
  recipeNotice: UserError | null;
  recipeJob: RecipeJob;
  setRecipeOpen(open: boolean): void;
  editRecipe(edit: RecipeEdit): void;
  undoRecipe(): void;
  redoRecipe(): void;
  selectRecipeStep(index: number): void;
  updateRecipeData(patch: Partial<RecipeData>): void;
  setRecipePresets(presets: readonly Recipe[]): void;
  setRecipeNotice(notice: UserError | null): void;
  setRecipeJob(job: RecipeJob): void;
  /** Progress of the running recipe (ignored when none runs); a new step marks the ones before it done. */
  setRecipeProgress(progress: Progress): void;
}

export type StudioState = ModelSlice &
  GraphSlice &
  SelectionSlice &
  SearchSlice &
  StatsSlice &
  UiSlice &
  VariantsSlice &
  QuantizeSlice &
  RecipeSlice &
  EvaluateSlice &
  AnalysisSlice &
  VariantsViewSlice &
  EditSlice;

/** A slice creator over the combined state (zustand "slices pattern"), under the combined middleware. */
export type SliceCreator<Slice> = StateCreator<StudioState, [['zustand/subscribeWithSelector', never]], [], Slice>;

/** Key of a node's weight comparison in the stats slice. */
export const comparisonKey = (modelId: string, nodeId: string): string => `${modelId}/${nodeId}`;

/** Key of a tensor's statistics in the stats slice. */
export const statsKey = (modelId: string, tensorId: string): string => `${modelId}/${tensorId}`;
