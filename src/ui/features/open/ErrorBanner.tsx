import { errorTitle } from '../../messages';
import { studioStore, useStudio } from '../../store';

/** The last failure: what went wrong with which file, and the engine's detail. The open model stays. */
export function ErrorBanner() {
  const error = useStudio((s) => s.error);
  if (!error) return null;
  return (
    <div className="sd-error" role="alert" data-testid="error-banner" data-code={error.code}>
      <div className="sd-error__body">
        <strong className="sd-error__title">{errorTitle(error.code, error.fileName ?? 'the model')}</strong>
        <span className="sd-error__detail">{error.message}</span>
      </div>
      <button
        type="button"
        className="sd-icon-button"
        aria-label="Dismiss error"
        onClick={() => studioStore.getState().setError(null)}
      >
        ×
      </button>
    </div>
  );
}
