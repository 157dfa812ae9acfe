// Memory sizes as board datasheets and users write them: binary units (1 K = 1024 B), as in the catalogue.

const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, K: 1024, KB: 1024, KIB: 1024 };
const MEGA: Readonly<Record<string, number>> = { M: 1024 ** 2, MB: 1024 ** 2, MIB: 1024 ** 2 };

/**
 * "256K", "1M", "1.5 MiB", "262144" → bytes (1 K = 1024). Undefined for anything else, a size that is not
 * positive, or one that is not a whole number of bytes.
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = match[2]!.toUpperCase();
  const scale = UNITS[unit] ?? MEGA[unit];
  if (scale === undefined) return undefined;
  const bytes = Number(match[1]) * scale;
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** Bytes with a binary unit: 1536 → "1.5 KiB", 262144 → "256 KiB", 1404928 → "1.34 MiB". */
export function bytesText(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  const digits = Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0;
  return `${Number(value.toFixed(digits))} ${units[unit]}`;
}
