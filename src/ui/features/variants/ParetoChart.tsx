import { memo, useMemo, useState } from 'react';
import { LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { exact, formatBytes } from '../../format';
import { showVariant } from '../quantize/actions';
import { tipPoint } from '../charts/chart-data';
import { ChartTip } from '../charts/ChartTip';
import { paretoPoints, type CostAxis, type ParetoPoint } from './pareto';
import type { VariantRow } from './table-rows';

const FRONT = '#3569d6';
const OFF = '#94a3b8';

const AXES: Readonly<Record<CostAxis, { name: string; line: string }>> = {
  size: { name: 'File size', line: 'Bytes of the model file(s): what the flash must hold.' },
  peak: { name: 'Peak memory', line: 'Peak activation bytes: what the RAM must hold while it runs.' },
};

const accuracy = (y: number): string => `${(100 * y).toFixed(2)} %`;

/** The accuracy axis: the points' range with some room, so close accuracies do not sit on one line. */
function accuracyDomain(points: readonly ParetoPoint[]): [number, number] {
  const ys = points.map((p) => p.y);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = Math.max(0.002, (hi - lo) * 0.2);
  return [Math.max(0, lo - pad), Math.min(1, hi + pad)];
}

interface DotProps {
  readonly cx?: number;
  readonly cy?: number;
  readonly payload?: ParetoPoint;
}

/**
 * Accuracy against cost, one point per evaluated member: the Pareto front (members nothing beats on both)
 * joined by a line, the rest hollow. Clicking a point shows that member; the shown one is ringed.
 */
export const ParetoChart = memo(function ParetoChart({
  rows,
  shownId,
  axis: initial = 'size',
}: {
  rows: readonly VariantRow[];
  shownId: string | undefined;
  axis?: CostAxis;
}) {
  const [axis, setAxis] = useState<CostAxis>(initial);
  const { points, front, missing } = useMemo(() => paretoPoints(rows, axis), [rows, axis]);
  const xMax = Math.max(1, ...points.map((p) => p.x)) * 1.15;
  const dot = (props: DotProps) => {
    const p = props.payload;
    if (!p || props.cx === undefined || props.cy === undefined) return <g />;
    const shown = p.id === shownId;
    return (
      <g
        className="sd-pareto__point"
        role="button"
        tabIndex={0}
        aria-label={`${p.label}: ${formatBytes(p.x)}, ${accuracy(p.y)} top-1${p.onFront ? ', on the Pareto front' : ''}`}
        data-testid="pareto-point"
        data-model-id={p.id}
        data-front={p.onFront}
        data-x={p.x}
        data-y={p.y}
        onClick={() => showVariant(p.id)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            showVariant(p.id);
          }
        }}
      >
        {shown && <circle cx={props.cx} cy={props.cy} r={10} fill="none" stroke="#0f172a" strokeWidth={1.5} />}
        <circle
          cx={props.cx}
          cy={props.cy}
          r={6}
          fill={p.onFront ? FRONT : '#fff'}
          stroke={p.onFront ? FRONT : OFF}
          strokeWidth={2}
        />
      </g>
    );
  };
  return (
    <div className="sd-pareto" data-testid="pareto">
      <div className="sd-pareto__axis" role="radiogroup" aria-label="Cost axis">
        {(Object.keys(AXES) as CostAxis[]).map((key) => (
          <button
            key={key}
            type="button"
            role="radio"
            aria-checked={axis === key}
            className="sd-pareto__axis-choice"
            title={AXES[key].line}
            data-testid={`pareto-axis-${key}`}
            onClick={() => setAxis(key)}
          >
            {AXES[key].name}
          </button>
        ))}
      </div>
      {points.length === 0 ? (
        <p className="sd-chart__empty sd-pareto__empty" data-testid="pareto-empty">
          No member is evaluated yet: evaluate the original and its variants to place them here.
        </p>
      ) : (
        <figure className="sd-pareto__chart" aria-label={`Top-1 accuracy against ${AXES[axis].name.toLowerCase()}`}>
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 520, height: 260 }}>
            <ScatterChart margin={{ top: 34, right: 40, bottom: 8, left: 4 }}>
              <XAxis
                type="number"
                dataKey="x"
                name={AXES[axis].name}
                domain={[0, xMax]}
                tick={{ fontSize: 10 }}
                tickFormatter={(v: number) => formatBytes(v)}
                label={{ value: AXES[axis].name, position: 'insideBottomRight', offset: -2, fontSize: 11 }}
                height={34}
              />
              <YAxis
                type="number"
                dataKey="y"
                name="Top-1"
                domain={accuracyDomain(points)}
                tick={{ fontSize: 10 }}
                tickFormatter={(v: number) => `${(100 * v).toFixed(1)} %`}
                width={52}
              />
              <Tooltip
                isAnimationActive={false}
                cursor={false}
                content={(tip) => <PointTip point={tipPoint<ParetoPoint>(tip)} axis={axis} />}
              />
              <Scatter
                data={front}
                line={{ stroke: FRONT, strokeWidth: 1.5, strokeDasharray: '4 3' }}
                lineType="joint"
                shape={() => <g />}
                isAnimationActive={false}
                legendType="none"
                tooltipType="none"
              />
              <Scatter data={points} shape={dot} isAnimationActive={false}>
                <LabelList dataKey="label" position="top" offset={10} fontSize={11} fill="#334155" />
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
        </figure>
      )}
      {missing.length > 0 && (
        <p className="sd-pareto__missing" data-testid="pareto-missing">
          Not evaluated yet: {missing.map((r) => r.label).join(', ')}.
        </p>
      )}
    </div>
  );
});

function PointTip({ point: p, axis }: { point?: ParetoPoint; axis: CostAxis }) {
  if (!p) return null;
  return (
    <ChartTip
      name={p.label}
      what={p.onFront ? 'On the Pareto front' : 'Off the front: another member is no larger and no less accurate'}
    >
      <div>
        {AXES[axis].name}: {formatBytes(p.x)} <span className="sd-muted">({exact(p.x)} bytes)</span>
      </div>
      <div>Top-1: {accuracy(p.y)}</div>
    </ChartTip>
  );
}
