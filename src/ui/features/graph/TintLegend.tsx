import { useStudio } from '../../store';
import { studioStore } from '../../store';
import { activeTint, formatTintValue, scaleColor } from './tint';
import './tint.css';

const STOPS = [0, 0.25, 0.5, 0.75, 1];

/** The legend of the graph colouring in force: what the colours mean, their scale, and a way back. */
export function TintLegend() {
  const tint = useStudio(activeTint);
  if (!tint) return null;
  const gradient = `linear-gradient(to right, ${STOPS.map((s) => `${scaleColor(s)} ${s * 100}%`).join(', ')})`;
  const count = Object.keys(tint.values).length;
  return (
    <section className="sd-tint-legend" aria-label="Graph colouring" data-testid="graph-tint-legend">
      <div className="sd-tint-legend__title">{tint.title}</div>
      <div className="sd-tint-legend__bar" style={{ background: gradient }} aria-hidden="true" />
      <div className="sd-tint-legend__ends">
        <span data-testid="graph-tint-low">{formatTintValue(tint.low, tint.unit)}</span>
        <span data-testid="graph-tint-high">{formatTintValue(tint.high, tint.unit)}</span>
      </div>
      <div className="sd-tint-legend__line">
        {count} node{count === 1 ? '' : 's'} coloured; faded nodes have no value.
      </div>
      <button
        type="button"
        className="sd-button sd-button--small"
        data-testid="graph-tint-clear"
        onClick={() => studioStore.getState().setGraphTint(null)}
      >
        Clear colouring
      </button>
    </section>
  );
}
