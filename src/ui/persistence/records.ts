// What the studio keeps about the open family beside its models — evaluations now, per-layer analyses when
// they land — and how each kind is saved and given back under the ids of a restored session.
// Adding a kind of record is one line in RECORD_KINDS.
import type { ModelId } from '../../workers/protocol';
import type { StudioState } from '../store';

/** A store field whose contents are saved with the session. */
export interface RecordKind {
  readonly field: keyof StudioState;
  /**
   * 'by-model': a Record keyed by model id (evaluations); 'value': one value (or null) naming the models it
   * is about in its id fields. Either way the ids inside are rewritten on restore (ID_KEYS).
   */
  readonly shape: 'by-model' | 'value';
  /**
   * Whether a saved record (one entry of a by-model field, or the value) has what the views read from it:
   * a project file may come from anywhere, and a record that would break a panel is dropped instead.
   */
  readonly valid?: (record: Readonly<Record<string, unknown>>) => boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    field: 'evaluations',
    shape: 'by-model',
    valid: (r) => isObject(r.result) && isObject(r.result.result) && typeof r.dataLabel === 'string',
  },
  { field: 'layerError', shape: 'value', valid: (r) => Array.isArray(r.rows) && isObject(r.output) },
  { field: 'sensitivity', shape: 'value', valid: (r) => Array.isArray(r.rows) && isObject(r.settings) },
  // The graph tint is not saved: it is a view of an analysis, redrawn from the analysis panel.
];

/** Keys whose string values are model ids, at any depth of a record. */
const ID_KEYS: ReadonlySet<string> = new Set(['modelId', 'parentId', 'referenceId']);

/** Saved records by store field (only fields holding something). */
export type SavedRecords = Readonly<Record<string, unknown>>;

/** The records to save from the store, by field. */
export function captureRecords(state: StudioState): SavedRecords {
  const out: Record<string, unknown> = {};
  for (const kind of RECORD_KINDS) {
    const value: unknown = state[kind.field];
    if (kind.shape === 'by-model' ? isObject(value) && Object.keys(value).length > 0 : value != null)
      out[kind.field] = value;
  }
  return out;
}

const UNMAPPED = Symbol('unmapped');

function rewrite(value: unknown, ids: ReadonlyMap<ModelId, ModelId>): unknown {
  if (Array.isArray(value)) {
    const out = value.map((v) => rewrite(v, ids));
    return out.includes(UNMAPPED) ? UNMAPPED : out;
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (ID_KEYS.has(key) && typeof v === 'string') {
      const id = ids.get(v);
      if (id === undefined) return UNMAPPED;
      out[key] = id;
    } else {
      const r = rewrite(v, ids);
      if (r === UNMAPPED) return UNMAPPED;
      out[key] = r;
    }
  }
  return out;
}

/**
 * `value` with every model id in its id fields replaced through `ids` (old → new); undefined when it names
 * a model that is not in `ids` (one that was not restored), as the record would then point at nothing.
 */
export function rewriteIds<T>(value: T, ids: ReadonlyMap<ModelId, ModelId>): T | undefined {
  const out = rewrite(value, ids);
  return out === UNMAPPED ? undefined : (out as T);
}

/**
 * Every record field of the store as it should be after a restore, with model ids rewritten (old → new):
 * what was saved, else empty ({} by model, null for a value), so nothing of the family it replaces stays.
 * Records about models that were not restored are dropped; so is anything malformed (a by-model record
 * whose own model id is not its key, a by-model field that is not an object).
 */
export function restoreRecords(saved: SavedRecords, ids: ReadonlyMap<ModelId, ModelId>): Partial<StudioState> {
  const out: Record<string, unknown> = {};
  for (const kind of RECORD_KINDS) {
    const value = saved[kind.field];
    const valid = (record: unknown): record is Record<string, unknown> =>
      isObject(record) && (kind.valid?.(record) ?? true);
    if (kind.shape === 'value') {
      out[kind.field] = (valid(value) ? rewriteIds(value, ids) : null) ?? null;
      continue;
    }
    out[kind.field] = {};
    if (!isObject(value)) continue;
    const byModel: Record<ModelId, unknown> = {};
    for (const [oldId, record] of Object.entries(value)) {
      const id = ids.get(oldId);
      if (id === undefined || !valid(record) || (record.modelId !== undefined && record.modelId !== oldId)) continue;
      const rewritten = rewriteIds(record, ids);
      if (rewritten !== undefined) byModel[id] = rewritten;
    }
    out[kind.field] = byModel;
  }
  return out as Partial<StudioState>;
}
