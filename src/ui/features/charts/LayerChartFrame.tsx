import type { ReactNode } from 'react';
import { BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { tipPoint } from './chart-data';

interface Props<T> {
  readonly testId: string;
  /** The caption: the chart's title and what stands beside it (a total, the worst layer). */
  readonly caption: ReactNode;
  /** One entry per bar slot, in node order (`index` on the x axis). */
  readonly data: readonly T[];
  /** Said instead of the chart when `data` is empty. */
  readonly empty: string;
  readonly yAxis: {
    readonly width: number;
    readonly domain?: readonly [number, number];
    readonly ticks?: readonly number[];
    readonly format: (value: number) => string;
  };
  /** The tooltip of the bar under the pointer. */
  readonly tip: (point: T | undefined) => ReactNode;
  /** Gap between the bars of one slot (when it has several series). */
  readonly barGap?: number;
  /** The `<Bar>` series and any reference lines. */
  readonly children: ReactNode;
}

/**
 * The frame of every per-layer bar chart: caption, an empty state, and a responsive bar chart with one slot
 * per layer (no x ticks), a small y axis and a tooltip.
 */
export function LayerChartFrame<T>({ testId, caption, data, empty, yAxis, tip, barGap, children }: Props<T>) {
  return (
    <figure className="sd-chart" data-testid={testId}>
      <figcaption className="sd-chart__title">{caption}</figcaption>
      {data.length === 0 ? (
        <p className="sd-chart__empty">{empty}</p>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data as T[]}
            margin={{ top: 6, right: 8, bottom: 4, left: 4 }}
            barCategoryGap={1}
            {...(barGap !== undefined ? { barGap } : {})}
          >
            <XAxis dataKey="index" tick={false} tickLine={false} height={6} />
            <YAxis
              width={yAxis.width}
              {...(yAxis.domain ? { domain: [...yAxis.domain] } : {})}
              {...(yAxis.ticks ? { ticks: [...yAxis.ticks] } : {})}
              tick={{ fontSize: 10 }}
              tickLine={false}
              axisLine={false}
              tickFormatter={(v: number) => yAxis.format(v)}
            />
            <Tooltip
              cursor={{ fill: 'rgba(15, 23, 42, 0.06)' }}
              content={(t) => tip(tipPoint<T>(t))}
              isAnimationActive={false}
            />
            {children}
          </BarChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
