import { memo, useMemo } from 'react';
import { Area, AreaChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ModelSummary } from '../../../workers/protocol';
import { exact, formatBytes } from '../../format';
import { studioStore } from '../../store';
import { timelineSeries, tipPoint, type TimelinePoint } from './chart-data';

const COLOR = '#3569d6';
const PEAK = '#d8434f';

/**
 * Live activation bytes at each step of the schedule, with the peak marked. Clicking the curve selects the
 * node run at that step; clicking the peak marker (or the caption) selects the node at the peak.
 */
export const MemoryTimeline = memo(function MemoryTimeline({ summary }: { summary: ModelSummary }) {
  const data = useMemo(() => timelineSeries(summary.timeline, summary.stepNodeIds), [summary]);
  const peakStep = summary.metrics.peakStep;
  const peakBytes = summary.timeline[peakStep] ?? summary.metrics.peakActivationBytes;
  const peakNodeId = summary.stepNodeIds[peakStep] ?? '';
  const peakLayer = summary.layers.find((l) => l.nodeId === peakNodeId);
  const peakName = peakLayer ? peakLayer.name || peakLayer.op : `step ${peakStep}`;
  const selectPeak = (): void => studioStore.getState().select(peakNodeId, { focus: true });
  return (
    <figure className="sd-chart" data-testid="chart-memory">
      <figcaption className="sd-chart__title">
        Activation memory
        <button
          type="button"
          className="sd-link sd-chart__peak"
          onClick={selectPeak}
          title="Select the node at the peak"
        >
          peak {formatBytes(peakBytes)} at {peakName}
        </button>
      </figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart
          data={data}
          margin={{ top: 10, right: 12, bottom: 4, left: 4 }}
          onClick={(state) => {
            const index = typeof state.activeIndex === 'number' ? state.activeIndex : Number(state.activeIndex);
            const point = Number.isInteger(index) ? data[index] : undefined;
            if (point) studioStore.getState().select(point.nodeId, { focus: true });
          }}
        >
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            tick={{ fontSize: 10 }}
            tickLine={false}
          />
          <YAxis
            width={58}
            tick={{ fontSize: 10 }}
            tickLine={false}
            axisLine={false}
            tickFormatter={(v: number) => formatBytes(v)}
          />
          <Tooltip
            content={(tip) => <StepTip point={tipPoint<TimelinePoint>(tip)} summary={summary} />}
            isAnimationActive={false}
          />
          <Area
            type="stepAfter"
            dataKey="bytes"
            stroke={COLOR}
            fill={COLOR}
            fillOpacity={0.18}
            strokeWidth={1.5}
            isAnimationActive={false}
            dot={false}
            activeDot={{ r: 3 }}
          />
          <ReferenceLine x={peakStep} stroke={PEAK} strokeDasharray="3 3" />
          <ReferenceDot
            x={peakStep}
            y={peakBytes}
            r={5}
            shape={(props: { cx?: number; cy?: number }) => (
              <circle
                cx={props.cx}
                cy={props.cy}
                r={5}
                fill={PEAK}
                stroke="#fff"
                strokeWidth={1.5}
                role="button"
                aria-label={`Peak: ${formatBytes(peakBytes)} at ${peakName}`}
                data-testid="memory-peak"
                className="sd-chart__peak-dot"
                onClick={(event) => {
                  event.stopPropagation();
                  selectPeak();
                }}
              />
            )}
          />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
});

function StepTip({ point: p, summary }: { point?: TimelinePoint; summary: ModelSummary }) {
  if (!p) return null;
  const layer = summary.layers.find((l) => l.nodeId === p.nodeId);
  return (
    <div className="sd-tip">
      <div className="sd-tip__title">
        Step {p.step}: {layer ? layer.name || layer.op : p.nodeId}
      </div>
      {layer && <div className="sd-tip__op">{layer.op}</div>}
      <div>
        {formatBytes(p.bytes)} live <span className="sd-muted">({exact(p.bytes)} bytes)</span>
      </div>
    </div>
  );
}
