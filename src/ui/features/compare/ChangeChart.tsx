import { memo, useCallback } from 'react';
import { Bar } from 'recharts';
import { useStudio } from '../../store';
import { ChartTip } from '../charts/ChartTip';
import { LayerBar, type BarGeometry } from '../charts/LayerBar';
import { LayerChartFrame } from '../charts/LayerChartFrame';
import type { ComparePoint } from './compare-data';

const COLOR = '#d1495b';

/** A change in percent, with more digits when it is small. */
export function formatChange(pct: number): string {
  if (pct === 0) return '0 %';
  return `${pct >= 10 ? pct.toFixed(0) : pct >= 1 ? pct.toFixed(1) : pct.toPrecision(2)} %`;
}

/** How far each layer's weight moved from A to B (‖B − A‖ / ‖A‖); clicking a bar selects the layer. */
export const ChangeChart = memo(function ChangeChart({
  points,
  total,
}: {
  points: readonly ComparePoint[];
  /** Over every compared layer, in percent. */
  total: number | undefined;
}) {
  const selected = useStudio((s) => s.selectedNodeId);
  const shape = useCallback(
    (bar: BarGeometry & { payload?: ComparePoint }) => {
      const p = bar.payload;
      if (!p || p.changePct === undefined) return <g />;
      return (
        <LayerBar
          bar={bar}
          nodeId={p.nodeId}
          selected={p.nodeId === selected}
          color={COLOR}
          testId="compare-change-bar"
          data={{ 'data-value': String(p.changePct), 'data-layer': p.name }}
          label={`${p.name || p.op}: weight moved ${formatChange(p.changePct)}`}
        />
      );
    },
    [selected],
  );
  return (
    <LayerChartFrame
      testId="compare-change"
      caption={
        <>
          Weight change per layer
          {total !== undefined && (
            <span
              className="sd-chart__peak sd-muted"
              data-testid="compare-change-total"
              title="‖B − A‖ / ‖A‖ over all compared layers"
            >
              {formatChange(total)} overall
            </span>
          )}
        </>
      }
      data={points}
      empty="No layer's weights could be lined up between A and B."
      yAxis={{ width: 44, format: (v) => `${v} %` }}
      tip={(point) =>
        point ? (
          <ChartTip name={point.name} what={point.opA ? `${point.opA} → ${point.op}` : point.op}>
            <div>‖B − A‖ / ‖A‖: {formatChange(point.changePct ?? 0)}</div>
            {point.elementsA !== point.elementsB && (
              <div>
                {point.elementsA} → {point.elementsB} weights
              </div>
            )}
            {point.note && <div className="sd-muted">{point.note}</div>}
          </ChartTip>
        ) : null
      }
    >
      <Bar dataKey="changePct" shape={shape} isAnimationActive={false} />
    </LayerChartFrame>
  );
});
