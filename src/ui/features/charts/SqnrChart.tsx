import { memo, useCallback, useMemo } from 'react';
import { Bar, ReferenceLine } from 'recharts';
import type { QuantizeReport } from '../../../core';
import type { GraphView } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import {
  formatDb,
  SQNR_BAND_COLOR,
  sqnrBand,
  sqnrBarHeights,
  sqnrSeries,
  worstLayer,
  type SqnrPoint,
} from '../quantize/report-view';
import { ChartTip } from './ChartTip';
import { LayerBar, type BarGeometry } from './LayerBar';
import { LayerChartFrame } from './LayerChartFrame';

interface Point extends SqnrPoint {
  readonly value: number;
}

/** One bar per quantized weight: its SQNR in dB (higher is better); clicking a bar selects the layer. */
export const SqnrChart = memo(function SqnrChart({ report, graph }: { report: QuantizeReport; graph: GraphView }) {
  const selected = useStudio((s) => s.selectedNodeId);
  const points = useMemo(() => sqnrSeries(report, graph), [report, graph]);
  const data = useMemo((): Point[] => {
    const heights = sqnrBarHeights(points.map((p) => p.sqnrDb));
    return points.map((p, i) => ({ ...p, value: heights[i]! }));
  }, [points]);
  const worst = worstLayer(points);
  const shape = useCallback(
    (bar: BarGeometry & { payload?: Point }) => {
      const p = bar.payload;
      if (!p) return <g />;
      return (
        <LayerBar
          bar={bar}
          nodeId={p.nodeId}
          selected={p.nodeId === selected}
          color={SQNR_BAND_COLOR[sqnrBand(p.sqnrDb)]}
          testId="chart-sqnr-bar"
          data={{ 'data-sqnr': Number.isFinite(p.sqnrDb) ? p.sqnrDb.toFixed(2) : 'exact' }}
          label={`${p.name}: ${formatDb(p.sqnrDb)}`}
        />
      );
    },
    [selected],
  );
  return (
    <LayerChartFrame
      testId="chart-sqnr"
      caption={
        <>
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
        </>
      }
      data={data}
      empty="No weights were quantized."
      yAxis={{ width: 44, format: (v) => `${Math.round(v)} dB` }}
      tip={(point) => <SqnrTip point={point} />}
    >
      <ReferenceLine y={20} stroke={SQNR_BAND_COLOR.poor} strokeDasharray="3 3" />
      <Bar dataKey="value" shape={shape} isAnimationActive={false} />
    </LayerChartFrame>
  );
});

function SqnrTip({ point: p }: { point?: Point }) {
  if (!p) return null;
  return (
    <ChartTip name={p.name} what={`${p.op} · ${p.tensor} · ${p.dtype}`}>
      <div>
        SQNR {formatDb(p.sqnrDb)} <span className="sd-muted">(signal to rounding noise)</span>
      </div>
    </ChartTip>
  );
}
