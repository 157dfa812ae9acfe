import { useMemo, useState } from 'react';
import { OP_FAMILIES } from '../../../workers/op-family';
import type { GraphView } from '../../../workers/protocol';
import { FAMILY_STYLE } from './families';

/** Which colour means which op family, with how many nodes of each the graph has. */
export function Legend({ graph }: { graph: GraphView }) {
  const [open, setOpen] = useState(true);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const n of graph.nodes) if (n.kind === 'op') c.set(n.family, (c.get(n.family) ?? 0) + 1);
    return c;
  }, [graph]);
  return (
    <section className="sd-legend" aria-label="Legend">
      <button type="button" className="sd-legend__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend
      </button>
      {open && (
        <ul className="sd-legend__list">
          {OP_FAMILIES.map((family) => (
            <li key={family} className="sd-legend__item" data-present={(counts.get(family) ?? 0) > 0}>
              <span className="sd-legend__swatch" style={{ background: FAMILY_STYLE[family].color }} />
              <span className="sd-legend__label">{FAMILY_STYLE[family].label}</span>
              <span className="sd-legend__count">{counts.get(family) ?? 0}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
