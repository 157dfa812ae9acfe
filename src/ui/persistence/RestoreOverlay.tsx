import type { ProgressPhase } from '../../workers/protocol';
import { ProgressBar } from '../components/ProgressBar';
import { cancelRestore } from './actions';
import { usePersistence } from './status';
import './session.css';

// Each phase's share of one model's part of the bar (reading, describing, laying out).
const PHASE_SPAN: Partial<Readonly<Record<ProgressPhase, readonly [number, number]>>> = {
  parse: [0, 0.5],
  shapes: [0.5, 0.65],
  analysis: [0.65, 0.8],
  graph: [0.8, 0.85],
  layout: [0.85, 1],
};

/** Progress of a session being restored (after a reload) or imported, with a way to stop it. */
export function RestoreOverlay() {
  const restoring = usePersistence((s) => s.restoring);
  if (!restoring) return null;
  const { index, count, progress } = restoring;
  const [from, to] = (progress && PHASE_SPAN[progress.phase]) ?? [0, 0];
  const within = from + (to - from) * (progress?.fraction ?? 0);
  const overall = Math.round((100 * (index + within)) / Math.max(1, count));
  const what =
    restoring.source === 'import' ? `Importing ${restoring.fileName ?? 'the project'}` : 'Restoring the session';
  return (
    <>
      {/* After a reload the canvas has nothing to show yet: a plain backdrop instead of "Open a model". */}
      {restoring.source === 'reload' && <div className="sd-restore-backdrop" />}
      <div className="sd-progress" role="status" aria-live="polite" data-testid="restore-progress">
        <div className="sd-progress__text">
          {what}: model {index + 1} of {count}
          {progress?.fileName ? (
            <>
              {' '}
              <span className="sd-progress__file">{progress.fileName}</span>
            </>
          ) : null}
          …
        </div>
        <ProgressBar percent={overall} label="Restoring the session" />
        <button type="button" className="sd-button sd-button--small" onClick={cancelRestore}>
          Cancel
        </button>
      </div>
    </>
  );
}
