// What the analysis drawer says: the lines under its choices, and its jobs' progress as text and percent.
import type { AnalysisProgress } from '../../../workers/protocol';
import type { AnalysisJobKind } from '../../store/analysis-slice';
import { overallFraction, PHASES } from '../quantize/explain';

export const TEXT = {
  intro:
    'Where does quantization hurt? Compare two members of the family layer by layer, and find the layers that are worth keeping in float.',
  members: 'Both run on the same samples; every layer of the first is compared with its counterpart in the second.',
  layers:
    'SQNR of each layer\u2019s output against the reference: above 30 dB the difference is small, below 20 dB the layer likely hurts accuracy.',
  sensitivity:
    'Quantizes one layer at a time (every other layer kept in float) and scores each on the data: accuracy lost when it has labels, else the output\u2019s SQNR against the float model.',
  keep: 'Makes a new variant quantized the same way, with the most costly layers kept in float.',
  samples: 'A seeded random subset, the same each time, so runs compare.',
} as const;

// Each phase's share of a job's bar.
const SPANS: Readonly<Record<'layers' | 'sensitivity', Partial<Record<string, readonly [number, number]>>>> = {
  layers: { read: [0, 0.05], evaluate: [0.05, 1] },
  sensitivity: { read: [0, 0.03], calibrate: [0.03, 0.3], evaluate: [0.3, 1] },
};

/** How far a job got, 0..100. */
export function jobPercent(kind: AnalysisJobKind, progress: AnalysisProgress | null): number {
  const phase = progress?.phase ?? 'read';
  const fraction = Math.min(1, Math.max(0, progress?.fraction ?? 0));
  if (kind === 'keep') return Math.round(100 * overallFraction(phase, fraction));
  const [from, to] = SPANS[kind][phase] ?? [0, 1];
  return Math.round(100 * (from + (to - from) * fraction));
}

/** What a running job is doing, as the progress line says it. */
export function jobText(kind: AnalysisJobKind, progress: AnalysisProgress | null): string {
  const phase = progress?.phase ?? 'read';
  if (kind === 'keep') return PHASES[phase] ?? 'Working';
  if (phase === 'read') return 'Loading the data';
  if (phase === 'calibrate') return 'Calibrating';
  if (kind === 'layers') return 'Running both models and comparing their layers';
  const layer = progress?.layer;
  return layer
    ? `Layer ${layer.index + 1} of ${layer.count} quantized alone (${layer.name || layer.nodeId})`
    : 'Running the float model and every layer quantized';
}
