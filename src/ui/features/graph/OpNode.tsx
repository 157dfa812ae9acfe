import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useStudio } from '../../store';
import { markOf } from '../edit/problem-marks';
import '../edit/edit.css';
import { FAMILY_STYLE } from './families';
import { nodeTint } from './tint';
import './tint.css';
import type { NodeBadge } from '../../../workers/protocol';
import type { FlowNode } from './to-flow';

/** An operator on the canvas: op type over node name, coloured by op family. */
export const OpNode = memo(function OpNode({
  id,
  data,
  sourcePosition,
  targetPosition,
  isConnectable,
}: NodeProps<FlowNode>) {
  const selected = useStudio((s) => s.selectedNodeId === id);
  // What validation found wrong here, after an edit (a red or amber outline, the sentences on hover).
  const problem = useStudio((s) => markOf(s, id));
  // A colouring by a value per node (analysis, comparison), when one is in force for this graph.
  const tint = useStudio((s) => nodeTint(s, id));
  const [tintColor, tintText] = tint ? tint.split('|') : [];
  const { view } = data;
  const name = view.name ? `${view.op} — ${view.name}` : view.op;
  const title = problem ? `${name}\n${problem.messages.join('\n')}` : name;
  return (
    <div
      className="sd-node"
      data-testid="graph-node"
      data-node-id={id}
      data-op={view.op}
      data-family={view.family}
      data-selected={selected}
      {...(tint === undefined ? {} : { 'data-tint': tint === null ? 'none' : 'value' })}
      {...(tintText ? { 'data-tint-value': tintText } : {})}
      {...(problem ? { 'data-problem': problem.severity } : {})}
      style={
        { '--family': FAMILY_STYLE[view.family].color, ...(tintColor ? { '--tint': tintColor } : {}) } as CSSProperties
      }
      title={tintText ? `${title} · ${tintText}` : title}
    >
      <Handle type="target" position={targetPosition ?? Position.Top} isConnectable={isConnectable} />
      <div className="sd-node__op">
        {view.op}
        {view.fusedActivation && (
          <span className="sd-node__fused" data-testid="fused-activation" title="Activation fused into this operator">
            +{view.fusedActivation}
          </span>
        )}
        {view.badges?.map((badge) => (
          <Badge key={badge.kind} badge={badge} />
        ))}
        {tintText && <span className="sd-node__tint">{tintText}</span>}
      </div>
      <div className="sd-node__name">{view.name || '(unnamed)'}</div>
      <Handle type="source" position={sourcePosition ?? Position.Bottom} isConnectable={isConnectable} />
    </div>
  );
});

/** What a recipe did to the node's weight: "16→8 ch" (channels removed) or "87 % zeros". */
function Badge({ badge }: { badge: NodeBadge }) {
  if (badge.kind === 'channels')
    return (
      <span
        className="sd-node__badge sd-node__badge--channels"
        data-testid="node-badge"
        data-kind="channels"
        data-before={badge.before}
        data-after={badge.after}
        title={`Output channels: ${badge.before} → ${badge.after} (structured pruning)`}
      >
        {badge.before}→{badge.after} ch
      </span>
    );
  const pct = Math.round(badge.sparsity * 100);
  return (
    <span
      className="sd-node__badge sd-node__badge--zeros"
      data-testid="node-badge"
      data-kind="zeros"
      data-sparsity={badge.sparsity.toFixed(4)}
      title={`${(badge.sparsity * 100).toFixed(1)} % of this layer's weights are zero`}
    >
      {pct} % zeros
    </span>
  );
}
