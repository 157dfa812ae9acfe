import { studioStore } from '../../store';

/** Where recharts draws a bar (what it passes to a custom `shape`). */
export interface BarGeometry {
  readonly x?: number;
  readonly y?: number;
  readonly width?: number;
  readonly height?: number;
}

/** Fill of the selected layer's bar in every chart. */
export const SELECTED_FILL = '#0f172a';

interface Props {
  readonly bar: BarGeometry;
  readonly nodeId: string;
  readonly selected: boolean;
  readonly color: string;
  readonly testId: string;
  /** What the bar says when read out: the layer and its figure. */
  readonly label: string;
  /** Extra `data-*` attributes (figures tests read). */
  readonly data?: Readonly<Record<`data-${string}`, string>>;
  /** Least height drawn (default 0; 1 keeps a zero figure visible and clickable). */
  readonly minHeight?: number;
  /** What a click does (default: select the layer's node and centre it on the graph). */
  readonly onSelect?: () => void;
}

/** One layer's bar, at least a pixel wide: clicking it selects the layer (by default on the graph shown). */
export function LayerBar({ bar, nodeId, selected, color, testId, label, data, minHeight = 0, onSelect }: Props) {
  return (
    <rect
      x={bar.x}
      y={bar.y}
      width={Math.max(1, bar.width ?? 0)}
      height={Math.max(minHeight, bar.height ?? 0)}
      fill={selected ? SELECTED_FILL : color}
      className="sd-chart__bar"
      data-testid={testId}
      data-node-id={nodeId}
      {...data}
      role="button"
      aria-label={label}
      onClick={onSelect ?? (() => studioStore.getState().select(nodeId, { focus: true }))}
    />
  );
}
