// Transforms must never mutate their input (STYLE.md): tests freeze it first, so a write throws in
// strict mode. Typed arrays cannot be frozen; their bytes are compared before and after instead
// (see `snapshotBytes`).

/** Freezes `value` and everything reachable from it (typed arrays and their buffers excepted). */
export function deepFreeze<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return value;
  if (seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
  return Object.freeze(value);
}

/** Copies of every typed array reachable from `value`, in visiting order (compare before and after). */
export function snapshotBytes(
  value: unknown,
  out: Uint8Array[] = [],
  seen: WeakSet<object> = new WeakSet(),
): Uint8Array[] {
  if (value === null || typeof value !== 'object') return out;
  if (ArrayBuffer.isView(value)) {
    out.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
    return out;
  }
  if (seen.has(value)) return out;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) snapshotBytes((value as Record<PropertyKey, unknown>)[key], out, seen);
  return out;
}
