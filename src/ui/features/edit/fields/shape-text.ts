// A tensor shape as typed in the inspector: sizes, symbolic names (N, batch) and ? for unknown.
import type { Dim } from '../../../../core';

/** A shape as the editor shows it: `N, 1, 28, 28`. */
export function shapeToText(shape: readonly Dim[] | undefined): string {
  return (shape ?? []).map((d) => (d === null ? '?' : String(d))).join(', ');
}

/** The shape typed text stands for, or why it is not one. */
export function parseShapeText(text: string): { readonly shape: Dim[] } | { readonly error: string } {
  const parts = text
    .replace(/^\s*\[|\]\s*$/g, '')
    .split(/[\s,×]+/)
    .filter((p) => p !== '');
  const shape: Dim[] = [];
  for (const part of parts) {
    if (part === '?') shape.push(null);
    else if (/^\d+$/.test(part)) shape.push(Number(part));
    else if (/^[A-Za-z_][\w.:-]*$/.test(part)) shape.push(part);
    else return { error: `“${part}” is not a size, a name or ?.` };
  }
  return { shape };
}
