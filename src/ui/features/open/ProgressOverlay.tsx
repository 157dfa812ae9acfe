import type { ProgressPhase } from '../../../workers/protocol';
import { ProgressBar } from '../../components/ProgressBar';
import { useStudio } from '../../store';
import { cancelOpen } from './actions';

const PHASE_TEXT: Readonly<Record<ProgressPhase, string>> = {
  read: 'Reading',
  parse: 'Parsing',
  shapes: 'Inferring shapes of',
  analysis: 'Analysing',
  graph: 'Building the graph of',
  layout: 'Laying out',
  stats: 'Computing statistics of',
  calibrate: 'Calibrating',
  quantize: 'Quantizing',
  write: 'Writing',
  step: 'Running a recipe on',
  evaluate: 'Evaluating',
};

// Each phase's share of the bar, so it moves forward steadily across phases.
const PHASE_SPAN: Readonly<Record<ProgressPhase, [number, number]>> = {
  read: [0, 0.3],
  parse: [0.3, 0.55],
  shapes: [0.55, 0.65],
  analysis: [0.65, 0.75],
  graph: [0.75, 0.8],
  layout: [0.8, 1],
  stats: [0, 1],
  calibrate: [0, 1],
  quantize: [0, 1],
  write: [0, 1],
  step: [0, 1],
  evaluate: [0, 1],
};

/** Progress of the model being opened, with a way to cancel it. */
export function ProgressOverlay() {
  const loading = useStudio((s) => s.loading);
  if (!loading) return null;
  const phase = loading.progress?.phase ?? 'read';
  const [from, to] = PHASE_SPAN[phase];
  const overall = Math.round(100 * (from + (to - from) * (loading.progress?.fraction ?? 0)));
  const fileName = loading.progress?.fileName ?? loading.fileName;
  return (
    <div className="sd-progress" role="status" aria-live="polite">
      <div className="sd-progress__text">
        {PHASE_TEXT[phase]} <span className="sd-progress__file">{fileName}</span>…
      </div>
      <ProgressBar percent={overall} label="Opening model" />
      <button type="button" className="sd-button sd-button--small" onClick={cancelOpen}>
        Cancel
      </button>
    </div>
  );
}
