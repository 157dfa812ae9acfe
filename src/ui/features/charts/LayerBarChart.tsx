import { memo, useCallback } from 'react';
import { Bar } from 'recharts';
import { exact } from '../../format';
import { useStudio } from '../../store';
import type { LayerPoint } from './chart-data';
import { ChartTip } from './ChartTip';
import { LayerBar, type BarGeometry } from './LayerBar';
import { LayerChartFrame } from './LayerChartFrame';

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
    (bar: BarGeometry & { payload?: LayerPoint }) => {
      const p = bar.payload;
      if (!p) return <g />;
      return (
        <LayerBar
          bar={bar}
          nodeId={p.nodeId}
          selected={p.nodeId === selected}
          color={color}
          testId={`${testId}-bar`}
          label={`${p.name || p.op}: ${format(p.value)}`}
        />
      );
    },
    [selected, color, testId, format],
  );
  return (
    <LayerChartFrame
      testId={testId}
      caption={props.title}
      data={series}
      empty={props.empty}
      yAxis={{ width: 52, format: props.tickFormat ?? format }}
      tip={(point) => <LayerTip point={point} format={format} unit={unit} />}
    >
      <Bar dataKey="value" shape={shape} isAnimationActive={false} />
    </LayerChartFrame>
  );
});

function LayerTip({ point: p, format, unit }: { point?: LayerPoint; format: (v: number) => string; unit: string }) {
  if (!p) return null;
  return (
    <ChartTip name={p.name} what={p.op}>
      <div>
        {format(p.value)}{' '}
        <span className="sd-muted">
          ({exact(p.value)} {unit})
        </span>
      </div>
    </ChartTip>
  );
}
