import { useState } from 'react';
import type { MemoryPlanView } from '../../../workers/protocol';
import { exact } from '../../format';
import { binaryBytes } from './devices';
import { studioStore } from '../../store';
import { bytesY, stepX, timelineMax, timelinePath, type Frame } from './chart-geometry';

const WIDTH = 480;
const HEIGHT = 150;
const FRAME: Frame = { left: 4, top: 8, width: WIDTH - 8, height: HEIGHT - 22 };

/**
 * Live activation bytes at each step of the schedule, the peak marked, and the SRAM the arena may use on the
 * board (its SRAM less the runtime's own) as a line. Hovering a step names its node; clicking selects it.
 */
export function LiveBytesTimeline({ view }: { view: MemoryPlanView }) {
  const [hovered, setHovered] = useState<number | null>(null);
  const steps = view.liveBytes.length;
  const budget = view.request.device.sramBytes - view.needs.runtimeOverheadBytes;
  const { max, budgetShown } = timelineMax(view.peakActivationBytes, budget);
  const peakX = stepX(FRAME, steps, view.peakStep + 0.5);
  const budgetY = bytesY(FRAME, max, budget);
  const step = hovered ?? view.peakStep;
  return (
    <figure className="sd-memory__chart" data-testid="memory-timeline">
      <figcaption className="sd-memory__caption">Live activation bytes per step</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Live bytes over ${steps} steps, peak ${binaryBytes(view.peakActivationBytes)} at step ${view.peakStep}`}
        onMouseLeave={() => setHovered(null)}
      >
        <path className="sd-memory__area" d={timelinePath(FRAME, view.liveBytes, max)} />
        {budgetShown && (
          <g data-testid="memory-budget-line">
            <line
              className="sd-memory__budget"
              x1={FRAME.left}
              x2={FRAME.left + FRAME.width}
              y1={budgetY}
              y2={budgetY}
            />
            <text className="sd-memory__budget-text" x={FRAME.left + FRAME.width - 2} y={budgetY - 3} textAnchor="end">
              SRAM for the arena on {view.request.device.name}
            </text>
          </g>
        )}
        <line className="sd-memory__peak" x1={peakX} x2={peakX} y1={FRAME.top} y2={FRAME.top + FRAME.height} />
        {view.liveBytes.map((bytes, i) => (
          <rect
            key={i}
            className="sd-memory__hit"
            x={stepX(FRAME, steps, i)}
            y={FRAME.top}
            width={Math.max(0.5, stepX(FRAME, steps, i + 1) - stepX(FRAME, steps, i))}
            height={FRAME.height}
            onMouseEnter={() => setHovered(i)}
            onClick={() => studioStore.getState().select(view.stepNodeIds[i] ?? null, { focus: true })}
          >
            <title>{`Step ${i}: ${view.stepNames[i] ?? ''}, ${exact(bytes)} bytes live`}</title>
          </rect>
        ))}
        <text className="sd-memory__axis" x={FRAME.left} y={HEIGHT - 2}>
          step 0
        </text>
        <text className="sd-memory__axis" x={FRAME.left + FRAME.width} y={HEIGHT - 2} textAnchor="end">
          step {Math.max(0, steps - 1)}
        </text>
      </svg>
      <p className="sd-memory__hover" data-testid="memory-timeline-step">
        Step {step} ({view.stepNames[step] ?? '?'}): {binaryBytes(view.liveBytes[step] ?? 0)} live
        {step === view.peakStep ? ' — the peak' : ''}
        {!budgetShown && budget > 0 ? `; the board leaves ${binaryBytes(budget)} for the arena, far above` : ''}
      </p>
    </figure>
  );
}
