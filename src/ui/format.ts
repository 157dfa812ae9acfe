// Human units for the figures the studio shows; the exact number goes in a tooltip beside each.

const SI = ['', 'k', 'M', 'G', 'T', 'P'];

function scaled(value: number): { mantissa: string; prefix: string } {
  if (!Number.isFinite(value)) return { mantissa: String(value), prefix: '' };
  let exponent = 0;
  let v = Math.abs(value);
  while (v >= 999.95 && exponent < SI.length - 1) {
    v /= 1000;
    exponent++;
  }
  const digits = exponent === 0 ? (Number.isInteger(v) ? 0 : 1) : v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return { mantissa: `${value < 0 ? '-' : ''}${v.toFixed(digits)}`, prefix: SI[exponent] ?? '' };
}

/** Bytes in decimal units: `950 B`, `24.0 kB`, `11.2 MB`. */
export function formatBytes(bytes: number): string {
  const { mantissa, prefix } = scaled(bytes);
  return `${mantissa} ${prefix}B`;
}

/** A count with an SI suffix: `950`, `5.99 k`, `2.83 G`. */
export function formatCount(count: number): string {
  const { mantissa, prefix } = scaled(count);
  return prefix ? `${mantissa} ${prefix}` : mantissa;
}

/** Multiply-accumulates: `786.6 k MACs` style (`2.83 G MACs`). */
export function formatMacs(macs: number): string {
  return `${formatCount(macs)} MACs`;
}

// One formatter for every exact figure: `toLocaleString` builds a new one on each call.
const EXACT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** The exact figure with thousands separators, for tooltips: `24,008`. */
export function exact(value: number): string {
  return EXACT.format(value);
}

/** A statistic (weights' min/max/mean/std): short but faithful. */
export function formatStat(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(3);
  return String(Number(value.toPrecision(4)));
}

/** A fraction as a percentage: `12.5%`. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0 && fraction < 0.001 ? 3 : 1)}%`;
}

/** A duration: `850 ms`, `1.2 s`. */
export const formatDuration = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
