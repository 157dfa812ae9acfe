import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';

/**
 * An edge labelled with the shape of the tensor it carries. The label is plain SVG text with a halo
 * (React Flow's default label measures its text box on mount, a forced layout per edge).
 */
export const ShapeEdge = memo(function ShapeEdge(props: EdgeProps) {
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <>
      {/* A wider invisible stroke takes the right click that opens the edge's menu. */}
      <BaseEdge path={path} interactionWidth={10} />
      {props.label ? (
        <text x={labelX} y={labelY} className="sd-edge-label" textAnchor="middle" dominantBaseline="central">
          {props.label}
        </text>
      ) : null}
    </>
  );
});
