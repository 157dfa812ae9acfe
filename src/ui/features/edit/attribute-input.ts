// The inspector's typed attribute editors, as pure functions: which editor an attribute gets (from the
// operator catalogue, else from the type it has), the text it starts with, and the edit value typed text
// becomes — or why it cannot.
import type { AttributeKind, AttributeSpec, EditAttributeValue } from '../../../core';
import { dtypeFromOnnx } from '../../../core/formats/onnx/dtypes';
import type { AttributeView } from '../../../workers/protocol';

const TEXT_KINDS: ReadonlySet<string> = new Set(['int', 'float', 'string', 'ints', 'floats', 'strings']);

/** Element types a 'dtype' attribute offers (what MCU models use, commonest first). */
export const DTYPE_CHOICES = ['float32', 'float16', 'int8', 'uint8', 'int16', 'int32', 'int64', 'bool'] as const;

/** The editor an attribute gets; undefined when it is shown read-only (graphs, tensors, cut-off lists). */
export function editorKind(
  view: AttributeView | undefined,
  spec: AttributeSpec | undefined,
): AttributeKind | undefined {
  // A value the engine shortened for display cannot be edited from its text.
  if (view && /… \(/.test(view.value)) return undefined;
  if (spec) return view && !TEXT_KINDS.has(view.type) ? undefined : spec.kind;
  return view && TEXT_KINDS.has(view.type) ? (view.type as AttributeKind) : undefined;
}

const unbracket = (text: string): string => text.replace(/^\[/, '').replace(/\]$/, '');

function defaultText(spec: AttributeSpec | undefined): string {
  const d = spec?.default;
  if (d === undefined) return '';
  return Array.isArray(d) ? d.join(', ') : String(d);
}

/** The text an editor starts with: the attribute's value, or (not set) the catalogue's default. */
export function initialText(view: AttributeView | undefined, spec: AttributeSpec | undefined): string {
  if (!view) return defaultText(spec);
  const kind = editorKind(view, spec);
  if (kind === 'string' || kind === 'enum') {
    try {
      const value: unknown = JSON.parse(view.value);
      if (typeof value === 'string') return value;
    } catch {
      // A TFLite enum stored as its number reads as that number.
    }
    return view.value;
  }
  if (kind === 'dtype') {
    const code = Number(view.value);
    return Number.isInteger(code) ? dtypeFromOnnx(code) : view.value;
  }
  if (kind === 'ints' || kind === 'floats' || kind === 'strings') return unbracket(view.value);
  return view.value;
}

const YES_NO: ReadonlyMap<string, number> = new Map([
  ['true', 1],
  ['false', 0],
]);

type Parsed = { readonly value: EditAttributeValue } | { readonly error: string };

function numbers(text: string, integer: boolean): number[] | string {
  const parts = unbracket(text.trim())
    .split(/[\s,×]+/)
    .filter((p) => p !== '');
  const values = parts.map(Number);
  const bad = parts.find((p, i) => !Number.isFinite(values[i]!) || (integer && !Number.isInteger(values[i]!)));
  return bad === undefined ? values : bad;
}

function strings(text: string): string[] {
  const inner = unbracket(text.trim());
  if (inner === '') return [];
  try {
    const list: unknown = JSON.parse(`[${inner}]`);
    if (Array.isArray(list) && list.every((s) => typeof s === 'string')) return list as string[];
  } catch {
    // Not JSON: plain words separated by commas.
  }
  return inner.split(',').map((s) => s.trim());
}

/** The edit value typed text stands for, checked against the editor's kind (and the enum's values). */
export function parseAttributeText(kind: AttributeKind, text: string, spec?: AttributeSpec): Parsed {
  const t = text.trim();
  switch (kind) {
    case 'int':
    case 'bool': {
      // TF.js graph models show their yes/no attributes as true / false: take those words too.
      const word = kind === 'bool' ? YES_NO.get(t.toLowerCase()) : undefined;
      const n = word ?? Number(t);
      if (t === '' || !Number.isInteger(n)) return { error: `“${t}” is not a whole number.` };
      if (kind === 'bool' && n !== 0 && n !== 1) return { error: 'Must be 0 or 1 (or true / false).' };
      return { value: { type: 'int', value: n } };
    }
    case 'float': {
      const n = Number(t);
      return t === '' || !Number.isFinite(n)
        ? { error: `“${t}” is not a number.` }
        : { value: { type: 'float', value: n } };
    }
    case 'string':
      return { value: { type: 'string', value: text } };
    case 'enum':
      return spec?.values && !spec.values.includes(t)
        ? { error: `Must be one of ${spec.values.join(', ')}.` }
        : { value: { type: 'string', value: t } };
    case 'dtype':
      return { value: t };
    case 'ints':
    case 'floats': {
      const list = numbers(t, kind === 'ints');
      if (typeof list === 'string')
        return { error: `“${list}” is not a ${kind === 'ints' ? 'whole number' : 'number'}.` };
      return { value: { type: kind, value: list } };
    }
    case 'strings':
      return { value: { type: 'strings', value: strings(t) } };
  }
}
