// Colouring the graph by a value per node (the analysis slice's GraphTint): red at the scale's worst end,
// amber in the middle, green at its best; values past either end take that end's colour.
import type { GraphTint } from '../../store/analysis-slice';
import type { StudioState } from '../../store/types';

/** The tint in force for the graph shown (a tint of another member is kept, but not drawn). */
export function activeTint(state: Pick<StudioState, 'graphTint' | 'model'>): GraphTint | null {
  const tint = state.graphTint;
  return tint && tint.modelId === state.model?.summary.modelId ? tint : null;
}

/** Where `value` lies on the tint's scale: 0 at `low` (worst), 1 at `high` (best). */
export function tintPosition(value: number, low: number, high: number): number {
  if (Number.isNaN(value)) return 0;
  if (high === low) return value >= high ? 1 : 0;
  return Math.min(1, Math.max(0, (value - low) / (high - low)));
}

/** The colour of a position on the scale (hue 0° red → 45° amber → 135° green). */
export function scaleColor(position: number): string {
  const hue = Math.round(135 * Math.min(1, Math.max(0, position)));
  return `hsl(${hue} 62% 46%)`;
}

/** The colour a tint gives `nodeId`; null when the node has no value (it is drawn faded). */
export function tintColor(tint: GraphTint, nodeId: string): string | null {
  const value = tint.values[nodeId];
  return value === undefined ? null : scaleColor(tintPosition(value, tint.low, tint.high));
}

/** A value as the legend and tooltips show it: "41.3 dB"; "exact" for +Infinity. */
export function formatTintValue(value: number, unit?: string): string {
  if (value === Infinity) return 'exact';
  const text = Math.abs(value) >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
  return unit ? `${text} ${unit}` : text;
}

/**
 * What OpNode reads for one node: undefined without a tint in force, null for a node the tint has no
 * value for, else its colour and value text (a string pair keeps the store selector's result comparable).
 */
export function nodeTint(state: Pick<StudioState, 'graphTint' | 'model'>, nodeId: string): string | null | undefined {
  const tint = activeTint(state);
  if (!tint) return undefined;
  const color = tintColor(tint, nodeId);
  return color === null ? null : `${color}|${formatTintValue(tint.values[nodeId]!, tint.unit)}`;
}
