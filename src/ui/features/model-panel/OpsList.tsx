import { useState } from 'react';
import { classifyOp } from '../../../workers/op-family';
import { FAMILY_STYLE } from '../graph/families';

const SHOWN = 8;

/** Operator histogram, most frequent first, with bars relative to the most frequent op. */
export function OpsList({ ops }: { ops: readonly { op: string; count: number }[] }) {
  const [all, setAll] = useState(false);
  const max = ops[0]?.count ?? 1;
  const shown = all ? ops : ops.slice(0, SHOWN);
  return (
    <>
      <ul className="sd-ops" aria-label="Operators">
        {shown.map(({ op, count }) => (
          <li key={op} className="sd-ops__row">
            <span className="sd-ops__name">{op}</span>
            <span className="sd-ops__bar">
              <span
                style={{
                  width: `${Math.max(4, (100 * count) / max)}%`,
                  background: FAMILY_STYLE[classifyOp(op)].color,
                }}
              />
            </span>
            <span className="sd-ops__count">{count}</span>
          </li>
        ))}
      </ul>
      {ops.length > SHOWN && (
        <button type="button" className="sd-link" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${ops.length}`}
        </button>
      )}
    </>
  );
}
