import type { StepReport } from '../../../core';
import { formatBytes } from '../../format';
import { LayerReportTable } from './LayerReportTable';
import { db, percent, ran, times } from './report-view';

/** One step's report: per-layer rows and the step's notes. */
export function StepReportView({ report }: { report: StepReport }) {
  if (!ran(report)) return null;
  switch (report.kind) {
    case 'cleanup': {
      const r = report.report;
      return (
        <div className="sd-step-report__body">
          <p className="sd-field__line">
            {r.nodesBefore} → {r.nodesAfter} nodes
          </p>
          <ul className="sd-notes">
            {r.passes.map((p) => (
              <li key={p.pass}>
                {p.pass}: {p.changed} change{p.changed === 1 ? '' : 's'}
                {p.details.length > 0 && (
                  <span className="sd-muted">
                    {' '}
                    — {p.details.slice(0, 4).join('; ')}
                    {p.details.length > 4 ? '; …' : ''}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      );
    }
    case 'prune': {
      const r = report.report;
      const channels = r.method === 'channels';
      return (
        <div className="sd-step-report__body">
          <LayerReportTable
            testId="prune-layers"
            columns={[
              'Layer',
              channels ? 'Channels' : 'Zeros',
              { label: 'Bytes', title: 'Dense → bitmask / CSR bytes' },
            ]}
            layers={r.layers}
            cells={(l) => (
              <>
                <td className="sd-num">
                  {l.skipped
                    ? 'kept'
                    : channels && l.channelsBefore !== undefined
                      ? `${l.channelsBefore}→${l.channelsAfter}`
                      : percent(l.sparsity)}
                </td>
                <td
                  className="sd-num"
                  title={`dense ${l.denseBytes} B, bitmask ${l.bitmaskBytes} B, CSR ${l.csrBytes} B`}
                >
                  {formatBytes(l.denseBytes)} → {formatBytes(Math.min(l.bitmaskBytes, l.csrBytes))}
                </td>
              </>
            )}
          />
          <p className="sd-field__line">
            {percent(r.totals.sparsity)} zeros overall
            {r.threshold !== undefined ? ` (global threshold |w| < ${r.threshold.toPrecision(3)})` : ''}.
          </p>
          <Notes notes={r.notes} />
        </div>
      );
    }
    case 'cluster': {
      const r = report.report;
      return (
        <div className="sd-step-report__body">
          <LayerReportTable
            testId="cluster-layers"
            columns={[
              'Layer',
              'k',
              'SQNR',
              { label: 'Bytes', title: 'float32 → Huffman-coded indices, gaps and codebook' },
            ]}
            layers={r.layers}
            cells={(l) => (
              <>
                <td className="sd-num">{l.skipped ? '—' : l.clusters}</td>
                <td className="sd-num">{l.skipped ? '—' : db(l.sqnrDb)}</td>
                <td className="sd-num">
                  {formatBytes(l.size.float32Bytes)} → {formatBytes(l.size.totalBytes)}
                </td>
              </>
            )}
          />
          <p className="sd-field__line">
            {formatBytes(r.totals.float32Bytes)} → {formatBytes(r.totals.totalBytes)} (
            {times(r.totals.compressionRatio)}
            ): indices {formatBytes(r.totals.huffmanIndexBytes)}, gaps {formatBytes(r.totals.huffmanPositionBytes)},
            codebooks {formatBytes(r.totals.codebookBytes)} after Huffman coding.
          </p>
          <Notes notes={r.notes} />
        </div>
      );
    }
    case 'quantize': {
      const r = report.report;
      return (
        <div className="sd-step-report__body">
          <LayerReportTable
            testId="quantize-layers"
            columns={['Tensor', 'Type', 'SQNR']}
            layers={r.layers.filter((l) => l.role === 'weight')}
            cells={(l) => (
              <>
                <td>{l.dtype}</td>
                <td className="sd-num">{db(l.sqnrDb)}</td>
              </>
            )}
          />
          <p className="sd-field__line">
            Weights {formatBytes(r.totals.bytesBefore)} → {formatBytes(r.totals.bytesAfter)}, SQNR{' '}
            {db(r.totals.weightSqnrDb)} overall.
          </p>
          <Notes notes={r.warnings} />
        </div>
      );
    }
    case 'edit': {
      const r = report.report;
      return (
        <div className="sd-step-report__body">
          <p className="sd-field__line">
            {r.operations} edit{r.operations === 1 ? '' : 's'}: {r.nodesBefore} → {r.nodesAfter} nodes
          </p>
          <Notes notes={r.details} />
        </div>
      );
    }
  }
}

function Notes({ notes }: { notes: readonly string[] }) {
  if (!notes.length) return null;
  return (
    <ul className="sd-notes">
      {notes.map((n, i) => (
        <li key={i}>{n}</li>
      ))}
    </ul>
  );
}
