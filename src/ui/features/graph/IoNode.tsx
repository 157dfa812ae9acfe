import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useStudio } from '../../store';
import { markOf } from '../edit/problem-marks';
import type { FlowNode } from './to-flow';

/** A graph input or output: its name and type. */
export const IoNode = memo(function IoNode({
  id,
  data,
  sourcePosition,
  targetPosition,
  isConnectable,
}: NodeProps<FlowNode>) {
  const selected = useStudio((s) => s.selectedNodeId === id);
  const problem = useStudio((s) => markOf(s, id));
  const { view } = data;
  const port = view.kind === 'input' ? view.outputs[0] : view.inputs[0];
  return (
    <div
      className={`sd-node sd-node--io sd-node--${view.kind}`}
      data-testid="graph-node"
      data-node-id={id}
      data-op={view.op}
      data-selected={selected}
      {...(problem ? { 'data-problem': problem.severity } : {})}
      title={problem ? `${view.op} ${view.name}\n${problem.messages.join('\n')}` : `${view.op} ${view.name}`}
    >
      {view.kind === 'output' && (
        <Handle type="target" position={targetPosition ?? Position.Top} isConnectable={false} />
      )}
      <div className="sd-node__op">
        {view.op}
        {port && <span className="sd-node__type">{` ${port.dtype} ${port.shapeText}`}</span>}
      </div>
      <div className="sd-node__name">{view.name}</div>
      {view.kind === 'input' && (
        <Handle type="source" position={sourcePosition ?? Position.Bottom} isConnectable={isConnectable} />
      )}
    </div>
  );
});
