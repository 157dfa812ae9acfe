// A session as it is saved: the open family (original first, then its variants, each with the record of
// how it was made and its layout), which member is shown, the records about them and the recipe being
// edited. Model bytes are not in it: they are stored once per model, under the member's key. An edited
// member is saved as the files it had before its first edit plus its edit history, replayed on restore
// (so undo and redo still work after a reload).
import type { EditOp, Recipe } from '../../core';
import type { GraphView, LayoutDirection, LayoutResult, ModelId, VariantInfo } from '../../workers/protocol';
import type { StudioState } from '../store';
import type { SampleCard } from '../store/types';
import { captureRecords, type SavedRecords } from './records';

/**
 * Version of the saved session and of the project file's manifest; readers refuse newer ones and read
 * older ones. 2: members may carry their edit history (`edits`).
 */
export const SESSION_FORMAT_VERSION = 2;

/** One file of a member, as saved (its bytes live elsewhere). */
export interface SavedFile {
  readonly name: string;
  readonly bytes: number;
  /** CRC-32 of its bytes (project files: checked on import). */
  readonly crc32?: number;
}

/**
 * Node positions of a member's graph. The graph is rebuilt from the file on restore; the positions are
 * reused only when it has the same nodes in the same order (a changed studio may build it differently),
 * since laying out a big graph costs far more than reading it.
 */
export interface SavedLayout {
  readonly direction: LayoutDirection;
  readonly positions: Float64Array;
  readonly width: number;
  readonly height: number;
  readonly algorithm: LayoutResult['algorithm'];
  readonly elapsedMs: number;
  readonly nodes: number;
  readonly fingerprint: string;
}

/** A member's graph edits: `done` oldest first, `undone` the redo stack (next redo first). */
export interface SavedEdits {
  readonly done: readonly EditOp[];
  readonly undone: readonly EditOp[];
}

/** A member of the saved family. */
export interface SavedMember {
  /** Where its files are kept: a key of the session database, a folder of the project file. */
  readonly key: string;
  /** Its model id in the session that saved it (records and variants refer to it). */
  readonly id: ModelId;
  readonly label: string;
  /** Its files; for an edited member, the ones it had before its first edit. */
  readonly files: readonly SavedFile[];
  /** A sample's card (the original only). */
  readonly card?: SampleCard;
  /** How a variant was made (its parentId is a saved id); absent for the original. */
  readonly variant?: VariantInfo;
  readonly layout?: SavedLayout;
  /** Its edits, replayed on `files` when it is restored (absent when it was never edited). */
  readonly edits?: SavedEdits;
}

export interface SessionSnapshot {
  readonly version: number;
  /** When it was taken (ms since the epoch). */
  readonly savedAt: number;
  /** The original first, then variants, each after its parent. */
  readonly members: readonly SavedMember[];
  /** The member shown. */
  readonly shownId: ModelId;
  readonly records: SavedRecords;
  /** The recipe in the editor. */
  readonly recipe?: Recipe;
}

/** FNV-1a over the node ids in order: which graph a layout belongs to. */
export function graphFingerprint(graph: GraphView): string {
  let hash = 0x811c9dc5;
  for (const node of graph.nodes) {
    for (let i = 0; i < node.id.length; i++) hash = Math.imul(hash ^ node.id.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A layout as saved with its graph. */
export function saveLayout(layout: LayoutResult, graph: GraphView): SavedLayout {
  const { direction, positions, width, height, algorithm, elapsedMs } = layout;
  const nodes = graph.nodes.length;
  return { direction, positions, width, height, algorithm, elapsedMs, nodes, fingerprint: graphFingerprint(graph) };
}

/** The saved layout for `graph` (a restored member's), or undefined when it was made for another graph. */
export function layoutFor(saved: SavedLayout | undefined, graph: GraphView): LayoutResult | undefined {
  if (!saved || saved.nodes !== graph.nodes.length || saved.positions.length !== 2 * saved.nodes) return undefined;
  if (saved.fingerprint !== graphFingerprint(graph)) return undefined;
  const { direction, positions, width, height, algorithm, elapsedMs } = saved;
  return { modelId: graph.modelId, direction, positions: positions.slice(), width, height, algorithm, elapsedMs };
}

/**
 * The session to save from the store, or null when no model is open. `keyOf` gives each member's storage
 * key (stable across saves, so its bytes are stored once).
 */
export function takeSnapshot(
  state: StudioState,
  keyOf: (id: ModelId) => string,
  savedAt = Date.now(),
): SessionSnapshot | null {
  const [original] = state.variants;
  if (!original) return null;
  const members = state.variants.map((entry): SavedMember => {
    const { summary, graph, card, variant } = entry.model;
    const history = state.editHistories[entry.id];
    const edited = history !== undefined && history.done.length + history.undone.length > 0;
    const files = (edited && history.originalFiles) || summary.files;
    return {
      key: keyOf(entry.id),
      id: entry.id,
      label: entry.label,
      files: files.map((f) => ({ name: f.name, bytes: f.bytes })),
      ...(card ? { card } : {}),
      ...(variant ? { variant } : {}),
      layout: saveLayout(entry.layout, graph),
      ...(edited ? { edits: { done: history.done.map((e) => e.op), undone: history.undone.map((e) => e.op) } } : {}),
    };
  });
  const shown = state.model?.summary.modelId;
  return {
    version: SESSION_FORMAT_VERSION,
    savedAt,
    members,
    shownId: shown !== undefined && members.some((m) => m.id === shown) ? shown : original.id,
    records: captureRecords(state),
    recipe: state.recipeDoc.present,
  };
}
