import { lazy, Suspense, useEffect } from 'react';
import type { PortView } from '../../../workers/protocol';
import { exact, formatPercent, formatStat } from '../../format';
import { useStudio } from '../../store';
import { statsKey } from '../../store/types';
import { requestStats } from './actions';

const Histogram = lazy(() => import('./Histogram').then((m) => ({ default: m.Histogram })));

/** Statistics and histogram of one weight, computed in the engine on first view. */
export function WeightStats({ modelId, port, color }: { modelId: string; port: PortView; color: string }) {
  const entry = useStudio((s) => s.stats[statsKey(modelId, port.id)]);
  // Asked again when the entry goes (an edit of the model drops its statistics).
  const missing = entry === undefined;
  useEffect(() => requestStats(modelId, port.id, port.name), [modelId, port.id, port.name, missing]);
  return (
    <article className="sd-weight" aria-label={`Weight ${port.name}`} data-testid="weight-stats">
      <header className="sd-weight__header">
        <span className="sd-weight__name" title={port.name}>
          {port.name}
        </span>
        <span className="sd-weight__type">
          {port.dtype} {port.shapeText}
        </span>
      </header>
      {(!entry || entry.status === 'loading') && <p className="sd-muted">Computing statistics…</p>}
      {entry?.status === 'error' && <p className="sd-weight__error">{entry.message}</p>}
      {entry?.status === 'ready' && (
        <>
          <dl className="sd-stats">
            <Stat label="min" value={formatStat(entry.stats.min)} exactValue={entry.stats.min} />
            <Stat label="max" value={formatStat(entry.stats.max)} exactValue={entry.stats.max} />
            <Stat label="mean" value={formatStat(entry.stats.mean)} exactValue={entry.stats.mean} />
            <Stat label="std" value={formatStat(entry.stats.std)} exactValue={entry.stats.std} />
            <Stat
              label="sparsity"
              value={formatPercent(entry.stats.sparsity)}
              title={`${exact(entry.stats.zeros)} zeros of ${exact(entry.stats.count)} values`}
            />
            <Stat label="values" value={exact(entry.stats.count)} />
          </dl>
          {entry.stats.dequantized && (
            <p className="sd-muted" data-testid="stats-dequantized">
              Real values: the stored {port.dtype} numbers dequantized with the scale and zero point.
            </p>
          )}
          <Suspense fallback={<div className="sd-histogram" />}>
            <Histogram edges={entry.stats.histogram.edges} counts={entry.stats.histogram.counts} color={color} />
          </Suspense>
        </>
      )}
    </article>
  );
}

function Stat({
  label,
  value,
  exactValue,
  title,
}: {
  label: string;
  value: string;
  exactValue?: number;
  title?: string;
}) {
  return (
    <div className="sd-stats__item">
      <dt>{label}</dt>
      <dd title={title ?? (exactValue !== undefined ? String(exactValue) : undefined)}>{value}</dd>
    </div>
  );
}
