import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useStudio } from '../../store';
import { FAMILY_STYLE } from './families';
import type { FlowNode } from './to-flow';

/** An operator on the canvas: op type over node name, coloured by op family. */
export const OpNode = memo(function OpNode({ id, data, sourcePosition, targetPosition }: NodeProps<FlowNode>) {
  const selected = useStudio((s) => s.selectedNodeId === id);
  const { view } = data;
  return (
    <div
      className="sd-node"
      data-testid="graph-node"
      data-node-id={id}
      data-op={view.op}
      data-family={view.family}
      data-selected={selected}
      style={{ '--family': FAMILY_STYLE[view.family].color } as CSSProperties}
      title={view.name ? `${view.op} — ${view.name}` : view.op}
    >
      <Handle type="target" position={targetPosition ?? Position.Top} isConnectable={false} />
      <div className="sd-node__op">
        {view.op}
        {view.fusedActivation && (
          <span className="sd-node__fused" data-testid="fused-activation" title="Activation fused into this operator">
            +{view.fusedActivation}
          </span>
        )}
      </div>
      <div className="sd-node__name">{view.name || '(unnamed)'}</div>
      <Handle type="source" position={sourcePosition ?? Position.Bottom} isConnectable={false} />
    </div>
  );
});
