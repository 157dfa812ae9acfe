import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../../store';
import { FILE_INPUT_ID } from './OpenButton';
import { openSample } from './samples';

/** What the canvas shows before any model is open. */
export function EmptyState() {
  const { hasModel, loading, samples } = useStudio(
    useShallow((s) => ({ hasModel: s.model !== null, loading: s.loading !== null, samples: s.samples })),
  );
  if (hasModel || loading) return null;
  return (
    <div className="sd-empty">
      <h2 className="sd-empty__title">Open a model</h2>
      <p className="sd-empty__text">
        Drop an ONNX model anywhere on this window (with its <code>.data</code> file if it has one), or{' '}
        <button type="button" className="sd-link" onClick={() => document.getElementById(FILE_INPUT_ID)?.click()}>
          choose files
        </button>
        . Nothing is uploaded: the model stays in your browser.
      </p>
      {samples && samples.length > 0 && (
        <div className="sd-empty__samples">
          <span className="sd-empty__label">Or try a sample:</span>
          {samples.map((s) => (
            <button key={s.id} type="button" className="sd-button" onClick={() => void openSample(s)}>
              {s.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
