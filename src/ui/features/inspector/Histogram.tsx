import { memo, useMemo } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatStat } from '../../format';

interface Bin {
  readonly from: number;
  readonly to: number;
  readonly centre: number;
  readonly count: number;
}

/** A weight histogram (bins from the engine's statistics). */
export const Histogram = memo(function Histogram({
  edges,
  counts,
  color,
}: {
  edges: readonly number[];
  counts: readonly number[];
  color: string;
}) {
  const data = useMemo<Bin[]>(
    () =>
      counts.map((count, i) => {
        const from = edges[i] ?? 0;
        const to = edges[i + 1] ?? from;
        return { from, to, centre: (from + to) / 2, count };
      }),
    [edges, counts],
  );
  return (
    <div className="sd-histogram" data-testid="weight-histogram">
      <ResponsiveContainer width="100%" height={120}>
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }} barCategoryGap={0}>
          <XAxis
            dataKey="centre"
            tickFormatter={(v: number) => formatStat(v)}
            tick={{ fontSize: 10 }}
            minTickGap={24}
            tickLine={false}
          />
          <YAxis width={36} tick={{ fontSize: 10 }} tickLine={false} axisLine={false} allowDecimals={false} />
          <Tooltip
            cursor={{ fill: 'rgba(15, 23, 42, 0.06)' }}
            formatter={(value) => [String(value), 'values']}
            labelFormatter={(_, payload) => {
              const bin = payload?.[0]?.payload as Bin | undefined;
              return bin ? `${formatStat(bin.from)} … ${formatStat(bin.to)}` : '';
            }}
          />
          <Bar dataKey="count" fill={color} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
