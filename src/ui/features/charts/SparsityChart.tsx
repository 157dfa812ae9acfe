import { memo, useCallback, useMemo } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WeightLayerView } from '../../../workers/protocol';
import { exact } from '../../format';
import { studioStore, useStudio } from '../../store';
import { tipPoint } from './chart-data';

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
      function BarShape(bar: { x?: number; y?: number; width?: number; height?: number; payload?: Point }) {
        const p = bar.payload;
        if (!p) return <g />;
        const value = series === 'zeros' ? p.zerosPct : p.channelsPct;
        return (
          <rect
            x={bar.x}
            y={bar.y}
            width={Math.max(1, bar.width ?? 0)}
            height={Math.max(0, bar.height ?? 0)}
            fill={p.nodeId === selected ? '#0f172a' : series === 'zeros' ? ZEROS : CHANNELS}
            className="sd-chart__bar"
            data-testid={series === 'zeros' ? 'chart-sparsity-bar' : 'chart-channels-bar'}
            data-node-id={p.nodeId}
            data-value={value.toFixed(2)}
            role="button"
            aria-label={`${p.name || p.op}: ${series === 'zeros' ? `${value.toFixed(1)} % zeros` : `${value.toFixed(1)} % of channels removed`}`}
            onClick={() => studioStore.getState().select(p.nodeId, { focus: true })}
          />
        );
      },
    [selected],
  );
  return (
    <figure className="sd-chart" data-testid="chart-sparsity">
      <figcaption className="sd-chart__title">
        Sparsity per layer
        <span
          className="sd-chart__peak sd-muted"
          data-testid="chart-sparsity-total"
          title="Zero weights of all layers with weights"
        >
          {(100 * total).toFixed(1)} % zeros
        </span>
      </figcaption>
      {data.length === 0 ? (
        <p className="sd-chart__empty">No layer has weights.</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 6, right: 8, bottom: 4, left: 4 }} barCategoryGap={1} barGap={0}>
            <XAxis dataKey="index" tick={false} tickLine={false} height={6} />
            <YAxis
              width={40}
              domain={[0, 100]}
              ticks={[0, 50, 100]}
              tick={{ fontSize: 10 }}
              tickLine={false}
              axisLine={false}
              tickFormatter={(v: number) => `${v} %`}
            />
            <Tooltip
              cursor={{ fill: 'rgba(15, 23, 42, 0.06)' }}
              content={(tip) => <SparsityTip point={tipPoint<Point>(tip)} />}
              isAnimationActive={false}
            />
            <Bar dataKey="zerosPct" shape={shape('zeros')} isAnimationActive={false} />
            {channels && <Bar dataKey="channelsPct" shape={shape('channels')} isAnimationActive={false} />}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
});

function SparsityTip({ point: p }: { point?: Point }) {
  if (!p) return null;
  return (
    <div className="sd-tip">
      <div className="sd-tip__title">{p.name || '(unnamed)'}</div>
      <div className="sd-tip__op">{p.op}</div>
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
    </div>
  );
}
