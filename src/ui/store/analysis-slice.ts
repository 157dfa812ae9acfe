// Per-layer analysis shown over the graph: a value per node (SQNR, a difference between two variants…)
// that colours the graph canvas, with the legend that explains it; and the analysis drawer's form, jobs
// and results (per-layer error, sensitivity).
import type {
  AnalysisProgress,
  LayerErrorResult,
  ModelId,
  PixelScale,
  SensitivityResult,
} from '../../workers/protocol';
import type { SliceCreator, UserError } from './types';

/** Node colours for one model's graph: `values[nodeId]` on a scale from `low` (worst) to `high` (best). */
export interface GraphTint {
  /** The model whose graph the values belong to (the tint shows only while it is shown). */
  readonly modelId: ModelId;
  /** What the values are, for the legend: "SQNR vs Original (dB)". */
  readonly title: string;
  readonly values: Readonly<Record<string, number>>;
  /** Values at the two ends of the colour scale; `low` is drawn as the worst (red), `high` as the best. */
  readonly low: number;
  readonly high: number;
  /** Unit appended to values in tooltips and the legend ("dB", "%"). */
  readonly unit?: string;
  /** Which view set it ("layer-error", "compare"…), so that view can tell its own colouring apart. */
  readonly source?: string;
}

/** What the analysis drawer holds; `null` fields take a default worked out from the family. */
export interface AnalysisForm {
  /** The member measured (default: the one shown, or the newest variant while the original is shown). */
  readonly modelId: ModelId | null;
  /** What it is measured against (default: its parent). */
  readonly referenceId: ModelId | null;
  /** Built-in MNIST digits or a .npz / .npy file (default: MNIST for MNIST-shaped inputs). */
  readonly data: 'mnist' | 'file' | null;
  readonly file: File | null;
  /** MNIST pixel range (default: the sample card's input range, else 0..1). */
  readonly pixelScale: PixelScale | null;
  /** Samples the per-layer error runs on. */
  readonly samples: number;
  /** Samples each one-layer model of the sensitivity analysis is scored on. */
  readonly sensitivitySamples: number;
  /** How many of the most sensitive layers "keep in float" keeps. */
  readonly keepCount: number;
}

/** An analysis job's state (per-layer error, sensitivity, or making the keep-in-float variant). */
export type AnalysisJob =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly progress: AnalysisProgress | null }
  | { readonly status: 'done'; readonly variantId?: ModelId }
  | { readonly status: 'failed'; readonly error: UserError }
  | { readonly status: 'cancelled' };

/** Which of the drawer's jobs. */
export type AnalysisJobKind = 'layers' | 'sensitivity' | 'keep';

export interface AnalysisSlice {
  /** The colouring over the graph, or null for the usual operator-family colours. */
  graphTint: GraphTint | null;
  setGraphTint(tint: GraphTint | null): void;
  analysisOpen: boolean;
  analysisForm: AnalysisForm;
  analysisJobs: Readonly<Record<AnalysisJobKind, AnalysisJob>>;
  /** The latest per-layer error and sensitivity results (shown while their members are open). */
  layerError: LayerErrorResult | null;
  sensitivity: SensitivityResult | null;
  setAnalysisOpen(open: boolean): void;
  updateAnalysisForm(patch: Partial<AnalysisForm>): void;
  setAnalysisJob(kind: AnalysisJobKind, job: AnalysisJob): void;
  /** Progress of a running job (ignored when it is not running). */
  setAnalysisProgress(kind: AnalysisJobKind, progress: AnalysisProgress): void;
  setLayerError(result: LayerErrorResult | null): void;
  setSensitivity(result: SensitivityResult | null): void;
}

export const DEFAULT_ANALYSIS_FORM: AnalysisForm = {
  modelId: null,
  referenceId: null,
  data: null,
  file: null,
  pixelScale: null,
  samples: 64,
  sensitivitySamples: 128,
  keepCount: 1,
};

const IDLE: AnalysisJob = { status: 'idle' };

export const createAnalysisSlice: SliceCreator<AnalysisSlice> = (set) => ({
  graphTint: null,
  setGraphTint: (graphTint) => set({ graphTint }),
  analysisOpen: false,
  analysisForm: DEFAULT_ANALYSIS_FORM,
  analysisJobs: { layers: IDLE, sensitivity: IDLE, keep: IDLE },
  layerError: null,
  sensitivity: null,
  // The drawers take the same place: one open at a time.
  setAnalysisOpen: (analysisOpen) =>
    set(
      analysisOpen
        ? { analysisOpen, quantizeOpen: false, recipeOpen: false, evaluateOpen: false, variantsOpen: false }
        : { analysisOpen },
    ),
  updateAnalysisForm: (patch) => set((state) => ({ analysisForm: { ...state.analysisForm, ...patch } })),
  setAnalysisJob: (kind, job) => set((state) => ({ analysisJobs: { ...state.analysisJobs, [kind]: job } })),
  setAnalysisProgress: (kind, progress) =>
    set((state) =>
      state.analysisJobs[kind].status === 'running'
        ? { analysisJobs: { ...state.analysisJobs, [kind]: { status: 'running', progress } } }
        : {},
    ),
  setLayerError: (layerError) => set({ layerError }),
  setSensitivity: (sensitivity) => set({ sensitivity }),
});
