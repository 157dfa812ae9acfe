import { lazy, Suspense, useEffect, useRef } from 'react';
import type { OutputStatistics, ReferenceMetrics } from '../../../core';
import { MetaRow } from '../../components/MetaRow';
import { Section } from '../../components/Section';
import { formatDuration, formatStat } from '../../format';
import type { EvaluationRecord } from '../../store/evaluate-slice';
import { formatDb } from '../quantize/report-view';
import { ConfusionMatrix } from './ConfusionMatrix';
import { formatAccuracy, formatError } from './explain';

const FRESH_MS = 3000;

// recharts loads with the first result, not with the page.
const PerClassChart = lazy(() => import('./PerClassChart').then((m) => ({ default: m.PerClassChart })));

/** The figures of one evaluation: accuracy, how it compares with its reference, per class, and notes. */
export function ResultsView({
  record,
  label,
  referenceLabel,
}: {
  record: EvaluationRecord;
  /** The model's name in the family ("Original", "int8 static"). */
  label: string;
  referenceLabel?: string;
}) {
  const { result: r } = record;
  const metrics = r.result;
  const c = metrics.classification;
  const names = record.classes ?? [];
  const correct = c ? c.perClass.reduce((sum, row) => sum + row.correct, 0) : 0;
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // A result that just arrived is brought into view (the form above it may fill the drawer).
    if (Date.now() - record.finishedAt < FRESH_MS)
      top.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [record.finishedAt]);
  return (
    <div ref={top}>
      <Section title={`Results: ${label}`}>
        <dl className="sd-meta" data-testid="evaluate-results" data-model-id={record.modelId}>
          {c ? (
            <>
              <MetaRow label="Top-1 accuracy">
                <strong className="sd-eval-big" data-testid="evaluate-top1" data-value={c.top1}>
                  {formatAccuracy(c.top1)}
                </strong>{' '}
                <span className="sd-muted">
                  ({correct.toLocaleString('en-US')} of {c.samples.toLocaleString('en-US')})
                </span>
              </MetaRow>
              {c.top5 !== undefined && (
                <MetaRow label="Top-5 accuracy">
                  <span data-testid="evaluate-top5">{formatAccuracy(c.top5)}</span>
                </MetaRow>
              )}
            </>
          ) : (
            <MetaRow label="Accuracy">
              <span className="sd-muted" data-testid="evaluate-unlabelled">
                not scored: the data has no class labels
              </span>
            </MetaRow>
          )}
          <MetaRow label="Data">{record.dataLabel}</MetaRow>
          <MetaRow label="Samples">{metrics.samples.toLocaleString('en-US')}</MetaRow>
          <MetaRow label="Runtime">{r.runtime}</MetaRow>
          <MetaRow label="Time">
            <span data-testid="evaluate-time">
              {formatDuration(r.timings.total)}{' '}
              <span className="sd-muted">
                (load {formatDuration(r.timings.load)}, run {formatDuration(r.timings.run)})
              </span>
            </span>
          </MetaRow>
        </dl>
        {metrics.reference && (
          <ReferenceFigures metrics={metrics.reference} against={referenceLabel ?? 'the reference'} />
        )}
        {!c && <StatisticsFigures stats={metrics.statistics} output={metrics.output} />}
        {c && (
          <>
            <Suspense fallback={<p className="sd-field__line">Loading the chart…</p>}>
              <PerClassChart perClass={c.perClass} names={names} />
            </Suspense>
            <ConfusionMatrix confusion={c.confusion} names={names} />
          </>
        )}
        {metrics.notes.length > 0 && (
          <ul className="sd-eval-notes" data-testid="evaluate-notes" aria-label="How the data was fed">
            {metrics.notes.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function ReferenceFigures({ metrics: m, against }: { metrics: ReferenceMetrics; against: string }) {
  return (
    <dl className="sd-meta" data-testid="evaluate-reference">
      <MetaRow label={`Agreement with ${against}`}>
        <strong data-testid="evaluate-agreement" data-value={m.agreement}>
          {formatAccuracy(m.agreement)}
        </strong>{' '}
        <span className="sd-muted">same top class</span>
      </MetaRow>
      <MetaRow label="Output SQNR">{formatDb(m.sqnr)}</MetaRow>
      <MetaRow label="Output MSE">{formatError(m.mse)}</MetaRow>
      <MetaRow label="Cosine similarity">{m.cosine.toFixed(5)}</MetaRow>
      <MetaRow label="Max |Δ|">{formatError(m.maxAbsError)}</MetaRow>
    </dl>
  );
}

function StatisticsFigures({ stats: s, output }: { stats: OutputStatistics; output: string }) {
  return (
    <dl className="sd-meta" data-testid="evaluate-statistics">
      <MetaRow label={`Output ${output}`}>
        {s.count.toLocaleString('en-US')} values
        {s.nonFinite > 0 && <span className="sd-field__warn"> and {s.nonFinite} NaN / ∞</span>}
      </MetaRow>
      <MetaRow label="Min / max">
        {formatStat(s.min)} / {formatStat(s.max)}
      </MetaRow>
      <MetaRow label="Mean ± std">
        {formatStat(s.mean)} ± {formatStat(s.std)}
      </MetaRow>
    </dl>
  );
}
