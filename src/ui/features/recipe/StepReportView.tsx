import type { StepReport } from '../../../core';
import { formatBytes } from '../../format';
import { studioStore } from '../../store';
import { db, percent, ran, times } from './report-view';

const select = (nodeId: string) => studioStore.getState().select(nodeId, { focus: true });

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
          <table className="sd-report-table" data-testid="prune-layers">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">{channels ? 'Channels' : 'Zeros'}</th>
                <th scope="col" title="Dense → bitmask / CSR bytes">
                  Bytes
                </th>
              </tr>
            </thead>
            <tbody>
              {r.layers.map((l) => (
                <tr key={`${l.nodeId}/${l.tensor}`} data-skipped={l.skipped !== undefined}>
                  <th scope="row" title={l.skipped ?? `${l.name} (${l.op})`}>
                    <button type="button" className="sd-link" onClick={() => select(l.nodeId)}>
                      {l.name || l.nodeId}
                    </button>
                  </th>
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
                </tr>
              ))}
            </tbody>
          </table>
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
          <table className="sd-report-table" data-testid="cluster-layers">
            <thead>
              <tr>
                <th scope="col">Layer</th>
                <th scope="col">k</th>
                <th scope="col">SQNR</th>
                <th scope="col" title="float32 → Huffman-coded indices, gaps and codebook">
                  Bytes
                </th>
              </tr>
            </thead>
            <tbody>
              {r.layers.map((l) => (
                <tr key={`${l.nodeId}/${l.tensor}`} data-skipped={l.skipped !== undefined}>
                  <th scope="row" title={l.skipped ?? `${l.name} (${l.op})`}>
                    <button type="button" className="sd-link" onClick={() => select(l.nodeId)}>
                      {l.name || l.nodeId}
                    </button>
                  </th>
                  <td className="sd-num">{l.skipped ? '—' : l.clusters}</td>
                  <td className="sd-num">{l.skipped ? '—' : db(l.sqnrDb)}</td>
                  <td className="sd-num">
                    {formatBytes(l.size.float32Bytes)} → {formatBytes(l.size.totalBytes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
          <table className="sd-report-table" data-testid="quantize-layers">
            <thead>
              <tr>
                <th scope="col">Tensor</th>
                <th scope="col">Type</th>
                <th scope="col">SQNR</th>
              </tr>
            </thead>
            <tbody>
              {r.layers
                .filter((l) => l.role === 'weight')
                .map((l) => (
                  <tr key={l.tensor}>
                    <th scope="row" title={`${l.name} (${l.op})`}>
                      {l.name || l.nodeId}
                    </th>
                    <td>{l.dtype}</td>
                    <td className="sd-num">{db(l.sqnrDb)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <p className="sd-field__line">
            Weights {formatBytes(r.totals.bytesBefore)} → {formatBytes(r.totals.bytesAfter)}, SQNR{' '}
            {db(r.totals.weightSqnrDb)} overall.
          </p>
          <Notes notes={r.warnings} />
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
