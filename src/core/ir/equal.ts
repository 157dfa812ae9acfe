import type { Model } from './types';

/**
 * The first place where two IR values differ, as a path such as `graph.nodes[3].attributes.pads`, or
 * `undefined` when they are equal. Typed arrays compare by their bytes; a graph's `tensors` compare as a
 * set keyed by id (declaration order is not meaningful); `undefined` members equal missing ones.
 */
export function diffIR(a: unknown, b: unknown, path = ''): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b)) return path || '(root)';
    return bytesEqual(a, b) ? undefined : path || '(root)';
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN attributes and data compare equal to themselves.
    if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return undefined;
    return path || '(root)';
  }
  if (Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  if (Array.isArray(a) && Array.isArray(b)) {
    if (path.endsWith('.tensors')) return diffById(a, b, path);
    if (a.length !== b.length) return `${path}.length`;
    for (let i = 0; i < a.length; i++) {
      const d = diffIR(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) {
    const d = diffIR(ra[key], rb[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return undefined;
}

function diffById(a: unknown[], b: unknown[], path: string): string | undefined {
  if (a.length !== b.length) return `${path}.length`;
  const byId = new Map<unknown, unknown>();
  for (const t of b) byId.set((t as { id?: unknown }).id, t);
  for (const t of a) {
    const id = (t as { id?: unknown }).id;
    if (!byId.has(id)) return `${path}[${String(id)}]`;
    const d = diffIR(t, byId.get(id), `${path}[${String(id)}]`);
    if (d) return d;
  }
  return undefined;
}

function bytesEqual(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** True when two models hold the same IR (see `diffIR`). */
export function modelsEqual(a: Model, b: Model): boolean {
  return diffIR(a, b) === undefined;
}
