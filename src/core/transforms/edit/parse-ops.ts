// Edit operations from JSON (a recipe's 'edit' step, a saved history): every field checked for its type,
// unknown fields and kinds named, so a typo is reported instead of silently ignored. Values that depend on
// the model (does the node exist?) are checked when the op is applied.
import { ALL_DTYPES } from '../../ir/dtype';
import { refuse } from './edit-error';
import type { EditKind, EditOp } from './types';

type Fail = (message: string) => never;
type Check = (value: unknown, path: string, fail: Fail) => unknown;

const isObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string =>
  typeof v === 'string'
    ? JSON.stringify(v)
    : Array.isArray(v)
      ? 'a list'
      : v === null
        ? 'null'
        : typeof v === 'object'
          ? 'an object'
          : String(v);

const str: Check = (v, path, fail) => (typeof v === 'string' ? v : fail(`${path} must be a string, not ${shown(v)}`));
const int: Check = (v, path, fail) =>
  typeof v === 'number' && Number.isInteger(v) ? v : fail(`${path} must be a whole number, not ${shown(v)}`);
const num: Check = (v, path, fail) =>
  typeof v === 'number' && Number.isFinite(v) ? v : fail(`${path} must be a number, not ${shown(v)}`);
const bool: Check = (v, path, fail) =>
  typeof v === 'boolean' ? v : fail(`${path} must be true or false, not ${shown(v)}`);

const listOf =
  (item: Check): Check =>
  (v, path, fail) =>
    Array.isArray(v)
      ? v.map((x, i) => item(x, `${path}[${i}]`, fail))
      : fail(`${path} must be a list, not ${shown(v)}`);
const strings = listOf(str);
const dim: Check = (v, path, fail) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))
    ? v
    : fail(`${path} must be a size, a dimension name or null, not ${shown(v)}`);
const dims = listOf(dim);

const sizes: Check = (v, path, fail) => {
  if (!isObject(v)) return fail(`${path} must be an object of dimension name → size, not ${shown(v)}`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, int(x, `${path}.${k}`, fail)]));
};

const TYPED_ATTRIBUTES = ['int', 'float', 'string', 'ints', 'floats', 'strings'];
const attributeValue: Check = (v, path, fail) => {
  if (typeof v === 'number' || typeof v === 'string') return typeof v === 'number' ? num(v, path, fail) : v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return [...(v as string[])];
    return listOf(num)(v, path, fail);
  }
  if (isObject(v) && typeof v['type'] === 'string' && TYPED_ATTRIBUTES.includes(v['type']) && 'value' in v)
    return object({ type: { check: str, required: true }, value: { check: attributeValue, required: true } })(
      v,
      path,
      fail,
    );
  return fail(`${path} must be a number, a string, a list, or {"type", "value"}, not ${shown(v)}`);
};
const attributeOrNull: Check = (v, path, fail) => (v === null ? null : attributeValue(v, path, fail));
const attributeRecord: Check = (v, path, fail) => {
  if (!isObject(v)) return fail(`${path} must be an object of attribute name → value, not ${shown(v)}`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, attributeValue(x, `${path}.${k}`, fail)]));
};

interface Field {
  readonly check: Check;
  readonly required?: boolean;
}

function object(fields: Readonly<Record<string, Field>>): Check {
  return (v, path, fail) => {
    if (!isObject(v)) return fail(`${path} must be an object, not ${shown(v)}`);
    for (const key of Object.keys(v))
      if (!Object.hasOwn(fields, key)) fail(`${path}: unknown field "${key}" (${Object.keys(fields).join(', ')})`);
    const out: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(fields)) {
      if (v[key] === undefined) {
        if (f.required) fail(`${path} needs "${key}"`);
        continue;
      }
      out[key] = f.check(v[key], `${path}.${key}`, fail);
    }
    return out;
  };
}

const dtype: Check = (v, path, fail) =>
  typeof v === 'string' && (ALL_DTYPES as readonly string[]).includes(v)
    ? v
    : fail(`${path} must be an element type (${ALL_DTYPES.slice(1, 14).join(', ')}, …), not ${shown(v)}`);
