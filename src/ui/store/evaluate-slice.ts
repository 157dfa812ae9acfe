// Evaluations of the open family's members: the latest result of each, kept until another model is opened;
// and the evaluate panel's form, data preview and running job.
import type { ImageLayout } from '../../core';
import type { DataPreview, EvaluateResult, ModelId, PixelScale, Progress } from '../../workers/protocol';
import type { SliceCreator, UserError } from './types';

/** One evaluation of a family member, as the studio keeps (and saves) it. */
export interface EvaluationRecord {
  readonly modelId: ModelId;
  readonly result: EvaluateResult;
  /** What it ran on, as the user reads it: "MNIST digits (10,000, 0..255)", "flowers.zip (1,200 images)". */
  readonly dataLabel: string;
  /** When it finished (ms since the epoch). */
  readonly finishedAt: number;
  /** The data's class names by label, when it names them (image folders, text labels in a CSV). */
  readonly classes?: readonly string[];
}

/** Where evaluation data comes from: the built-in digits, a .npz / .npy file, a CSV file, or images. */
export type EvaluateDataKind = 'mnist' | 'file' | 'csv' | 'images';

/** A folder of images (its files with paths relative to it) or one .zip, as the user chose it. */
export interface ImageSet {
  /** The folder's or the archive's name. */
  readonly name: string;
  /** Each file with its path ("flowers/daisy/1.jpg"; a zip: just its name). */
  readonly files: readonly { readonly path: string; readonly file: File }[];
  readonly zip: boolean;
}

/** Image preprocessing as typed in the panel; `null` fields take the default fitted to the model. */
export interface ImageFieldsForm {
  readonly width: number | null;
  readonly height: number | null;
  readonly channels: 1 | 3 | null;
  readonly layout: ImageLayout | null;
  readonly scale: number | null;
  /** Per-channel values as typed ("0.485, 0.456, 0.406"). */
  readonly mean: string | null;
  readonly std: string | null;
}

/**
 * What the evaluate panel holds. Each kind of data keeps its own file, so switching between them loses
 * nothing; `null` fields take a default worked out from the model.
 */
export interface EvaluateForm {
  /** Default: the built-in digits for MNIST-shaped inputs, else a file of the user's. */
  readonly data: EvaluateDataKind | null;
  /** The .npz / .npy file. */
  readonly file: File | null;
  readonly csvFile: File | null;
  /** The CSV file's columns, read from its first lines when it was chosen. */
  readonly csvColumns: { readonly names: readonly string[]; readonly header: boolean } | null;
  /** The CSV's label column by index; -1: no labels; null: guessed from the header and the model. */
  readonly labelColumn: number | null;
  readonly images: ImageSet | null;
  /** Evaluate every sample, or a seeded subset of `samples`. */
  readonly allSamples: boolean;
  readonly samples: number;
  /** MNIST pixel range (default: the sample card's input range, else 0..1). */
  readonly pixelScale: PixelScale | null;
  /** Non-image data: each value becomes (x·scale − mean) / std. */
  readonly scale: number;
  readonly mean: number;
  readonly std: number;
  readonly imageFields: ImageFieldsForm;
  /** The model shown, or the original and every variant one after the other. */
  readonly scope: 'shown' | 'family';
}

export type EvaluateJob =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      /** The family the job belongs to (its original's id). */
      readonly baseId: ModelId;
      /** The models evaluated, in order, and the index of the one running. */
      readonly queue: readonly ModelId[];
      readonly index: number;
      readonly progress: Progress | null;
    }
  | { readonly status: 'done'; readonly modelIds: readonly ModelId[]; readonly ms: number }
  | { readonly status: 'failed'; readonly error: UserError; readonly modelId?: ModelId }
  | { readonly status: 'cancelled'; readonly finished: number };

/** The data preview for the panel's current data choice; `key` says which choice it belongs to. */
export type EvaluatePreview =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly key: string }
  | { readonly status: 'ready'; readonly key: string; readonly preview: DataPreview }
  | { readonly status: 'failed'; readonly key: string; readonly error: UserError };

export interface EvaluateSlice {
  /** The latest evaluation of each family member, by model id. */
  evaluations: Readonly<Record<ModelId, EvaluationRecord>>;
  setEvaluation(record: EvaluationRecord): void;
  evaluateOpen: boolean;
  evaluateForm: EvaluateForm;
  evaluateJob: EvaluateJob;
  evaluatePreview: EvaluatePreview;
  setEvaluateOpen(open: boolean): void;
  updateEvaluateForm(patch: Partial<EvaluateForm>): void;
  updateImageFields(patch: Partial<ImageFieldsForm>): void;
  setEvaluateJob(job: EvaluateJob): void;
  /** Progress of the running job's current model (ignored when none runs). */
  setEvaluateProgress(progress: Progress, index: number): void;
  setEvaluatePreview(preview: EvaluatePreview): void;
}

export const DEFAULT_IMAGE_FIELDS: ImageFieldsForm = {
  width: null,
  height: null,
  channels: null,
  layout: null,
  scale: null,
  mean: null,
  std: null,
};

export const DEFAULT_EVALUATE_FORM: EvaluateForm = {
  data: null,
  file: null,
  csvFile: null,
  csvColumns: null,
  labelColumn: null,
  images: null,
  allSamples: true,
  samples: 1000,
  pixelScale: null,
  scale: 1,
  mean: 0,
  std: 1,
  imageFields: DEFAULT_IMAGE_FIELDS,
  scope: 'shown',
};

export const createEvaluateSlice: SliceCreator<EvaluateSlice> = (set) => ({
  evaluations: {},
  setEvaluation: (record) => set((state) => ({ evaluations: { ...state.evaluations, [record.modelId]: record } })),
  evaluateOpen: false,
  evaluateForm: DEFAULT_EVALUATE_FORM,
  evaluateJob: { status: 'idle' },
  evaluatePreview: { status: 'idle' },
  // The drawers take the same place: one open at a time.
  setEvaluateOpen: (evaluateOpen) =>
    set(evaluateOpen ? { evaluateOpen, quantizeOpen: false, recipeOpen: false } : { evaluateOpen }),
  updateEvaluateForm: (patch) => set((state) => ({ evaluateForm: { ...state.evaluateForm, ...patch } })),
  updateImageFields: (patch) =>
    set((state) => ({
      evaluateForm: { ...state.evaluateForm, imageFields: { ...state.evaluateForm.imageFields, ...patch } },
    })),
  setEvaluateJob: (evaluateJob) => set({ evaluateJob }),
  setEvaluateProgress: (progress, index) =>
    set((state) =>
      state.evaluateJob.status === 'running' ? { evaluateJob: { ...state.evaluateJob, progress, index } } : {},
    ),
  setEvaluatePreview: (evaluatePreview) => set({ evaluatePreview }),
});
