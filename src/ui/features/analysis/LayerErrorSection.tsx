import { useShallow } from 'zustand/react/shallow';
import type { LayerErrorResult } from '../../../workers/protocol';
import { CountField } from '../../components/CountField';
import { Section } from '../../components/Section';
import { exact, formatDuration, formatPercent, formatStat } from '../../format';
import { studioStore, useStudio } from '../../store';
import { formatDb } from '../quantize/report-view';
import { applyTint, runLayerError, selectLayer } from './actions';
import { TEXT } from './explain';
import { layerBlocker, TINT_SOURCE, type ResolvedAnalysis } from './form';
import { LayerErrorChart } from './LayerErrorChart';

/** Per-layer error: Run, then the SQNR chart, a summary, the graph colouring, and a table of every figure. */
export function LayerErrorSection({ form, busy }: { form: ResolvedAnalysis; busy: boolean }) {
  const { result, running, variants } = useStudio(
    useShallow((s) => {
      const result = s.layerError;
      const live = result && [result.modelId, result.referenceId].every((id) => s.variants.some((v) => v.id === id));
      return {
        result: live ? result : null,
        running: s.analysisJobs.layers.status === 'running',
        variants: s.variants,
      };
    }),
  );
  const labels: Record<string, string> = Object.fromEntries(variants.map((v) => [v.id, v.label]));
  const blocked = layerBlocker(form);
  return (
    <Section title="Per-layer error">
      <p className="sd-field__line">{TEXT.layers}</p>
      <CountField
        label="Samples"
        value={form.samples}
        max={10000}
        testId="analysis-samples"
        onChange={(samples) => studioStore.getState().updateAnalysisForm({ samples })}
      />
      <div className="sd-analysis__run">
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined || running || busy}
          data-testid="analysis-layers-run"
          onClick={() => void runLayerError()}
        >
          Measure every layer
        </button>
        {blocked && (
          <p className="sd-field__line" data-testid="analysis-layers-blocked">
            {blocked}
          </p>
        )}
      </div>
      {result && <LayerErrorResultView result={result} labels={labels} />}
    </Section>
  );
}

function LayerErrorResultView({ result, labels }: { result: LayerErrorResult; labels: Record<string, string> }) {
  const tinted = useStudio((s) => s.graphTint?.source === TINT_SOURCE);
  const measured = result.rows.filter((r) => !r.problem);
  const worst = measured.reduce<(typeof measured)[number] | undefined>(
    (w, r) => (!w || r.sqnr < w.sqnr ? r : w),
    undefined,
  );
  const out = result.output;
  return (
    <div data-testid="analysis-layers-result">
      <p className="sd-run__note" data-testid="analysis-layers-summary">
        {labels[result.modelId] ?? result.modelId} against {labels[result.referenceId] ?? result.referenceId}:{' '}
        {exact(measured.length)} layers on {exact(result.samples)} samples in {formatDuration(result.timings.total)}
        {worst && (
          <>
            {'; worst '}
            <button
              type="button"
              className="sd-link"
              onClick={() => selectLayer(result, worst.nodeId, worst.reference.nodeId)}
            >
              {worst.name || worst.nodeId} {formatDb(worst.sqnr)}
            </button>
          </>
        )}
        {`; outputs agree on ${formatPercent(out.agreement)} of samples (SQNR ${formatDb(out.sqnr)}).`}
      </p>
      <LayerErrorChart result={result} />
      <div className="sd-analysis__actions">
        <button
          type="button"
          className="sd-button sd-button--small"
          data-testid="analysis-tint"
          aria-pressed={tinted}
          onClick={() => (tinted ? studioStore.getState().setGraphTint(null) : applyTint(result))}
        >
          {tinted ? 'Clear the graph colouring' : 'Colour the graph by SQNR'}
        </button>
      </div>
      {result.unmatched.length > 0 && (
        <p className="sd-field__line" data-testid="analysis-unmatched">
          No counterpart in the reference: {result.unmatched.map((l) => l.name || l.nodeId).join(', ')}.
        </p>
      )}
      <details className="sd-analysis__details">
        <summary>Every layer (MSE, cosine, max |Δ|)</summary>
        <table className="sd-overrides__table" data-testid="analysis-layer-table">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Op</th>
              <th scope="col" className="sd-num">
                SQNR
              </th>
              <th scope="col" className="sd-num">
                MSE
              </th>
              <th scope="col" className="sd-num">
                Cosine
              </th>
              <th scope="col" className="sd-num">
                max |Δ|
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.nodeId} data-node-id={r.nodeId}>
                <th
                  scope="row"
                  title={r.reference.nodeId !== r.nodeId ? `↔ ${r.reference.name || r.reference.nodeId}` : undefined}
                >
                  {r.name || r.nodeId}
                </th>
                <td>{r.op}</td>
                {r.problem ? (
                  <td colSpan={4} className="sd-muted">
                    {r.problem}
                  </td>
                ) : (
                  <>
                    <td className="sd-num">{formatDb(r.sqnr)}</td>
                    <td className="sd-num">{formatStat(r.mse)}</td>
                    <td className="sd-num">{r.cosine.toFixed(5)}</td>
                    <td className="sd-num">{formatStat(r.maxAbsError)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {result.notes.length > 0 && (
        <ul className="sd-notes">
          {result.notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
