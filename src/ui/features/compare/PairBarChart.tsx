import { memo, useCallback } from 'react';
import { Bar } from 'recharts';
import { exact } from '../../format';
import { useStudio } from '../../store';
import { ChartTip } from '../charts/ChartTip';
import { LayerBar, type BarGeometry } from '../charts/LayerBar';
import { LayerChartFrame } from '../charts/LayerChartFrame';
import type { ComparePoint } from './compare-data';

/** The colours of A and B in every comparison chart (B, the member being judged, in the accent colour). */
export const COLOR_A = '#94a3b8';
export const COLOR_B = '#3569d6';

type Side = 'A' | 'B';

interface Props {
  readonly title: string;
  readonly testId: string;
  readonly points: readonly ComparePoint[];
  readonly value: (point: ComparePoint, side: Side) => number | undefined;
  readonly format: (value: number) => string;
  readonly tickFormat?: (value: number) => string;
  /** Unit for the exact figures in the tooltip ("bytes"). */
  readonly unit: string;
  readonly labels: { readonly a: string; readonly b: string };
  readonly empty: string;
  readonly domain?: readonly [number, number];
}

interface Row extends ComparePoint {
  readonly valueA: number;
  readonly valueB: number;
}

/** One slot per layer with A's bar beside B's; clicking a bar selects the layer on the graph shown. */
export const PairBarChart = memo(function PairBarChart(props: Props) {
  const { points, value, format, testId, labels } = props;
  const selected = useStudio((s) => s.selectedNodeId);
  const data: Row[] = points.map((p) => ({ ...p, valueA: value(p, 'A') ?? 0, valueB: value(p, 'B') ?? 0 }));
  const shape = useCallback(
    (side: Side) =>
      function PairBar(bar: BarGeometry & { payload?: Row }) {
        const p = bar.payload;
        if (!p) return <g />;
        const v = side === 'A' ? p.valueA : p.valueB;
        return (
          <LayerBar
            bar={bar}
            nodeId={side === 'A' ? (p.nodeIdA ?? p.nodeId) : p.nodeId}
            selected={p.nodeId === selected}
            color={side === 'A' ? COLOR_A : COLOR_B}
            testId={`${testId}-bar`}
            data={{ 'data-side': side, 'data-value': String(v), 'data-layer': p.name }}
            label={`${p.name || p.op}, ${side === 'A' ? labels.a : labels.b}: ${format(v)}`}
          />
        );
      },
    [selected, testId, format, labels],
  );
  return (
    <LayerChartFrame
      testId={testId}
      caption={
        <>
          {props.title}
          <span className="sd-compare__key sd-muted">
            <i style={{ background: COLOR_A }} /> A <i style={{ background: COLOR_B }} /> B
          </span>
        </>
      }
      data={data}
      empty={props.empty}
      yAxis={{
        width: 48,
        format: props.tickFormat ?? format,
        ...(props.domain ? { domain: props.domain } : {}),
      }}
      tip={(point) => <PairTip point={point} {...props} />}
      barGap={0}
    >
      <Bar dataKey="valueA" shape={shape('A')} isAnimationActive={false} />
      <Bar dataKey="valueB" shape={shape('B')} isAnimationActive={false} />
    </LayerChartFrame>
  );
});

function PairTip({ point: p, value, format, unit, labels }: Props & { point?: Row }) {
  if (!p) return null;
  const line = (side: Side) => {
    const v = value(p, side);
    const label = side === 'A' ? labels.a : labels.b;
    return (
      <div>
        {label}: {v === undefined ? '—' : format(v)}{' '}
        {v !== undefined && (
          <span className="sd-muted">
            ({exact(v)} {unit})
          </span>
        )}
      </div>
    );
  };
  return (
    <ChartTip name={p.name} what={p.opA ? `${p.opA} → ${p.op}` : p.op}>
      {line('A')}
      {line('B')}
    </ChartTip>
  );
}
