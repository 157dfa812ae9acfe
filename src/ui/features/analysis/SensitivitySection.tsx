import { useShallow } from 'zustand/react/shallow';
import type { SensitivityResult } from '../../../workers/protocol';
import { CountField } from '../../components/CountField';
import { Section } from '../../components/Section';
import { exact, formatDuration } from '../../format';
import { studioStore, useStudio } from '../../store';
import type { QuantizeForm } from '../../store/types';
import { GRANULARITY, METHODS, MODES } from '../quantize/explain';
import { formatDb } from '../quantize/report-view';
import { keepWorstInFloat, runSensitivity } from './actions';
import { TEXT } from './explain';
import { sensitivityBlocker, type ResolvedAnalysis } from './form';
import { costText, SensitivityChart } from './SensitivityChart';

const pct = (fraction: number): string => `${(100 * fraction).toFixed(2)} %`;

/** How the layers are quantized: the quantize panel's settings, said in one line. */
function settingsLine(q: QuantizeForm): string {
  const parts: string[] = [MODES[q.mode].name];
  if (q.mode !== 'float16') parts.push(GRANULARITY[q.granularity].name.toLowerCase());
  if (q.mode === 'int8')
    parts.push(`${METHODS[q.method].name.toLowerCase()} calibration on ${exact(q.samples)} samples`);
  return `Each layer is quantized as the quantize panel is set: ${parts.join(', ')}.`;
}

/** Sensitivity analysis: Run, the cost of each layer (worst first), and "keep the worst k in float". */
export function SensitivitySection({ form, busy }: { form: ResolvedAnalysis; busy: boolean }) {
  const { base, result, running } = useStudio(
    useShallow((s) => ({
      base: s.variants[0],
      result: s.sensitivity && s.variants[0]?.id === s.sensitivity.modelId ? s.sensitivity : null,
      running: s.analysisJobs.sensitivity.status === 'running',
    })),
  );
  const quantizeForm = useStudio((s) => s.quantizeForm);
  const blocked = sensitivityBlocker(form, base);
  return (
    <Section title="Sensitivity">
      <p className="sd-field__line">{TEXT.sensitivity}</p>
      <p className="sd-field__line" data-testid="analysis-sensitivity-settings">
        {settingsLine(quantizeForm)}
      </p>
      <CountField
        label="Samples per layer"
        value={form.sensitivitySamples}
        max={10000}
        testId="analysis-sensitivity-samples"
        onChange={(sensitivitySamples) => studioStore.getState().updateAnalysisForm({ sensitivitySamples })}
      />
      <div className="sd-analysis__run">
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={blocked !== undefined || running || busy}
          data-testid="analysis-sensitivity-run"
          onClick={() => void runSensitivity()}
        >
          Try each layer alone
        </button>
        {blocked && <p className="sd-field__line">{blocked}</p>}
      </div>
      {result && <SensitivityResultView result={result} form={form} busy={busy} />}
    </Section>
  );
}

function SensitivityResultView({
  result,
  form,
  busy,
}: {
  result: SensitivityResult;
  form: ResolvedAnalysis;
  busy: boolean;
}) {
  const keep = useStudio((s) => s.analysisJobs.keep);
  const usable = result.rows.filter((r) => !r.problem);
  const k = Number.isInteger(form.keepCount) ? Math.min(Math.max(form.keepCount, 0), usable.length) : 0;
  const worst = usable[0];
  const problems = result.rows.filter((r) => r.problem);
  return (
    <div data-testid="analysis-sensitivity-result">
      <p className="sd-run__note" data-testid="analysis-sensitivity-summary">
        {exact(usable.length)} layers tried on {exact(result.samples)} samples in {formatDuration(result.timings.total)}
        {result.floatTop1 !== undefined && `; float top-1 ${pct(result.floatTop1)}`}
        {result.full &&
          (result.full.top1 !== undefined
            ? `, every layer quantized ${pct(result.full.top1)}`
            : `; every layer quantized: output ${formatDb(result.full.sqnr)}`)}
        {worst && `. Most costly: ${worst.name || worst.nodeId} (${costText(result, worst)}).`}
      </p>
      <SensitivityChart result={result} keep={k} />
      {problems.length > 0 && (
        <ul className="sd-notes">
          {problems.map((r) => (
            <li key={r.nodeId}>
              {r.name || r.nodeId}: {r.problem}
            </li>
          ))}
        </ul>
      )}
      <div className="sd-analysis__keep">
        <CountField
          label="Layers to keep in float"
          value={form.keepCount}
          max={Math.max(1, usable.length)}
          testId="analysis-keep-count"
          line={TEXT.keep}
          onChange={(keepCount) => studioStore.getState().updateAnalysisForm({ keepCount })}
        />
        <button
          type="button"
          className="sd-button sd-button--primary"
          disabled={k < 1 || busy || keep.status === 'running'}
          data-testid="analysis-keep-run"
          onClick={() => void keepWorstInFloat(k)}
        >
          Keep worst {k} in float
        </button>
        {k >= 1 && (
          <p className="sd-field__line" data-testid="analysis-keep-layers">
            Kept in float:{' '}
            {usable
              .slice(0, k)
              .map((r) => r.name || r.nodeId)
              .join(', ')}
            .
          </p>
        )}
        <KeepOutcome />
      </div>
    </div>
  );
}

function KeepOutcome() {
  const { job, variant } = useStudio(
    useShallow((s) => {
      const job = s.analysisJobs.keep;
      return { job, variant: job.status === 'done' ? s.variants.find((v) => v.id === job.variantId) : undefined };
    }),
  );
  if (job.status !== 'done' || !variant) return null;
  return (
    <p className="sd-run__note" role="status" data-testid="analysis-keep-outcome">
      Made “{variant.label}”: it is shown now, and listed with the other variants.
    </p>
  );
}
