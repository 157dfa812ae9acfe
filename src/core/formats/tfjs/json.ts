// Narrowing helpers for the parsed model.json, and the error every structural problem becomes.
import { ModelFormatError } from '../../errors';
import type { JsonValue } from '../../ir/types';

/** A JSON object as JSON.parse returns it. */
export type JsonObject = { readonly [key: string]: JsonValue };

/** True for a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 'malformed' error whose message starts with the file name. */
export function malformed(file: string, problem: string): ModelFormatError {
  return new ModelFormatError('malformed', `${file}: ${problem}`, file);
}

/** `value` as an array, or a 'malformed' error naming `what`. */
export function arrayOf(file: string, value: unknown, what: string): readonly JsonValue[] {
  if (!Array.isArray(value)) throw malformed(file, `${what} should be a list`);
  return value as readonly JsonValue[];
}

/** `value` as an object, or a 'malformed' error naming `what`. */
export function objectOf(file: string, value: unknown, what: string): JsonObject {
  if (!isObject(value)) throw malformed(file, `${what} should be an object`);
  return value;
}

/** `value` as a string, or a 'malformed' error naming `what`. */
export function stringOf(file: string, value: unknown, what: string): string {
  if (typeof value !== 'string') throw malformed(file, `${what} should be a string`);
  return value;
}

/** The entries of `object` other than `known`, in their order (kept so a writer can put them back). */
export function otherEntries(object: JsonObject, known: readonly string[]): JsonObject | undefined {
  const rest: Record<string, JsonValue> = {};
  let any = false;
  for (const [key, value] of Object.entries(object)) {
    if (known.includes(key)) continue;
    rest[key] = value;
    any = true;
  }
  return any ? rest : undefined;
}

/** A number in a JSON value that may also write integers as strings (proto3 int64) or NaN/Infinity as strings. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

/** An object built from entries, keys in the given order, skipping undefined values. */
export function compact(entries: readonly (readonly [string, JsonValue | undefined])[]): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of entries) if (value !== undefined) out[key] = value;
  return out;
}
