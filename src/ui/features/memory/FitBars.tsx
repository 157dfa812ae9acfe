import type { MemoryPlanView } from '../../../workers/protocol';
import { exact } from '../../format';
import { binaryBytes } from './devices';

interface Part {
  readonly label: string;
  readonly bytes: number;
  readonly kind: string;
}

interface BarProps {
  readonly resource: 'sram' | 'flash';
  readonly title: string;
  readonly parts: readonly Part[];
  readonly capacity: number;
  readonly fits: boolean;
  readonly board: string;
}

/** One resource: what takes it, part by part, against the board's capacity (the marker). */
function FitBar({ resource, title, parts, capacity, fits, board }: BarProps) {
  const need = parts.reduce((sum, p) => sum + p.bytes, 0);
  const scale = Math.max(need, capacity, 1);
  const pct = (bytes: number) => `${(100 * bytes) / scale}%`;
  const verdict = fits
    ? `fits: ${binaryBytes(capacity - need)} to spare`
    : `does not fit: ${binaryBytes(need - capacity)} over`;
  return (
    <div className="sd-memory__fit" data-testid={`memory-fit-${resource}`} data-fits={fits} data-need={need}>
      <div className="sd-memory__fit-head">
        <strong>{title}</strong>
        <span title={`${exact(need)} of ${exact(capacity)} bytes`}>
          {binaryBytes(need)} of {binaryBytes(capacity)}
        </span>
      </div>
      <div
        className="sd-memory__bar"
        role="meter"
        aria-label={`${title} on ${board}`}
        aria-valuemin={0}
        aria-valuemax={capacity}
        aria-valuenow={need}
        aria-valuetext={`${binaryBytes(need)} of ${binaryBytes(capacity)}, ${fits ? 'fits' : 'does not fit'}`}
      >
        {parts.map((p) => (
          <span
            key={p.kind}
            className={`sd-memory__bar-part sd-memory__bar-part--${p.kind}`}
            style={{ width: pct(p.bytes) }}
            title={`${p.label}: ${exact(p.bytes)} bytes`}
          />
        ))}
        <span className="sd-memory__bar-capacity" style={{ left: pct(capacity) }} aria-hidden="true" />
      </div>
      <div className="sd-memory__fit-foot">
        <span className="sd-memory__legend">
          {parts.map((p) => (
            <span key={p.kind} className={`sd-memory__key sd-memory__key--${p.kind}`}>
              {p.label} {binaryBytes(p.bytes)}
            </span>
          ))}
        </span>
        <span className="sd-memory__verdict" data-fits={fits} data-testid={`memory-verdict-${resource}`}>
          {verdict}
        </span>
      </div>
    </div>
  );
}

/** Flash (model + runtime code, an estimate) and SRAM (arena + runtime overhead) against the board. */
export function FitBars({ view }: { view: MemoryPlanView }) {
  const { needs, request } = view;
  const board = request.device.name;
  return (
    <div className="sd-memory__fits" aria-label={`Fit on ${board}`}>
      <FitBar
        resource="sram"
        title="SRAM"
        board={board}
        capacity={request.device.sramBytes}
        fits={needs.sram}
        parts={[
          { kind: 'arena', label: 'arena', bytes: needs.arenaBytes },
          { kind: 'runtime', label: 'runtime overhead', bytes: needs.runtimeOverheadBytes },
        ]}
      />
      <FitBar
        resource="flash"
        title="Flash"
        board={board}
        capacity={request.device.flashBytes}
        fits={needs.flash}
        parts={[
          { kind: 'model', label: 'model', bytes: needs.modelBytes },
          { kind: 'code', label: 'runtime code (estimate)', bytes: needs.codeBytes },
        ]}
      />
    </div>
  );
}
