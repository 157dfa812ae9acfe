import { exact, formatBytes } from '../../format';
import type { ExportPreview } from '../../../workers/protocol';

/** What the array costs: the flash it takes and the arena to reserve (plan + margin + TFLM's own). */
export function ExportCost({ preview, stale }: { preview: ExportPreview; stale: boolean }) {
  const { flashBytes, arena } = preview;
  const parts = [
    `${exact(arena.plannedBytes)} planned`,
    `${exact(arena.marginBytes)} margin (${arena.marginPercent} %)`,
    ...(arena.overheadBytes ? [`${exact(arena.overheadBytes)} TFLM bookkeeping (estimated)`] : []),
  ];
  return (
    <dl className="sd-export__cost" aria-label="What it takes" aria-busy={stale}>
      <div>
        <dt>Flash</dt>
        <dd data-testid="export-flash" data-exact={flashBytes} title={`${exact(flashBytes)} bytes`}>
          takes {formatBytes(flashBytes)} of flash
        </dd>
      </div>
      <div>
        <dt>RAM</dt>
        <dd
          data-testid="export-arena"
          data-exact={arena.totalBytes}
          title={`${exact(arena.totalBytes)} bytes = ${parts.join(' + ')}, rounded up to 16`}
        >
          reserve {formatBytes(arena.totalBytes)} of arena ({formatBytes(arena.plannedBytes)} planned +{' '}
          {arena.marginPercent} %{arena.overheadBytes ? ' + TFLM bookkeeping' : ''})
        </dd>
      </div>
    </dl>
  );
}

/** The top of the header, as the firmware author will read it. */
export function HeaderPreview({ preview, stale }: { preview: ExportPreview; stale: boolean }) {
  const shown = preview.headerTop.split('\n').length;
  return (
    <section className="sd-export__preview" aria-label="Header preview" aria-busy={stale}>
      <p className="sd-export__caption">
        The first {Math.min(preview.headerLines, shown)} of {exact(preview.headerLines)} lines of{' '}
        <code>{preview.headerName}</code>:
      </p>
      <pre
        className="sd-export__code"
        tabIndex={0}
        aria-label={`Top of ${preview.headerName}`}
        data-testid="export-header-preview"
      >
        {preview.headerTop}
      </pre>
    </section>
  );
}
