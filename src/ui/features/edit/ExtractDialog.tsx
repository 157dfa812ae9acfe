import { useMemo, useState } from 'react';
import type { GraphView } from '../../../workers/protocol';
import { useStudio } from '../../store';
import { extractToFile } from './extract';
import { DialogFrame } from './DialogFrame';

/** The tensors a subgraph can start or end at: every tensor a node computes or the graph takes in. */
export function activationTensors(graph: GraphView): { readonly id: string; readonly name: string }[] {
  const seen = new Map<string, string>();
  for (const node of graph.nodes)
    for (const port of node.outputs) if (!port.isConstant && !seen.has(port.id)) seen.set(port.id, port.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

interface Props {
  readonly graph: GraphView;
  /** Chosen at first: the tensors the subgraph ends at (its inputs default to the graph's). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A list of tensors to tick. */
function TensorPicks({
  legend,
  tensors,
  chosen,
  onChange,
}: {
  legend: string;
  tensors: readonly { id: string; name: string }[];
  chosen: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
}) {
  return (
    <fieldset className="sd-extract__list">
      <legend>{legend}</legend>
      {tensors.map((t) => (
        <label key={t.id} className="sd-extract__pick">
          <input
            type="checkbox"
            checked={chosen.has(t.id)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(t.id);
              else next.delete(t.id);
              onChange(next);
            }}
          />
          {t.name}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Extract a subgraph: pick the tensors it starts from (they become its inputs) and those it ends at (its
 * outputs); the engine writes what lies between as a model file of the same format, which is downloaded.
 */
export function ExtractDialog({ graph, inputs, outputs }: Props) {
  const fileName = useStudio((s) => s.model?.summary.fileName ?? 'model');
  const tensors = useMemo(() => activationTensors(graph), [graph]);
  const graphInputs = useMemo(
    () => graph.nodes.filter((n) => n.kind === 'input').flatMap((n) => n.outputs.map((p) => p.id)),
    [graph],
  );
  const [from, setFrom] = useState(() => new Set(inputs.length > 0 ? inputs : graphInputs));
  const [to, setTo] = useState(() => new Set(outputs));
  return (
    <DialogFrame
      title="Extract a subgraph"
      testId="extract-dialog"
      submitLabel="Download"
      ready={from.size > 0 && to.size > 0}
      onSubmit={() => void extractToFile([...from], [...to], fileName)}
    >
      <p className="sd-muted">
        Saves the nodes that compute the outputs from the inputs as a model of its own; this model stays as it is.
      </p>
      <div className="sd-extract">
        <TensorPicks legend="Starts from (inputs)" tensors={tensors} chosen={from} onChange={setFrom} />
        <TensorPicks legend="Ends at (outputs)" tensors={tensors} chosen={to} onChange={setTo} />
      </div>
    </DialogFrame>
  );
}
