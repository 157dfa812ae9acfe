import { useMemo, useState } from 'react';
import type { MemoryPlanView } from '../../../workers/protocol';
import { exact } from '../../format';
import { binaryBytes } from './devices';
import { selectProducer } from './actions';
import { arenaRects, bandColor, stepX, type ArenaRect, type Frame } from './chart-geometry';

const WIDTH = 480;
const HEIGHT = 200;
const FRAME: Frame = { left: 4, top: 6, width: WIDTH - 8, height: HEIGHT - 22 };

function lifetime(view: MemoryPlanView, rect: ArenaRect): string {
  const { first, last } = rect.band;
  const from = view.stepNames[first] ?? `step ${first}`;
  const to = view.stepNames[last] ?? `step ${last}`;
  return first === last ? `step ${first} (${from})` : `steps ${first}–${last} (${from} → ${to})`;
}

function describe(view: MemoryPlanView, rect: ArenaRect): string {
  const { band } = rect;
  return `${band.name}: ${exact(band.bytes)} bytes (${band.shapeText} ${band.dtype}) at offset ${exact(band.offset)}, alive ${lifetime(view, rect)}`;
}

/**
 * The arena as TFLM's greedy planner lays it out: x is the step, y the offset in the arena, one rectangle
 * per activation across the steps it is alive. Hovering names it; clicking selects the node producing it.
 */
export function ArenaLayoutChart({ view }: { view: MemoryPlanView }) {
  const steps = view.liveBytes.length;
  const rects = useMemo(() => arenaRects(FRAME, view.bands, steps, view.arenaBytes), [view, steps]);
  const [hovered, setHovered] = useState<ArenaRect | null>(null);
  const peakX = stepX(FRAME, steps, view.peakStep + 0.5);
  return (
    <figure className="sd-memory__chart" data-testid="memory-arena">
      <figcaption className="sd-memory__caption">
        Arena layout ({binaryBytes(view.arenaBytes)}, TFLM greedy plan): one band per activation
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Arena of ${binaryBytes(view.arenaBytes)} holding ${rects.length} activations`}
        onMouseLeave={() => setHovered(null)}
      >
        <rect className="sd-memory__arena-bg" x={FRAME.left} y={FRAME.top} width={FRAME.width} height={FRAME.height} />
        {rects.map((rect, i) => (
          <rect
            key={rect.band.tensorId}
            className="sd-memory__band"
            data-testid="memory-arena-band"
            data-tensor={rect.band.tensorId}
            data-hovered={hovered === rect}
            x={rect.x}
            y={rect.y}
            width={rect.width}
            height={rect.height}
            fill={bandColor(i)}
            onMouseEnter={() => setHovered(rect)}
            onClick={() => selectProducer(view, rect.band.producerNodeId, rect.band.tensorId)}
          >
            <title>{describe(view, rect)}</title>
          </rect>
        ))}
        <line
          className="sd-memory__peak"
          data-testid="memory-arena-peak"
          x1={peakX}
          x2={peakX}
          y1={FRAME.top}
          y2={FRAME.top + FRAME.height}
        />
        <text className="sd-memory__axis" x={FRAME.left} y={HEIGHT - 2}>
          offset 0 at the bottom · step →
        </text>
        <text className="sd-memory__peak-text" x={peakX + 3} y={FRAME.top + 9}>
          peak
        </text>
      </svg>
      <p className="sd-memory__hover" data-testid="memory-arena-hover">
        {hovered ? describe(view, hovered) : 'Hover a band for its tensor; click it to select the node producing it.'}
      </p>
    </figure>
  );
}
