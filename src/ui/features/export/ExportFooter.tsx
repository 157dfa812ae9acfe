import { errorTitle } from '../../messages';
import { exact, formatBytes } from '../../format';
import type { ExportFileInfo } from '../../../workers/protocol';
import { downloadExport } from './actions';
import { useExport } from './export-store';

/** The drawer's footer: the whole bundle as one .zip, why downloads are off, and how the last one went. */
export function ExportFooter({ bundle, blocked }: { bundle: ExportFileInfo | undefined; blocked: string | undefined }) {
  const save = useExport((s) => s.save);
  const saving = save.status === 'saving';
  return (
    <footer className="sd-drawer__footer">
      <button
        type="button"
        className="sd-button sd-button--primary"
        disabled={blocked !== undefined || !bundle || saving}
        data-testid="export-download-bundle"
        title={bundle ? `${bundle.name}: ${exact(bundle.bytes)} bytes` : undefined}
        onClick={() => bundle && void downloadExport([bundle.name], 'the bundle')}
      >
        Download everything (.zip{bundle ? `, ${formatBytes(bundle.bytes)}` : ''})
      </button>
      {blocked && (
        <p className="sd-field__line" data-testid="export-blocked">
          {blocked}
        </p>
      )}
      {save.status === 'saving' && (
        <p className="sd-run__note" role="status" data-testid="export-save" data-status="saving">
          Preparing {save.what}…
        </p>
      )}
      {save.status === 'saved' && (
        <p className="sd-run__note" role="status" data-testid="export-save" data-status="saved">
          Saved {save.names.join(', ')} to your downloads.
        </p>
      )}
      {save.status === 'failed' && (
        <div className="sd-run__error" role="alert" data-testid="export-save" data-status="failed">
          <strong>{errorTitle(save.error.code, save.error.fileName ?? 'the model')}</strong>
          <span>{save.error.message}</span>
        </div>
      )}
    </footer>
  );
}
