// Checks a saved session read back from the browser's storage or from a project file (which anyone may
// have edited) before anything is opened from it; the problem is named in a sentence.
import { parseEditOps } from '../../core/transforms/edit/parse-ops';
import type { ModelId } from '../../workers/protocol';
import { parseCard } from '../features/open/samples';
import {
  SESSION_FORMAT_VERSION,
  type SavedFile,
  type SavedEdits,
  type SavedLayout,
  type SavedMember,
  type SessionSnapshot,
} from './snapshot';

/** A saved session or project that cannot be restored; `message` says why, as a sentence fragment. */
export class SessionFormatError extends Error {
  override readonly name = 'SessionFormatError';
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Names that are one plain file name: no folders, no "..", nothing a zip path could escape with. */
export function isPlainName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= 255 &&
    !/[/\\\0]/.test(name) &&
    name !== '.' &&
    name !== '..'
  );
}

function fail(message: string): never {
  throw new SessionFormatError(message);
}

function checkFiles(value: unknown, who: string): SavedFile[] {
  if (!Array.isArray(value) || value.length === 0) fail(`${who} lists no files`);
  return value.map((f: unknown) => {
    if (!isObject(f) || !isPlainName(f.name) || !isCount(f.bytes))
      fail(`${who} lists a file without a plain name or size`);
    const crc = f.crc32;
    return { name: f.name, bytes: f.bytes, ...(isCount(crc) ? { crc32: crc } : {}) };
  });
}

/** A saved layout when it is whole; anything else is dropped (the graph is laid out again). */
function checkLayout(value: unknown): SavedLayout | undefined {
  if (!isObject(value)) return undefined;
  const { direction, positions, width, height, algorithm, elapsedMs, nodes, fingerprint } = value;
  const whole =
    (direction === 'TB' || direction === 'LR') &&
    isCount(nodes) &&
    // Not instanceof: a structured clone may come from another realm (a test's, a worker's).
    Object.prototype.toString.call(positions) === '[object Float64Array]' &&
    (positions as Float64Array).length === 2 * nodes &&
    typeof width === 'number' &&
    typeof height === 'number' &&
    (algorithm === 'elk-layered' || algorithm === 'elk-fast' || algorithm === 'fallback') &&
    typeof elapsedMs === 'number' &&
    typeof fingerprint === 'string';
  return whole ? (value as unknown as SavedLayout) : undefined;
}

function checkVariant(value: unknown, who: string, known: ReadonlySet<ModelId>): SavedMember['variant'] {
  if (!isObject(value)) fail(`${who} does not say how it was made`);
  if (value.kind !== 'quantize' && value.kind !== 'recipe') fail(`${who} was made in a way this studio does not know`);
  if (typeof value.parentId !== 'string' || !known.has(value.parentId))
    fail(`${who} was made from a model that is not listed before it`);
  // What the model panel and the charts read from the record.
  const report = value.report;
  const run = value.recipeRun;
  const complete =
    typeof value.label === 'string' &&
    Array.isArray(value.recipe) &&
    isObject(value.timings) &&
    (value.kind === 'quantize'
      ? isObject(report) && Array.isArray(report.layers) && isObject(report.totals) && Array.isArray(report.warnings)
      : Array.isArray(value.steps) && Array.isArray(value.layers) && isObject(run) && Array.isArray(run.steps));
  if (!complete) fail(`${who}: the record of how it was made is incomplete`);
  return value as unknown as SavedMember['variant'];
}

/** A member's saved edits, each checked as an edit (a damaged one would fail deep inside the replay). */
function checkEdits(value: unknown, who: string): SavedEdits | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) fail(`${who}: its saved edits are not readable`);
  try {
    return { done: parseEditOps(value.done, 'done'), undone: parseEditOps(value.undone, 'undone') };
  } catch (error) {
    return fail(`${who}: its saved edits are not readable (${(error as Error).message})`);
  }
}

function checkMember(value: unknown, index: number, known: Set<ModelId>, keys: Set<string>): SavedMember {
  const who = `model ${index + 1}`;
  if (!isObject(value)) fail(`${who} is not described`);
  const { key, id, label } = value;
  if (!isPlainName(key) || keys.has(key)) fail(`${who} has no storage key of its own`);
  if (typeof id !== 'string' || id === '' || known.has(id)) fail(`${who} has no id of its own`);
  const name = typeof label === 'string' && label !== '' ? label : who;
  const named = index === 0 ? `the original model (${name})` : `variant "${name}"`;
  const files = checkFiles(value.files, named);
  if (index === 0 && value.variant !== undefined) fail('the first model listed is a variant, not an original');
  const variant = index === 0 ? undefined : checkVariant(value.variant, named, known);
  const layout = checkLayout(value.layout);
  const edits = checkEdits(value.edits, named);
  // A sample's card, as the gallery reads one (only known fields of the right types).
  const card = parseCard(value.card);
  known.add(id);
  keys.add(key);
  return {
    key,
    id,
    label: name,
    files,
    ...(index === 0 && card ? { card } : {}),
    ...(variant ? { variant } : {}),
    ...(layout ? { layout } : {}),
    ...(edits ? { edits } : {}),
  };
}

/**
 * The editor's recipe is restored as it was, unfinished edits included (it is checked when it runs), so only
 * its shape is checked here: a recipe with a name and steps that each say their kind.
 */
function isRecipeShaped(value: unknown): boolean {
  return (
    isObject(value) &&
    value.scaledown === 'recipe' &&
    typeof value.name === 'string' &&
    Array.isArray(value.steps) &&
    value.steps.every((step: unknown) => isObject(step) && typeof step.kind === 'string')
  );
}

/**
 * `value` as a session snapshot, or a SessionFormatError saying what is wrong with it. Layouts that do not
 * hold together are dropped rather than refused; a snapshot of a newer format is refused.
 */
export function checkSnapshot(value: unknown): SessionSnapshot {
  if (!isObject(value)) fail('it does not describe a session');
  const version = value.version;
  if (!isCount(version) || version < 1) fail('it does not say which version of the format it uses');
  if (version > SESSION_FORMAT_VERSION)
    fail(
      `it was saved by a newer ScaleDown Studio (format ${version}; this one reads format ${SESSION_FORMAT_VERSION} and older)`,
    );
  if (!Array.isArray(value.members) || value.members.length === 0) fail('it lists no models');
  const known = new Set<ModelId>();
  const keys = new Set<string>();
  const members = value.members.map((m: unknown, i) => checkMember(m, i, known, keys));
  const shownId = typeof value.shownId === 'string' && known.has(value.shownId) ? value.shownId : members[0]!.id;
  const recipe = isRecipeShaped(value.recipe) ? (value.recipe as unknown as SessionSnapshot['recipe']) : undefined;
  return {
    version,
    savedAt: typeof value.savedAt === 'number' ? value.savedAt : 0,
    members,
    shownId,
    records: isObject(value.records) ? value.records : {},
    ...(recipe ? { recipe } : {}),
  };
}
