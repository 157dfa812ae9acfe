import { memo, useCallback, useMemo } from 'react';
import { Bar } from 'recharts';
import type { WeightLayerView } from '../../../workers/protocol';
import { exact } from '../../format';
import { useStudio } from '../../store';
import { ChartTip } from './ChartTip';
import { LayerBar, type BarGeometry } from './LayerBar';
import { LayerChartFrame } from './LayerChartFrame';

const ZEROS = '#7b4fd1';
const CHANNELS = '#e07b24';

interface Point extends WeightLayerView {
  readonly index: number;
  /** Zero weights, in percent. */
  readonly zerosPct: number;
  /** Output channels removed, in percent (0 when the layer kept them all). */
  readonly channelsPct: number;
}

type Series = 'zeros' | 'channels';

/** The rows of the chart: one per layer with a weight, in node order. */
export function sparsityPoints(layers: readonly WeightLayerView[]): Point[] {
  return layers.map((l, index) => ({
    ...l,
    index,
    zerosPct: 100 * l.sparsity,
    channelsPct:
      l.channelsBefore && l.channelsAfter !== undefined
        ? (100 * (l.channelsBefore - l.channelsAfter)) / l.channelsBefore
        : 0,
  }));
}

/**
 * Per-layer sparsity of a recipe variant: the share of each layer's weights that are zero, and (after
 * structured pruning) the share of its output channels removed. Clicking a bar selects the layer.
 */
export const SparsityChart = memo(function SparsityChart({ layers }: { layers: readonly WeightLayerView[] }) {
  const selected = useStudio((s) => s.selectedNodeId);
  const data = useMemo(() => sparsityPoints(layers), [layers]);
  const channels = data.some((p) => p.channelsPct > 0);
  const total = useMemo(() => {
    let zeros = 0;
    let elements = 0;
    for (const l of layers) {
      zeros += l.zeros;
      elements += l.elements;
    }
    return elements ? zeros / elements : 0;
  }, [layers]);
  const shape = useCallback(
    (series: Series) =>
      function BarShape(bar: BarGeometry & { payload?: Point }) {
        const p = bar.payload;
        if (!p) return <g />;
        const value = series === 'zeros' ? p.zerosPct : p.channelsPct;
        return (
          <LayerBar
            bar={bar}
            nodeId={p.nodeId}
            selected={p.nodeId === selected}
            color={series === 'zeros' ? ZEROS : CHANNELS}
            testId={series === 'zeros' ? 'chart-sparsity-bar' : 'chart-channels-bar'}
            data={{ 'data-value': value.toFixed(2) }}
            label={`${p.name || p.op}: ${series === 'zeros' ? `${value.toFixed(1)} % zeros` : `${value.toFixed(1)} % of channels removed`}`}
          />
        );
      },
    [selected],
  );
  return (
    <LayerChartFrame
      testId="chart-sparsity"
      caption={
        <>
          Sparsity per layer
          <span
            className="sd-chart__peak sd-muted"
            data-testid="chart-sparsity-total"
            title="Zero weights of all layers with weights"
          >
            {(100 * total).toFixed(1)} % zeros
          </span>
        </>
      }
      data={data}
      empty="No layer has weights."
      yAxis={{ width: 40, domain: [0, 100], ticks: [0, 50, 100], format: (v) => `${v} %` }}
      tip={(point) => <SparsityTip point={point} />}
      barGap={0}
    >
      <Bar dataKey="zerosPct" shape={shape('zeros')} isAnimationActive={false} />
      {channels && <Bar dataKey="channelsPct" shape={shape('channels')} isAnimationActive={false} />}
    </LayerChartFrame>
  );
});

function SparsityTip({ point: p }: { point?: Point }) {
  if (!p) return null;
  return (
    <ChartTip name={p.name} what={p.op}>
      <div>
        {p.zerosPct.toFixed(1)} % zeros{' '}
        <span className="sd-muted">
          ({exact(p.zeros)} of {exact(p.elements)})
        </span>
      </div>
      {p.channelsBefore !== undefined && (
        <div>
          channels {p.channelsBefore} → {p.channelsAfter}
        </div>
      )}
      {p.clusters !== undefined && <div>{p.clusters} clusters</div>}
    </ChartTip>
  );
}
