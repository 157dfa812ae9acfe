import { memo, useCallback } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { exact } from '../../format';
import { studioStore, useStudio } from '../../store';
import { tipPoint, type LayerPoint } from './chart-data';

interface Props {
  readonly title: string;
  readonly series: readonly LayerPoint[];
  readonly format: (value: number) => string;
  /** Short form for axis ticks (default: `format`). */
  readonly tickFormat?: (value: number) => string;
  readonly unit: string;
  readonly testId: string;
  readonly color: string;
  readonly empty: string;
}

/** One bar per layer; clicking a bar selects that node and centres it on the graph. */
export const LayerBarChart = memo(function LayerBarChart(props: Props) {
  const { series, format, unit, testId, color } = props;
  const selected = useStudio((s) => s.selectedNodeId);
  const shape = useCallback(
    (bar: { x?: number; y?: number; width?: number; height?: number; payload?: LayerPoint }) => {
      const p = bar.payload;
      if (!p) return <g />;
      return (
        <rect
          x={bar.x}
          y={bar.y}
          width={Math.max(1, bar.width ?? 0)}
          height={Math.max(0, bar.height ?? 0)}
          fill={p.nodeId === selected ? '#0f172a' : color}
          className="sd-chart__bar"
          data-testid={`${testId}-bar`}
          data-node-id={p.nodeId}
          role="button"
          aria-label={`${p.name || p.op}: ${format(p.value)}`}
          onClick={() => studioStore.getState().select(p.nodeId, { focus: true })}
        />
      );
    },
    [selected, color, testId, format],
  );
  return (
    <figure className="sd-chart" data-testid={testId}>
      <figcaption className="sd-chart__title">{props.title}</figcaption>
      {series.length === 0 ? (
        <p className="sd-chart__empty">{props.empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series as LayerPoint[]} margin={{ top: 6, right: 8, bottom: 4, left: 4 }} barCategoryGap={1}>
            <XAxis dataKey="index" tick={false} tickLine={false} height={6} />
            <YAxis
              width={52}
              tick={{ fontSize: 10 }}
              tickLine={false}
              axisLine={false}
              tickFormatter={(v: number) => (props.tickFormat ?? format)(v)}
            />
            <Tooltip
              cursor={{ fill: 'rgba(15, 23, 42, 0.06)' }}
              content={(tip) => <LayerTip point={tipPoint<LayerPoint>(tip)} format={format} unit={unit} />}
              isAnimationActive={false}
            />
            <Bar dataKey="value" shape={shape} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});

function LayerTip({ point: p, format, unit }: { point?: LayerPoint; format: (v: number) => string; unit: string }) {
  if (!p) return null;
  return (
    <div className="sd-tip">
      <div className="sd-tip__title">{p.name || '(unnamed)'}</div>
      <div className="sd-tip__op">{p.op}</div>
      <div>
        {format(p.value)}{' '}
        <span className="sd-muted">
          ({exact(p.value)} {unit})
        </span>
      </div>
    </div>
  );
}
