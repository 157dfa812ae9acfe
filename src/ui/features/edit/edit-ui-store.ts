// The editing UI's own state: the context menu open on the canvas, the dialog asking for what an edit
// needs, and the operator palettes the engine listed. Kept beside the feature; the studio's store holds
// the edits themselves (store/edit-slice.ts).
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ModelId, OperatorSpec } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import type { EditDialog } from './node-actions';

/** What was right-clicked, and where on the page (client coordinates). */
export interface MenuTarget {
  readonly kind: 'node' | 'edge';
  /** The node's id, or the tensor the edge carries. */
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export type PaletteState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly operators: readonly OperatorSpec[] }
  | { readonly status: 'failed'; readonly message: string };

export interface EditUiState {
  menu: MenuTarget | null;
  dialog: EditDialog | null;
  palettes: Readonly<Record<ModelId, PaletteState>>;
  openMenu(menu: MenuTarget | null): void;
  openDialog(dialog: EditDialog | null): void;
  setPalette(modelId: ModelId, palette: PaletteState): void;
}

export function createEditUiStore() {
  return createStore<EditUiState>()((set) => ({
    menu: null,
    dialog: null,
    palettes: {},
    openMenu: (menu) => set({ menu }),
    // A dialog replaces the menu that opened it.
    openDialog: (dialog) => set({ dialog, menu: null }),
    setPalette: (modelId, palette) => set((s) => ({ palettes: { ...s.palettes, [modelId]: palette } })),
  }));
}

export const editUi = createEditUiStore();

export function useEditUi<T>(selector: (state: EditUiState) => T): T {
  return useStore(editUi, selector);
}

/** Asks the engine once per model for the operators nodes can be added from (and attributes typed by). */
export function loadPalette(modelId: ModelId): void {
  if (editUi.getState().palettes[modelId]) return;
  editUi.getState().setPalette(modelId, { status: 'loading' });
  getEngine()
    .operatorPalette(modelId)
    .then((operators) => editUi.getState().setPalette(modelId, { status: 'ready', operators }))
    .catch((error: unknown) =>
      editUi
        .getState()
        .setPalette(modelId, { status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
}

/** The catalogue entry of an operator, when the palette of the model has been loaded and lists it. */
export function operatorOf(palette: PaletteState | undefined, op: string, domain: string): OperatorSpec | undefined {
  if (palette?.status !== 'ready') return undefined;
  const domainOf = (d: string) => (d === 'ai.onnx' ? '' : d);
  return palette.operators.find((o) => o.op === op && domainOf(o.domain) === domainOf(domain));
}