const quant = object({
  scale: { check: listOf(num), required: true },
  zeroPoint: { check: listOf(int), required: true },
  axis: { check: int },
});
const outputType = object({ dtype: { check: dtype, required: true }, shape: { check: dims }, quant: { check: quant } });

const npy: Check = (v, path, fail) => {
  if (isObject(v) && typeof v['base64'] === 'string')
    return object({ base64: { check: str, required: true } })(v, path, fail);
  if (isObject(v) && typeof v['file'] === 'string')
    return object({ file: { check: str, required: true } })(v, path, fail);
  return fail(`${path} must be {"base64": "…"} or {"file": "weights.npy"}, not ${shown(v)}`);
};
const change: Check = (v, path, fail) => {
  const kind = isObject(v) ? v['kind'] : undefined;
  const kindField = { check: str, required: true };
  if (kind === 'scale') return object({ kind: kindField, factor: { check: num, required: true } })(v, path, fail);
  if (kind === 'zero') return object({ kind: kindField })(v, path, fail);
  if (kind === 'npy') return object({ kind: kindField, npy: { check: npy, required: true } })(v, path, fail);
  return fail(
    `${path} must be {"kind": "scale", "factor"}, {"kind": "zero"} or {"kind": "npy", "npy"}, not ${shown(kind ?? v)}`,
  );
};

const req = (check: Check): Field => ({ check, required: true });
const opt = (check: Check): Field => ({ check });

/** The fields of each edit kind, in the order a parsed op holds them. */
const FIELDS: Readonly<Record<EditKind, Readonly<Record<string, Field>>>> = {
  bypassNode: { node: req(str), input: opt(int) },
  deleteNode: { node: req(str) },
  deleteNodeCascade: { node: req(str) },
  addNode: {
    op: req(str),
    domain: opt(str),
    name: opt(str),
    inputs: req(strings),
    outputs: opt(strings),
    attributes: opt(attributeRecord),
    outputTypes: opt(listOf(outputType)),
    rewireConsumers: opt(bool),
  },
  renameNode: { node: req(str), name: req(str) },
  renameTensor: { tensor: req(str), name: req(str) },
  rewireInput: { node: req(str), input: req(int), tensor: req(str) },
  setAttribute: { node: req(str), name: req(str), value: { check: attributeOrNull, required: false } },
  setInputShape: { input: req(str), shape: req(dims) },
  fixSymbolicDims: { dims: opt(sizes), unknown: opt(int) },
  addGraphOutput: { tensor: req(str) },
  removeGraphOutput: { tensor: req(str) },
  editInitializer: { tensor: req(str), change: req(change) },
  extractSubgraph: { inputs: req(strings), outputs: req(strings) },
};

/** Every edit kind, as JSON spells it. */
export const EDIT_KINDS = Object.keys(FIELDS) as EditKind[];

/** One op from JSON; `fail` throws (default: EditError 'malformed'). */
export function parseEditOp(value: unknown, path = 'edit', fail?: Fail): EditOp {
  const stop: Fail = fail ?? ((message) => refuse('malformed', message));
  const kind = isObject(value) ? value['kind'] : undefined;
  if (typeof kind !== 'string' || !(EDIT_KINDS as readonly string[]).includes(kind))
    return stop(
      `${path}: ${kind === undefined ? 'needs a "kind"' : `unknown kind ${shown(kind)}`} (${EDIT_KINDS.join(', ')})`,
    );
  const fields = FIELDS[kind as EditKind];
  if (kind === 'setAttribute' && isObject(value) && !('value' in value))
    stop(`${path} needs "value" (null removes the attribute)`);
  return object({ kind: req(str), ...fields })(value, path, stop) as EditOp;
}

/** A list of ops from JSON, each checked (`path` names the list in messages, e.g. "ops"). */
export function parseEditOps(value: unknown, path = 'ops', fail?: Fail): EditOp[] {
  const stop: Fail = fail ?? ((message) => refuse('malformed', message));
  if (!Array.isArray(value)) return stop(`${path} must be a list of edits, not ${shown(value)}`);
  return value.map((op, i) => parseEditOp(op, `${path}[${i}]`, stop));
}
