import { memo, useCallback, useMemo } from 'react';
import { Bar, BarChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QuantizeReport } from '../../../core';
import type { GraphView } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import { formatDb, sqnrBand, sqnrSeries, worstLayer, type SqnrPoint } from '../quantize/report-view';
import { tipPoint } from './chart-data';

const BAND_COLOR = { good: '#2f9e6e', fair: '#d99a1e', poor: '#d8434f' } as const;
// Error-free weights (Infinity dB) are drawn just above the tallest finite bar.
const EXACT_HEADROOM = 1.1;

interface Bar extends SqnrPoint {
  readonly value: number;
}

/** One bar per quantized weight: its SQNR in dB (higher is better); clicking a bar selects the layer. */
export const SqnrChart = memo(function SqnrChart({ report, graph }: { report: QuantizeReport; graph: GraphView }) {
  const selected = useStudio((s) => s.selectedNodeId);
  const points = useMemo(() => sqnrSeries(report, graph), [report, graph]);
  const data = useMemo((): Bar[] => {
    const finite = points.filter((p) => Number.isFinite(p.sqnrDb)).map((p) => p.sqnrDb);
    const top = finite.length ? Math.max(...finite) * EXACT_HEADROOM : 60;
    return points.map((p) => ({ ...p, value: Number.isFinite(p.sqnrDb) ? Math.max(0, p.sqnrDb) : top }));
  }, [points]);
  const worst = worstLayer(points);
  const shape = useCallback(
    (bar: { x?: number; y?: number; width?: number; height?: number; payload?: Bar }) => {
      const p = bar.payload;
      if (!p) return <g />;
      return (
        <rect
          x={bar.x}
          y={bar.y}
          width={Math.max(1, bar.width ?? 0)}
          height={Math.max(0, bar.height ?? 0)}
          fill={p.nodeId === selected ? '#0f172a' : BAND_COLOR[sqnrBand(p.sqnrDb)]}
          className="sd-chart__bar"
          data-testid="chart-sqnr-bar"
          data-node-id={p.nodeId}
          data-sqnr={Number.isFinite(p.sqnrDb) ? p.sqnrDb.toFixed(2) : 'exact'}
          role="button"
          aria-label={`${p.name}: ${formatDb(p.sqnrDb)}`}
          onClick={() => studioStore.getState().select(p.nodeId, { focus: true })}
        />
      );
    },
    [selected],
  );
  return (
    <figure className="sd-chart" data-testid="chart-sqnr">
      <figcaption className="sd-chart__title">
        Weight SQNR per layer
        {worst && (
          <button
            type="button"
            className="sd-link sd-chart__peak"
            title="Select the layer with the lowest SQNR"
            onClick={() => studioStore.getState().select(worst.nodeId, { focus: true })}
          >
            worst {formatDb(worst.sqnrDb)} at {worst.name}
          </button>
        )}
      </figcaption>
      {data.length === 0 ? (
        <p className="sd-chart__empty">No weights were quantized.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 6, right: 8, bottom: 4, left: 4 }} barCategoryGap={1}>
            <XAxis dataKey="index" tick={false} tickLine={false} height={6} />
            <YAxis
              width={44}
              tick={{ fontSize: 10 }}
              tickLine={false}
              axisLine={false}
              tickFormatter={(v: number) => `${Math.round(v)} dB`}
            />
            <ReferenceLine y={20} stroke={BAND_COLOR.poor} strokeDasharray="3 3" />
            <Tooltip
              cursor={{ fill: 'rgba(15, 23, 42, 0.06)' }}
              content={(tip) => <SqnrTip point={tipPoint<Bar>(tip)} />}
              isAnimationActive={false}
            />
            <Bar dataKey="value" shape={shape} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});

function SqnrTip({ point: p }: { point?: Bar }) {
  if (!p) return null;
  return (
    <div className="sd-tip">
      <div className="sd-tip__title">{p.name}</div>
      <div className="sd-tip__op">
        {p.op} · {p.tensor} · {p.dtype}
      </div>
      <div>
        SQNR {formatDb(p.sqnrDb)} <span className="sd-muted">(signal to rounding noise)</span>
      </div>
    </div>
  );
}
