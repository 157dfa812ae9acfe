// Format-owned details kept on IR objects for write-back live under `extras[<format>]`. These helpers
// read and build that part for any format, so each format folder only names its key.

/** An IR object's `extras` field. */
export type Extras = Readonly<Record<string, unknown>> | undefined;

/** The `format` part of an IR object's extras (empty when there is none). */
export function formatExtras<T extends object>(extras: Extras, format: string): Partial<T> {
  const value = extras?.[format];
  return typeof value === 'object' && value !== null ? (value as Partial<T>) : {};
}

function isEmpty(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && Object.keys(value).length === 0;
}

/**
 * `{ extras: { [format]: values } }` keeping only entries that hold something (not undefined, not an
 * empty list or object); `{}` when nothing is left, so plain models stay plain.
 */
export function formatExtrasField<K extends string>(
  format: K,
  values: Record<string, unknown>,
): { extras?: Record<K, Record<string, unknown>> } {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (!isEmpty(value)) kept[key] = value;
  if (Object.keys(kept).length === 0) return {};
  return { extras: { [format]: kept } as Record<K, Record<string, unknown>> };
}
