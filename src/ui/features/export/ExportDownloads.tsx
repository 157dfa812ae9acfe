import { exact, formatBytes } from '../../format';
import type { ExportPreview } from '../../../workers/protocol';
import { downloadExport } from './actions';
import { downloadItems } from './downloads';
import type { ChartsState } from './export-store';

const CHARTS_ABSENT: Readonly<Record<Exclude<ChartsState, { status: 'included' }>['reason'], string>> = {
  'other-member':
    'Charts are not in the bundle: the charts dock draws the model shown only. Show this model to add them.',
  'not-drawn':
    'Charts are not in the bundle: none is drawn now. Open the per-layer charts under the graph to add them.',
  unsupported: 'Charts are not in the bundle: this browser could not turn them into images.',
};

/** A download button per file (or group of files) of the export, with its name and size. */
export function ExportDownloads({
  preview,
  charts,
  disabled,
}: {
  preview: ExportPreview;
  charts: ChartsState;
  disabled: boolean;
}) {
  const items = downloadItems(preview);
  const models = preview.files.filter((f) => f.role === 'model');
  return (
    <section className="sd-export__downloads" aria-label="Downloads">
      <h3 className="sd-section__title">Downloads</h3>
      <ul className="sd-export__files" data-testid="export-files">
        {items.map((item) => (
          <li key={item.key} className="sd-export__file">
            <span className="sd-export__file-text">
              <span className="sd-export__file-label">{item.label}</span>
              <span className="sd-export__file-name" title={`${exact(item.bytes)} bytes`}>
                {item.fileLabel} · {formatBytes(item.bytes)}
              </span>
            </span>
            <button
              type="button"
              className="sd-button sd-button--small"
              disabled={disabled}
              aria-label={`Download ${item.fileLabel}`}
              data-testid={`export-download-${item.key}`}
              onClick={() => void downloadExport(item.names, item.label, item.zipAs)}
            >
              Download
            </button>
          </li>
        ))}
      </ul>
      {models.length > 1 && (
        <p className="sd-field__line" data-testid="export-companions">
          The C array holds {preview.fileName} only; {models.length - 1} more file
          {models.length > 2 ? 's' : ''} of the model (
          {models
            .slice(1)
            .map((f) => f.name)
            .join(', ')}
          ) come beside it in the bundle and in the model download.
        </p>
      )}
      <p className="sd-field__line" data-testid="export-charts" data-status={charts.status}>
        {charts.status === 'included'
          ? `Charts in the bundle (SVG and PNG): ${charts.titles.join(', ')}.`
          : CHARTS_ABSENT[charts.reason]}
      </p>
    </section>
  );
}
