import type { GraphNodeView } from '../../../../workers/protocol';
import { Section } from '../../../components/Section';
import { useStudio } from '../../../store';
import { runEdit } from '../actions';

/**
 * Which of the node's outputs the model exposes as graph outputs: tick one to expose it (to inspect or
 * evaluate it), untick to stop (the nodes computing it stay).
 */
export function GraphOutputsField({ node }: { node: GraphNodeView }) {
  const exposed = useStudio((s) => s.model?.summary.outputs);
  const ports = node.kind === 'output' ? node.inputs : node.outputs.filter((p) => !p.isConstant);
  if (ports.length === 0 || node.kind === 'input') return null;
  const isOutput = (id: string) => exposed?.some((t) => t.id === id) ?? false;
  return (
    <Section title="Graph outputs">
      <ul className="sd-edit-outputs">
        {ports.map((port) => (
          <li key={port.id}>
            <label>
              <input
                type="checkbox"
                checked={isOutput(port.id)}
                onChange={(e) =>
                  void runEdit(
                    e.target.checked
                      ? { kind: 'addGraphOutput', tensor: port.id }
                      : { kind: 'removeGraphOutput', tensor: port.id },
                  )
                }
              />
              {port.name} is a graph output
            </label>
          </li>
        ))}
      </ul>
    </Section>
  );
}
