import { useEffect, useMemo } from 'react';
import type { WeightComparison } from '../../../workers/protocol';
import { Section } from '../../components/Section';
import { exact, formatStat } from '../../format';
import { useStudio } from '../../store';
import { comparisonKey } from '../../store/types';
import { requestComparison } from './actions';

const W = 300;
const H = 110;
const BEFORE = '#94a3b8';
const MARKER = { centroids: '#d8434f', grid: '#0f172a' } as const;

/**
 * A variant layer's weight before (its parent's values) and after, on the same bins, with the values the
 * variant's weights were restricted to drawn over them: cluster centroids, or the quantization grid.
 * Shown for nodes of a variant that hold a weight; computed in the engine.
 */
export function WeightCompare({
  modelId,
  nodeId,
  nodeName,
  color,
}: {
  modelId: string;
  nodeId: string;
  nodeName: string;
  color: string;
}) {
  const entry = useStudio((s) => s.comparisons[comparisonKey(modelId, nodeId)]);
  // Asked again when the entry goes (an edit drops the comparisons).
  const missing = entry === undefined;
  useEffect(() => requestComparison(modelId, nodeId, nodeName), [modelId, nodeId, nodeName, missing]);
  if (entry?.status === 'ready' && entry.comparison === null) return null;
  return (
    <Section title="Before / after">
      {(!entry || entry.status === 'loading') && <p className="sd-muted">Comparing with the parent model…</p>}
      {entry?.status === 'error' && <p className="sd-weight__error">{entry.message}</p>}
      {entry?.status === 'ready' && entry.comparison && <Comparison c={entry.comparison} color={color} />}
    </Section>
  );
}

/** Bar height on a log scale: a pruned layer's spike at zero would flatten everything else. */
const height = (count: number, max: number): number => (max > 0 ? (H * Math.log1p(count)) / Math.log1p(max) : 0);

function Comparison({ c, color }: { c: WeightComparison; color: string }) {
  const lo = c.edges[0] ?? 0;
  const hi = c.edges[c.edges.length - 1] ?? 1;
  const x = (v: number): number => ((v - lo) / (hi - lo || 1)) * W;
  const max = useMemo(() => Math.max(1, ...c.before, ...c.after), [c]);
  const bins = c.after.length;
  const bw = W / Math.max(1, bins);
  const markers = c.markers;
  return (
    <div className="sd-compare" data-testid="weight-compare" data-markers={markers?.kind ?? 'none'}>
      <p className="sd-compare__tensors">
        <span title={c.parentTensor.name}>
          before: {c.parentTensor.dtype} {c.parentTensor.shapeText}
        </span>
        <span title={c.tensor.name}>
          after: {c.tensor.dtype} {c.tensor.shapeText}
        </span>
      </p>
      <svg
        className="sd-compare__plot"
        viewBox={`0 0 ${W} ${H}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Histogram of the weight before and after${markers ? `, with ${markers.values.length} ${markers.kind === 'centroids' ? 'centroids' : 'grid values'}` : ''}`}
        data-testid="weight-histogram-compare"
      >
        {c.before.map((count, i) => (
          <rect
            key={`b${i}`}
            x={i * bw}
            y={H - height(count, max)}
            width={bw}
            height={height(count, max)}
            fill={BEFORE}
            fillOpacity={0.45}
          >
            <title>{`${formatStat(c.edges[i] ?? 0)} … ${formatStat(c.edges[i + 1] ?? 0)}: ${count} before, ${c.after[i] ?? 0} after`}</title>
          </rect>
        ))}
        {c.after.map((count, i) => (
          <rect
            key={`a${i}`}
            x={i * bw + bw * 0.2}
            y={H - height(count, max)}
            width={bw * 0.6}
            height={height(count, max)}
            fill={color}
            fillOpacity={0.85}
            pointerEvents="none"
          />
        ))}
        {markers?.values.map((v, i) => (
          <line
            key={`m${i}`}
            x1={x(v)}
            x2={x(v)}
            y1={0}
            y2={H}
            stroke={MARKER[markers.kind]}
            strokeOpacity={markers.kind === 'grid' ? 0.35 : 0.9}
            strokeWidth={1}
            strokeDasharray={markers.kind === 'grid' ? '2 2' : undefined}
            vectorEffect="non-scaling-stroke"
            data-testid="histogram-marker"
            data-value={v}
          />
        ))}
      </svg>
      <div className="sd-compare__axis">
        <span>{formatStat(lo)}</span>
        <span className="sd-muted">log scale</span>
        <span>{formatStat(hi)}</span>
      </div>
      <ul className="sd-compare__legend">
        <li>
          <span className="sd-compare__swatch" style={{ background: BEFORE }} /> before: {exact(c.beforeSummary.zeros)}{' '}
          zeros of {exact(c.beforeSummary.count)}, {distinct(c.beforeSummary.distinct)}
        </li>
        <li>
          <span className="sd-compare__swatch" style={{ background: color }} /> after: {exact(c.afterSummary.zeros)}{' '}
          zeros, {distinct(c.afterSummary.distinct)}
        </li>
        {markers && (
          <li data-testid="histogram-markers-note">
            <span
              className="sd-compare__swatch sd-compare__swatch--line"
              style={{ background: MARKER[markers.kind] }}
            />{' '}
            {markers.note}
          </li>
        )}
      </ul>
    </div>
  );
}

const distinct = (n: number): string => (n > 4096 ? 'many distinct values' : `${exact(n)} distinct values`);
