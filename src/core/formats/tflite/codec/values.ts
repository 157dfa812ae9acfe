// The plain values the generic codec reads and writes: one object per table, keyed by field name.

/** A scalar: numbers (int64 as bigint when beyond 2^53), booleans. */
export type FbScalar = number | bigint | boolean;

/** A union field: the member table's name (or the raw type code when unknown) and its value. */
export interface FbUnion {
  readonly type: string | number;
  readonly value?: FbTable;
}

/** A decoded field value. `[ubyte]` vectors are views over the file's bytes (`Uint8Array`). */
export type FbValue =
  FbScalar | string | Uint8Array | readonly FbScalar[] | readonly string[] | FbTable | readonly FbTable[] | FbUnion;

/** A decoded table: fields absent from the file are absent here (defaults are not filled in). */
export interface FbTable {
  readonly [field: string]: FbValue | undefined;
}

/** An int64 as a number when it is exactly representable, else as a bigint. */
export function int64Value(value: bigint): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** A numeric field as a number (bigints beyond 2^53 lose precision; booleans are 0/1). */
export function num(value: FbValue | undefined, fallback = 0): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return fallback;
}

/** A vector of numbers as numbers. */
export function nums(value: FbValue | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value instanceof Uint8Array) return Array.from(value);
  if (!Array.isArray(value)) return undefined;
  return (value as readonly FbValue[]).map((v) => num(v));
}

/** A table field, or undefined. */
export function tableOf(value: FbValue | undefined): FbTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
    ? (value as FbTable)
    : undefined;
}

/** A vector of tables, or []. */
export function tablesOf(value: FbValue | undefined): readonly FbTable[] {
  return Array.isArray(value) ? (value as readonly FbTable[]) : [];
}

/** A string field, or undefined. */
export function str(value: FbValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
