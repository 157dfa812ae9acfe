import { persistenceStore, usePersistence, type SaveState } from './status';

const STATE_TEXT: Readonly<Record<SaveState, string>> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  off: 'Not saved',
};

const STATE_TITLE: Readonly<Record<SaveState, string>> = {
  idle: '',
  saving: 'Keeping the session in this browser',
  saved: 'The session is kept in this browser: a reload brings it back',
  off: 'The session is not kept in this browser',
};

/** Whether the session is kept in this browser, and a notice when something about it needs saying. */
export function SessionStatus() {
  const save = usePersistence((s) => s.save);
  const notice = usePersistence((s) => s.notice);
  return (
    <>
      <span className="sd-session__state" data-testid="session-status" data-state={save} title={STATE_TITLE[save]}>
        {STATE_TEXT[save]}
      </span>
      {notice && (
        <div className="sd-session__notice" role="status" data-testid="session-notice">
          <span>{notice}</span>
          <button
            type="button"
            className="sd-icon-button"
            aria-label="Dismiss the session notice"
            onClick={() => persistenceStore.getState().setNotice(null)}
          >
            ×
          </button>
        </div>
      )}
    </>
  );
}
