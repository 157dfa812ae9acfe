import { useId, useState } from 'react';
import type { GraphView } from '../../../workers/protocol';
import { runEdit } from './actions';
import { sourceTensors, targetInputs } from './connect';
import { DialogFrame } from './DialogFrame';

interface Props {
  readonly graph: GraphView;
  readonly source: string;
  readonly target: string;
}

/** After a drag between two nodes that leaves a choice: which output feeds which input. */
export function RewireDialog({ graph, source, target }: Props) {
  const from = graph.nodes.find((n) => n.id === source);
  const to = graph.nodes.find((n) => n.id === target);
  const tensors = from ? sourceTensors(from) : [];
  const inputs = to ? targetInputs(to) : [];
  const [tensor, setTensor] = useState(tensors[0]?.id ?? '');
  const [input, setInput] = useState(inputs[0]?.index ?? 0);
  const tensorId = useId();
  const inputId = useId();
  return (
    <DialogFrame
      title={`Connect ${from?.name || source} to ${to?.name || target}`}
      testId="rewire-dialog"
      submitLabel="Connect"
      ready={tensor !== '' && to !== undefined}
      onSubmit={() => void runEdit({ kind: 'rewireInput', node: target, input, tensor })}
    >
      <div className="sd-field">
        <label htmlFor={tensorId}>Output</label>
        <select id={tensorId} value={tensor} onChange={(e) => setTensor(e.target.value)}>
          {tensors.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="sd-field">
        <label htmlFor={inputId}>Replaces input</label>
        <select id={inputId} value={input} onChange={(e) => setInput(Number(e.target.value))}>
          {inputs.map((p) => (
            <option key={p.index} value={p.index}>
              {p.index}: {p.name}
            </option>
          ))}
        </select>
      </div>
    </DialogFrame>
  );
}
