import type { Shape } from '../core/index';

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes with a binary unit: 1536 → "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** MACs with a decimal unit: 2834161664 → "2.83 G". */
export function formatMacs(n: number): string {
  if (n < 1000) return String(n);
  const units = ['', 'K', 'M', 'G', 'T'];
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** `[1, 3, 224, 224]`, `[N, 10]`, `[?, 10]`, `?` for unknown rank. */
export function formatShapeText(shape: Shape | undefined): string {
  if (shape === undefined) return '?';
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** Left/right aligned columns; `align[i]` 'r' right-aligns column i. Text is cut to `maxWidth` per column. */
export function table(rows: readonly (readonly string[])[], align: string, maxWidth = 40): string {
  const cut = rows.map((row) => row.map((cell) => (cell.length > maxWidth ? `${cell.slice(0, maxWidth - 1)}…` : cell)));
  const widths: number[] = [];
  for (const row of cut) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return cut
    .map((row) =>
      row
        .map((cell, i) => (align[i] === 'r' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
