import { useStudio } from '../../store';
import { dismissEditNotice } from './actions';

/**
 * How the last edit ended, when there is something to say: a refused edit gives the core's sentence (the
 * model is unchanged), an applied one what it chose to do (e.g. a graph output that changed its name).
 */
export function EditNotice() {
  const job = useStudio((s) => s.editJob);
  if (job.status === 'failed')
    return (
      <div className="sd-edit-notice sd-edit-notice--error" role="alert" data-testid="edit-notice" data-status="failed">
        <div>
          <strong>
            {job.label === 'undo' || job.label === 'redo' ? `Could not ${job.label}` : `${job.label}: refused`}
          </strong>
          <span>{job.error.message}</span>
          <span className="sd-muted">The model is unchanged.</span>
        </div>
        <button type="button" className="sd-icon-button" aria-label="Dismiss" onClick={dismissEditNotice}>
          ×
        </button>
      </div>
    );
  if (job.status === 'done' && job.notes.length > 0)
    return (
      <div className="sd-edit-notice" role="status" data-testid="edit-notice" data-status="done">
        <div>
          <strong>{job.label}</strong>
          {job.notes.map((note) => (
            <span key={note}>{note}</span>
          ))}
        </div>
        <button type="button" className="sd-icon-button" aria-label="Dismiss" onClick={dismissEditNotice}>
          ×
        </button>
      </div>
    );
  return null;
}
