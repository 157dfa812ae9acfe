// Where the memory view's two charts put things (pure, for tests): x is the step, y the bytes — live
// bytes for the timeline, the arena offset for the layout.
import type { MemoryBand } from '../../../workers/protocol';

/** The inner drawing area of a chart, in SVG units. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly top: number;
}

/** x of the start of `step` when `steps` steps share the frame's width. */
export const stepX = (frame: Frame, steps: number, step: number): number =>
  frame.left + (frame.width * step) / Math.max(1, steps);

/** y of `bytes` on a scale from 0 (bottom) to `max` (top). */
export const bytesY = (frame: Frame, max: number, bytes: number): number =>
  frame.top + frame.height - (frame.height * Math.min(bytes, max)) / Math.max(1, max);

/** The outline of live bytes per step, a step held flat over its width, closed along the bottom. */
export function timelinePath(frame: Frame, liveBytes: readonly number[], max: number): string {
  const steps = liveBytes.length;
  const bottom = frame.top + frame.height;
  const parts = [`M${stepX(frame, steps, 0)},${bottom}`];
  liveBytes.forEach((bytes, step) => {
    const y = bytesY(frame, max, bytes);
    parts.push(`L${stepX(frame, steps, step)},${y}`, `L${stepX(frame, steps, step + 1)},${y}`);
  });
  parts.push(`L${stepX(frame, steps, steps)},${bottom}`, 'Z');
  return parts.join(' ');
}

/**
 * The top of the timeline's scale: the peak with some headroom, or the SRAM budget when it is close enough
 * to show on the same scale (a budget far above the peak would flatten the curve: it is then left off).
 */
export function timelineMax(peak: number, budget: number): { readonly max: number; readonly budgetShown: boolean } {
  const top = Math.max(1, peak) * 1.1;
  if (budget <= top) return { max: top, budgetShown: budget > 0 };
  if (budget <= peak * 3) return { max: budget * 1.05, budgetShown: true };
  return { max: top, budgetShown: false };
}

/** One activation's rectangle in the arena chart. */
export interface ArenaRect {
  readonly band: MemoryBand & { readonly bytes: number; readonly offset: number };
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Activations with a place in the arena: a known, non-zero size and an offset. */
export function placedBands(bands: readonly MemoryBand[]): ArenaRect['band'][] {
  return bands.filter((b): b is ArenaRect['band'] => b.bytes !== null && b.bytes > 0 && b.offset !== null);
}

/**
 * The arena as TFLM lays it out: one rectangle per placed activation, across the steps it is alive
 * (first to last, inclusive), at its offset (0 at the bottom), as tall as its bytes.
 */
export function arenaRects(frame: Frame, bands: readonly MemoryBand[], steps: number, arenaBytes: number): ArenaRect[] {
  const placed = placedBands(bands);
  const top = placed.reduce((max, b) => Math.max(max, b.offset + b.bytes), Math.max(1, arenaBytes));
  return placed.map((band) => {
    const x = stepX(frame, steps, band.first);
    const y = bytesY(frame, top, band.offset + band.bytes);
    return {
      band,
      x,
      y,
      width: Math.max(0.5, stepX(frame, steps, band.last + 1) - x),
      // A tiny tensor still gets a sliver to hover.
      height: Math.max(0.75, bytesY(frame, top, band.offset) - y),
    };
  });
}

/** A band's fill: a few distinct hues, cycling through the activations in plan order. */
export function bandColor(index: number): string {
  const hues = [212, 160, 28, 270, 340, 190, 95, 5];
  return `hsl(${hues[index % hues.length]} 58% 58%)`;
}
