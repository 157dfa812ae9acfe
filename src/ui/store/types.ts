import type { StateCreator } from 'zustand';
import type {
  GraphView,
  LayoutDirection,
  LayoutResult,
  ModelSummary,
  Progress,
  TensorStatsView,
} from '../../workers/protocol';
import type { ErrorCode } from '../messages';

/** What a gallery sample's card (public/samples/<id>.json) tells about it. */
export interface SampleCard {
  readonly description?: string;
  readonly architecture?: string;
  readonly trainedOn?: string;
  readonly heldOut?: { readonly samples?: number; readonly top1?: number };
}

/** A model the studio has open: what the engine said about it (and its card, for a sample). */
export interface OpenModel {
  readonly summary: ModelSummary;
  readonly graph: GraphView;
  readonly card?: SampleCard;
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

export interface StatsSlice {
  /** Weight statistics by `${modelId}/${tensorId}`. */
  stats: Readonly<Record<string, StatsEntry>>;
  setStats(key: string, entry: StatsEntry): void;
}

export interface UiSlice {
  helpOpen: boolean;
  chartsOpen: boolean;
  samples: readonly SampleEntry[] | null;
  setHelpOpen(open: boolean): void;
  setChartsOpen(open: boolean): void;
  setSamples(samples: readonly SampleEntry[]): void;
}

export type StudioState = ModelSlice & GraphSlice & SelectionSlice & SearchSlice & StatsSlice & UiSlice;

/** A slice creator over the combined state (zustand "slices pattern"), under the combined middleware. */
export type SliceCreator<Slice> = StateCreator<StudioState, [['zustand/subscribeWithSelector', never]], [], Slice>;

/** Key of a tensor's statistics in the stats slice. */
export const statsKey = (modelId: string, tensorId: string): string => `${modelId}/${tensorId}`;
