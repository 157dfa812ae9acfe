import { memo, useCallback, useMemo } from 'react';
import { Bar, ReferenceLine } from 'recharts';
import type { LayerErrorRow } from '../../../core';
import type { LayerErrorResult } from '../../../workers/protocol';
import { useStudio } from '../../store';
import { ChartTip } from '../charts/ChartTip';
import { LayerBar, type BarGeometry } from '../charts/LayerBar';
import { LayerChartFrame } from '../charts/LayerChartFrame';
import { formatDb, SQNR_BAND_COLOR, sqnrBand, sqnrBarHeights } from '../quantize/report-view';
import { selectLayer } from './actions';
import { sideOf } from './form';

interface Point {
  readonly index: number;
  readonly row: LayerErrorRow;
  readonly value: number;
}

/** The measured layers with figures, in the model's node order, as bars. */
export function layerPoints(rows: readonly LayerErrorRow[]): Point[] {
  const measured = rows.filter((r) => !r.problem);
  const heights = sqnrBarHeights(measured.map((r) => r.sqnr));
  return measured.map((row, index) => ({ index, row, value: heights[index]! }));
}

/** One bar per matched layer: the SQNR of its output against the reference's (higher is better). */
export const LayerErrorChart = memo(function LayerErrorChart({ result }: { result: LayerErrorResult }) {
  const shownSide = useStudio((s) => sideOf(result, s.model?.summary.modelId));
  const selected = useStudio((s) => s.selectedNodeId);
  const data = useMemo(() => layerPoints(result.rows), [result]);
  const shape = useCallback(
    (bar: BarGeometry & { payload?: Point }) => {
      const p = bar.payload;
      if (!p) return <g />;
      const { row } = p;
      const nodeId = shownSide === 'reference' ? row.reference.nodeId : row.nodeId;
      return (
        <LayerBar
          bar={bar}
          minHeight={1}
          nodeId={row.nodeId}
          selected={shownSide !== undefined && nodeId === selected}
          color={SQNR_BAND_COLOR[sqnrBand(row.sqnr)]}
          testId="analysis-layer-bar"
          data={{ 'data-sqnr': Number.isFinite(row.sqnr) ? row.sqnr.toFixed(2) : 'exact' }}
          label={`${row.name || row.nodeId}: ${formatDb(row.sqnr)}`}
          onSelect={() => selectLayer(result, row.nodeId, row.reference.nodeId)}
        />
      );
    },
    [result, shownSide, selected],
  );
  return (
    <div className="sd-analysis__chart">
      <LayerChartFrame
        testId="analysis-layer-chart"
        caption={<>Output SQNR per layer</>}
        data={data}
        empty="No layer could be compared."
        yAxis={{ width: 44, format: (v) => `${Math.round(v)} dB` }}
        tip={(point) => <LayerTip point={point} />}
      >
        <ReferenceLine y={20} stroke={SQNR_BAND_COLOR.poor} strokeDasharray="3 3" />
        <Bar dataKey="value" shape={shape} isAnimationActive={false} />
      </LayerChartFrame>
    </div>
  );
});

function LayerTip({ point }: { point?: Point }) {
  if (!point) return null;
  const { row } = point;
  const other =
    row.reference.nodeId === row.nodeId ? '' : ` ↔ ${row.reference.name || row.reference.nodeId} (${row.reference.op})`;
  return (
    <ChartTip name={row.name || row.nodeId} what={`${row.op}${other}`}>
      <div>SQNR {formatDb(row.sqnr)}</div>
      <div className="sd-muted">
        cosine {row.cosine.toFixed(5)} · max |Δ| {row.maxAbsError.toPrecision(3)}
      </div>
    </ChartTip>
  );
}
