import { memo, useCallback, useMemo } from 'react';
import { Bar } from 'recharts';
import type { SensitivityRow } from '../../../core';
import type { SensitivityResult } from '../../../workers/protocol';
import { studioStore, useStudio } from '../../store';
import { ChartTip } from '../charts/ChartTip';
import { LayerBar, type BarGeometry } from '../charts/LayerBar';
import { LayerChartFrame } from '../charts/LayerChartFrame';
import { showVariant } from '../quantize/actions';
import { formatDb, SQNR_BAND_COLOR } from '../quantize/report-view';

interface Point {
  readonly index: number;
  readonly row: SensitivityRow;
  /** Accuracy lost in percentage points, or the output SQNR in dB. */
  readonly value: number;
  /** Among the k kept in float. */
  readonly kept: boolean;
}

const points = (result: SensitivityResult, keep: number): Point[] =>
  result.rows
    .filter((r) => !r.problem)
    .map((row, index) => ({
      index,
      row,
      value:
        result.metric === 'accuracy'
          ? 100 * Math.max(0, row.accuracyDrop ?? 0)
          : Number.isFinite(row.sqnr)
            ? Math.max(0, row.sqnr!)
            : 0,
      kept: index < keep,
    }));

/** What a layer cost, as a bar label says it. */
export function costText(result: SensitivityResult, row: SensitivityRow): string {
  const sqnr = `output ${formatDb(row.sqnr ?? NaN)}`;
  if (result.metric !== 'accuracy') return sqnr;
  const pp = 100 * (row.accuracyDrop ?? 0);
  return `${pp >= 0 ? '−' : '+'}${Math.abs(pp).toFixed(2)} pt accuracy, ${sqnr}`;
}

/** One bar per layer, most costly first: accuracy lost when quantized alone (or its output SQNR). */
export const SensitivityChart = memo(function SensitivityChart({
  result,
  keep,
}: {
  result: SensitivityResult;
  keep: number;
}) {
  const selected = useStudio((s) => (s.model?.summary.modelId === result.modelId ? s.selectedNodeId : null));
  const data = useMemo(() => points(result, keep), [result, keep]);
  const accuracy = result.metric === 'accuracy';
  const shape = useCallback(
    (bar: BarGeometry & { payload?: Point }) => {
      const p = bar.payload;
      if (!p) return <g />;
      return (
        <LayerBar
          bar={bar}
          minHeight={1}
          nodeId={p.row.nodeId}
          selected={p.row.nodeId === selected}
          color={p.kept ? SQNR_BAND_COLOR.poor : accuracy ? SQNR_BAND_COLOR.fair : '#5b7bd5'}
          testId="analysis-sensitivity-bar"
          data={{
            'data-rank': String(p.index + 1),
            'data-kept': String(p.kept),
            ...(p.row.accuracyDrop !== undefined ? { 'data-drop': p.row.accuracyDrop.toFixed(4) } : {}),
          }}
          label={`${p.row.name || p.row.nodeId}: ${costText(result, p.row)}`}
          onSelect={() => selectBase(result.modelId, p.row.nodeId)}
        />
      );
    },
    [result, selected, accuracy],
  );
  return (
    <div className="sd-analysis__chart">
      <LayerChartFrame
        testId="analysis-sensitivity-chart"
        caption={<>{accuracy ? 'Accuracy lost per layer quantized alone' : 'Output SQNR per layer quantized alone'}</>}
        data={data}
        empty="No layer could be tried."
        yAxis={
          accuracy
            ? { width: 44, format: (v) => `${v.toFixed(1)} pt` }
            : { width: 44, format: (v) => `${Math.round(v)} dB` }
        }
        tip={(point) =>
          point ? (
            <ChartTip name={point.row.name || point.row.nodeId} what={`${point.row.op} · rank ${point.index + 1}`}>
              <div>{costText(result, point.row)}</div>
              {point.row.top1 !== undefined && (
                <div className="sd-muted">top-1 {(100 * point.row.top1).toFixed(2)} %</div>
              )}
            </ChartTip>
          ) : null
        }
      >
        <Bar dataKey="value" shape={shape} isAnimationActive={false} />
      </LayerChartFrame>
    </div>
  );
});

/** Shows the float model the layers were tried in and selects the layer there. */
function selectBase(modelId: string, nodeId: string): void {
  if (studioStore.getState().model?.summary.modelId !== modelId) showVariant(modelId);
  studioStore.getState().select(nodeId, { focus: true });
}
