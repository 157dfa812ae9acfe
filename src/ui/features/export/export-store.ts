// The export drawer's own state: whether it is open, which member of the family it exports, the options
// as typed, the engine's preview and the download under way. Kept beside the feature (the studio's store
// knows nothing of it); it closes when another drawer opens and closes those when it opens.
import { useStore } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { createStore } from 'zustand/vanilla';
import type { ExportPreview, ModelId } from '../../../workers/protocol';
import { studioStore } from '../../store';
import type { UserError } from '../../store/types';
import { DEFAULT_EXPORT_FORM, type ExportForm } from './form';

/** The preview of the current member and options; `key` says which ones it belongs to. */
export type ExportPreviewState =
  | { readonly status: 'idle' }
  /** `last`: the preview shown meanwhile (the one before, when there was one). */
  | { readonly status: 'loading'; readonly key: string; readonly last?: ReadyPreview }
  | ReadyPreview
  | { readonly status: 'failed'; readonly key: string; readonly error: UserError };

/** A preview the engine made. */
export interface ReadyPreview {
  readonly status: 'ready';
  readonly key: string;
  readonly preview: ExportPreview;
  readonly charts: ChartsState;
}

/** Which charts the bundle holds, and why there are none when there are none. */
export type ChartsState =
  | { readonly status: 'included'; readonly titles: readonly string[] }
  | { readonly status: 'absent'; readonly reason: 'other-member' | 'not-drawn' | 'unsupported' };

/** A download being made, or how the last one ended. */
export type ExportSaveState =
  | { readonly status: 'idle' }
  | { readonly status: 'saving'; readonly what: string }
  | { readonly status: 'saved'; readonly names: readonly string[] }
  | { readonly status: 'failed'; readonly what: string; readonly error: UserError };

export interface ExportState {
  open: boolean;
  /** The member exported; null: the one shown. */
  memberId: ModelId | null;
  form: ExportForm;
  preview: ExportPreviewState;
  save: ExportSaveState;
  setOpen(open: boolean): void;
  setMember(id: ModelId | null): void;
  updateForm(patch: Partial<ExportForm>): void;
  setPreview(preview: ExportPreviewState): void;
  setSave(save: ExportSaveState): void;
}

/** A fresh export state (tests make their own). */
export function createExportStore() {
  return createStore<ExportState>()(
    subscribeWithSelector((set) => ({
      open: false,
      memberId: null,
      form: DEFAULT_EXPORT_FORM,
      preview: { status: 'idle' },
      save: { status: 'idle' },
      setOpen: (open) => {
        // The drawers take the same place: one open at a time.
        if (open) closeStudioDrawers();
        set(open ? { open } : { open, save: { status: 'idle' } });
      },
      setMember: (memberId) => set({ memberId }),
      updateForm: (patch) => set((state) => ({ form: { ...state.form, ...patch }, save: { status: 'idle' } })),
      setPreview: (preview) => set({ preview }),
      setSave: (save) => set({ save }),
    })),
  );
}

/** Closes the drawers the studio store holds (they take the same place as the feature drawers). */
export function closeStudioDrawers(): void {
  const s = studioStore.getState();
  if (s.quantizeOpen) s.setQuantizeOpen(false);
  if (s.recipeOpen) s.setRecipeOpen(false);
  if (s.evaluateOpen) s.setEvaluateOpen(false);
  if (s.analysisOpen) s.setAnalysisOpen(false);
  if (s.variantsOpen) s.setVariantsOpen(false);
}

/** The app's export state. */
export const exportStore = createExportStore();

/** Reads the export state with a selector (wrap object results in `useShallow`). */
export function useExport<T>(selector: (state: ExportState) => T): T {
  return useStore(exportStore, selector);
}
