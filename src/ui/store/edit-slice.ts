// Graph edits as the page sees them: each edited member's history (the engine keeps the models; this is
// its mirror), the problems validation found, and the edit running or the one that just failed. An outcome
// replaces the member's summary and graph in place, keeping the picture where it was.
import type {
  EditHistoryView,
  EditOutcome,
  LayoutResult,
  ModelId,
  ModelProblem,
  GraphView,
} from '../../workers/protocol';
import { anchorNode, carryLayout } from '../features/edit/carry-layout';
import { findNodes } from '../features/search/match';
import type { OpenModel, SliceCreator, StudioState, UserError, VariantEntry } from './types';

/** The edit being applied, or how the last one ended (`label` says what it was: "bypass "relu2""). */
export type EditJob =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly label: string }
  | { readonly status: 'done'; readonly label: string; readonly notes: readonly string[] }
  | { readonly status: 'failed'; readonly label: string; readonly error: UserError };

/**
 * Where the view should stay when `layout` is drawn: the node `nodeId` (null: none survived) keeps the
 * place on screen its centre had at (x, y) in the layout drawn before. The canvas then moves the viewport
 * by the node's shift instead of framing the graph anew.
 */
export interface ViewAnchor {
  readonly layout: LayoutResult;
  readonly nodeId: string | null;
  readonly x: number;
  readonly y: number;
}

export interface EditSlice {
  /** The edit history of each edited member of the family. */
  editHistories: Readonly<Record<ModelId, EditHistoryView>>;
  /** What validation found in each edited member (errors block export, warnings do not). */
  problems: Readonly<Record<ModelId, readonly ModelProblem[]>>;
  /** Counts the outcomes applied to each member: what depends on its contents keys on it. */
  editVersions: Readonly<Record<ModelId, number>>;
  editJob: EditJob;
  viewAnchor: ViewAnchor | null;
  /**
   * Shows what an edit, undo, redo or replay answered: the member's summary and graph are replaced (its
   * nodes keep their places; new ones go beside what they read), with its problems and history. The
   * selection moves to `select` when given (a node just added), else stays on a node that survived.
   */
  applyEditOutcome(outcome: EditOutcome, options?: { readonly select?: string | null }): void;
  /**
   * A fresh layout of an edited member, made for its graph at edit version `version` (ignored once another
   * outcome came); the view stays on the node the last outcome held still.
   */
  applyEditLayout(layout: LayoutResult, version: number): void;
  setEditJob(job: EditJob): void;
}

/** Centre of a node in a layout, in flow coordinates. */
function centreOf(graph: GraphView, layout: LayoutResult, id: string | null): [number, number] | undefined {
  const i = id === null ? -1 : graph.nodes.findIndex((n) => n.id === id);
  const node = graph.nodes[i];
  if (!node) return undefined;
  return [(layout.positions[2 * i] ?? 0) + node.width / 2, (layout.positions[2 * i + 1] ?? 0) + node.height / 2];
}

function anchorFor(graph: GraphView, layout: LayoutResult, nodeId: string | null | undefined): ViewAnchor {
  const [x, y] = centreOf(graph, layout, nodeId ?? null) ?? [0, 0];
  return { layout, nodeId: nodeId ?? null, x, y };
}

function sameNodes(a: GraphView, b: GraphView): boolean {
  return a.nodes.length === b.nodes.length && a.nodes.every((n, i) => n.id === b.nodes[i]!.id);
}

/** Entries of a record keyed `${modelId}/…`, without those of `modelId`. */
function withoutModel<T>(record: Readonly<Record<string, T>>, modelId: ModelId): Record<string, T> {
  const prefix = `${modelId}/`;
  return Object.fromEntries(Object.entries(record).filter(([key]) => !key.startsWith(prefix)));
}

/** The state that changes when member `entry` is replaced by `next` (shown or not). */
function replacing(state: StudioState, entry: VariantEntry, next: VariantEntry): Partial<StudioState> {
  const id = entry.id;
  const { [id]: _stale, ...evaluations } = state.evaluations;
  return {
    variants: state.variants.map((v) => (v.id === id ? next : v)),
    // Statistics and evaluations described the member before the edit; comparisons may involve it.
    stats: withoutModel(state.stats, id),
    comparisons: {},
    evaluations,
    editVersions: { ...state.editVersions, [id]: (state.editVersions[id] ?? 0) + 1 },
  };
}

export const createEditSlice: SliceCreator<EditSlice> = (set) => ({
  editHistories: {},
  problems: {},
  editVersions: {},
  editJob: { status: 'idle' },
  viewAnchor: null,
  applyEditOutcome: (outcome, options = {}) =>
    set((state) => {
      const id = outcome.result.summary.modelId;
      const entry = state.variants.find((v) => v.id === id);
      // A member closed meanwhile (another model opened) is not brought back.
      if (!entry) return {};
      const before = entry.model.graph;
      const graph = outcome.result.graph;
      // The same nodes in the same order (a rename, an attribute, a replay on restore) keep the layout itself.
      const layout = sameNodes(before, graph) ? entry.layout : carryLayout(before, entry.layout, graph);
      const model: OpenModel = { ...entry.model, summary: outcome.result.summary, graph };
      const next: VariantEntry = { ...entry, model, layout };
      const common: Partial<StudioState> = {
        ...replacing(state, entry, next),
        editHistories: { ...state.editHistories, [id]: outcome.history },
        problems: { ...state.problems, [id]: outcome.problems },
      };
      if (state.model?.summary.modelId !== id) return common;
      const has = (nodeId: string | null | undefined): nodeId is string =>
        typeof nodeId === 'string' && graph.nodes.some((n) => n.id === nodeId);
      const selected = has(options.select) ? options.select : has(state.selectedNodeId) ? state.selectedNodeId : null;
      const anchor = anchorNode(before, entry.layout, graph, [state.selectedNodeId, ...outcome.affected]);
      return {
        ...common,
        model,
        layout,
        direction: layout.direction,
        layoutPending: false,
        selectedNodeId: selected,
        focus: null,
        searchHits: state.searchQuery ? findNodes(graph, state.searchQuery) : [],
        searchIndex: -1,
        // An unchanged layout is not drawn again: nothing to hold still.
        viewAnchor: layout === entry.layout ? state.viewAnchor : anchorFor(graph, layout, anchor),
      };
    }),
  applyEditLayout: (layout, version) =>
    set((state) => {
      const entry = state.variants.find((v) => v.id === layout.modelId);
      // A layout of another version of the graph (an edit came meanwhile) is dropped.
      if (!entry || state.editVersions[entry.id] !== version) return {};
      const variants = state.variants.map((v) => (v.id === entry.id ? { ...v, layout } : v));
      if (state.model?.summary.modelId !== entry.id || !state.layout) return { variants };
      const graph = entry.model.graph;
      const nodeId = state.viewAnchor?.layout === state.layout ? state.viewAnchor.nodeId : null;
      // The anchor keeps the place its centre had in the layout drawn until now.
      const [x, y] = centreOf(graph, state.layout, nodeId) ?? [0, 0];
      return { variants, layout, direction: layout.direction, viewAnchor: { layout, nodeId, x, y } };
    }),
  setEditJob: (editJob) => set({ editJob }),
});
