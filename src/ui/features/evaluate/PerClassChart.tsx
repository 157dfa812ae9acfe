import { memo, useMemo } from 'react';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ClassAccuracy } from '../../../core';
import { ChartTip } from '../charts/ChartTip';
import { tipPoint } from '../charts/chart-data';
import { formatAccuracy } from './explain';

interface Point {
  readonly name: string;
  readonly value: number;
  readonly row: ClassAccuracy;
}

// Class names fit under the bars up to this many classes.
const NAMED = 20;

/** Top-1 accuracy of each class, one bar per class (classes without samples have no bar). */
export const PerClassChart = memo(function PerClassChart({
  perClass,
  names,
}: {
  perClass: readonly ClassAccuracy[];
  names: readonly string[];
}) {
  const data = useMemo(
    (): Point[] =>
      perClass.map((row) => ({ name: names[row.label] ?? String(row.label), value: (row.top1 ?? 0) * 100, row })),
    [perClass, names],
  );
  const worst = perClass.reduce<ClassAccuracy | undefined>(
    (w, r) => (r.top1 !== null && (w === undefined || r.top1 < w.top1!) ? r : w),
    undefined,
  );
  return (
    <figure className="sd-chart sd-eval-chart" data-testid="evaluate-per-class">
      <figcaption className="sd-chart__title">
        Accuracy per class
        {worst && (
          <span className="sd-chart__peak">
            lowest {formatAccuracy(worst.top1!)} on {names[worst.label] ?? worst.label}
          </span>
        )}
      </figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} barCategoryGap={2}>
          <XAxis
            dataKey="name"
            interval={0}
            tick={data.length <= NAMED ? { fontSize: 10 } : false}
            tickLine={false}
            height={data.length <= NAMED ? 16 : 4}
          />
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
            isAnimationActive={false}
            content={(t) => {
              const p = tipPoint<Point>(t);
              if (!p) return null;
              return (
                <ChartTip name={`class ${p.name}`} what={`${p.row.samples} samples`}>
                  <div>
                    {p.row.top1 === null
                      ? 'no samples of this class'
                      : `${formatAccuracy(p.row.top1)} right (${p.row.correct} of ${p.row.samples})`}
                  </div>
                </ChartTip>
              );
            }}
          />
          <Bar dataKey="value" fill="#3569d6" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
});
