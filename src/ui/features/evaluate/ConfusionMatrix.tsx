import { memo } from 'react';

interface Props {
  /** confusion[label][predicted] = samples. */
  readonly confusion: readonly (readonly number[])[];
  /** A name per class (default: its index). */
  readonly names: readonly string[];
}

// Counts fit in the cells up to this many classes; past it the cells are colour only (the tooltip counts).
const NUMBERED = 12;

/** A cell's colour: the diagonal in blue by the share of its row it holds, confusions in red (boosted). */
function cellStyle(count: number, rowTotal: number, diagonal: boolean): { background: string; color?: string } {
  if (count === 0 || rowTotal === 0) return { background: 'transparent' };
  const share = count / rowTotal;
  // A confusion of a few percent matters: it is drawn four times as strong as its share.
  const alpha = diagonal ? 0.15 + 0.85 * share : Math.min(1, 0.12 + 4 * share);
  const rgb = diagonal ? '53, 105, 214' : '194, 49, 61';
  return { background: `rgba(${rgb}, ${alpha.toFixed(3)})`, ...(alpha > 0.6 ? { color: '#fff' } : {}) };
}

/**
 * The confusion matrix as a heat map: one row per true class, one column per predicted class. Readable
 * with counts for a few classes; for many (up to a hundred or so) the grid scrolls and names shorten.
 */
export const ConfusionMatrix = memo(function ConfusionMatrix({ confusion, names }: Props) {
  const n = confusion.length;
  const numbered = n <= NUMBERED;
  const name = (i: number) => names[i] ?? String(i);
  const head = (i: number) => (numbered || name(i).length <= 3 ? name(i) : String(i));
  return (
    <figure className="sd-eval-confusion" data-testid="evaluate-confusion" data-classes={n}>
      <figcaption className="sd-field__line">
        Confusion matrix: rows are the true class, columns what the model predicted.
      </figcaption>
      <div className="sd-eval-confusion__scroll">
        <table className="sd-eval-confusion__grid" data-numbered={numbered}>
          <thead>
            <tr>
              <th scope="col" className="sd-eval-confusion__corner">
                <span className="sd-visually-hidden">true class \ predicted</span>
              </th>
              {confusion.map((_, p) => (
                <th key={p} scope="col" title={`predicted ${name(p)}`}>
                  {head(p)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => {
              const total = row.reduce((a, b) => a + b, 0);
              return (
                <tr key={t}>
                  <th scope="row" title={`${name(t)}: ${total} samples`}>
                    {head(t)}
                  </th>
                  {row.map((count, p) => (
                    <td
                      key={p}
                      style={cellStyle(count, total, p === t)}
                      title={`${name(t)} predicted as ${name(p)}: ${count} of ${total}`}
                    >
                      {numbered && count > 0 ? count : ''}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </figure>
  );
});
