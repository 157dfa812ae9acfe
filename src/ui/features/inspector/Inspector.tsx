import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Figure } from '../../components/Figure';
import { Section } from '../../components/Section';
import { formatBytes, formatCount } from '../../format';
import { useStudio } from '../../store';
import { AttributeFields } from '../edit/fields/AttributeFields';
import { GraphOutputsField } from '../edit/fields/GraphOutputsField';
import { InitializerField } from '../edit/fields/InitializerField';
import { InputShapeField } from '../edit/fields/InputShapeField';
import { NodeNameField } from '../edit/fields/NodeNameField';
import { markOf } from '../edit/problem-marks';
import { FAMILY_STYLE, IO_COLOR } from '../graph/families';
import { PortList } from './PortList';
import { WeightCompare } from './WeightCompare';
import { WeightStats } from './WeightStats';

/** Everything about the selected node: op, name, attributes, inputs/outputs, per-layer figures, weights. */
export function Inspector() {
  const { model, selectedId } = useStudio(useShallow((s) => ({ model: s.model, selectedId: s.selectedNodeId })));
  const node = useMemo(() => model?.graph.nodes.find((n) => n.id === selectedId), [model, selectedId]);
  const layer = useMemo(() => model?.summary.layers.find((l) => l.nodeId === selectedId), [model, selectedId]);
  const problem = useStudio((s) => (selectedId === null ? undefined : markOf(s, selectedId)));

  if (!model) return <p className="sd-panel__hint">Open a model to inspect its nodes.</p>;
  if (!node)
    return (
      <div className="sd-panel__hint">
        <p>Select a node on the graph to see its attributes, tensor shapes and weight statistics.</p>
        <p className="sd-muted">Tip: search with Ctrl/⌘ F, or click a bar in the charts.</p>
      </div>
    );
  const color = node.kind === 'op' ? FAMILY_STYLE[node.family].color : IO_COLOR;
  const weights = node.inputs.filter((p) => p.isConstant);
  return (
    <div className="sd-inspector" data-testid="inspector" data-node-id={node.id}>
      <header className="sd-inspector__header">
        <span className="sd-chip" style={{ background: color }}>
          {node.kind === 'op'
            ? FAMILY_STYLE[node.family].label
            : node.kind === 'input'
              ? 'Graph input'
              : 'Graph output'}
        </span>
        <h2 className="sd-inspector__op" data-testid="inspector-op">
          {node.op}
        </h2>
        <NodeNameField key={node.id} node={node} />
        {node.domain && <p className="sd-muted">domain {node.domain}</p>}
      </header>
      {problem && (
        <ul className="sd-inspector__problems" data-severity={problem.severity} aria-label="Problems of this node">
          {problem.messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      {layer && (
        <dl className="sd-kv-grid">
          <div>
            <dt>MACs</dt>
            <dd>
              <Figure value={layer.macs} text={formatCount(layer.macs)} unit="MACs" />
            </dd>
          </div>
          <div>
            <dt>Params</dt>
            <dd>
              <Figure value={layer.params} text={formatCount(layer.params)} unit="parameters" />
            </dd>
          </div>
          <div>
            <dt>Weights</dt>
            <dd>
              <Figure value={layer.weightBytes} text={formatBytes(layer.weightBytes)} unit="bytes" />
            </dd>
          </div>
          <div>
            <dt>Output</dt>
            <dd>
              <Figure value={layer.outputBytes} text={formatBytes(layer.outputBytes)} unit="bytes" />
            </dd>
          </div>
        </dl>
      )}
      {node.kind === 'op' && <AttributeFields node={node} modelId={model.summary.modelId} />}
      {node.kind === 'input' && node.outputs[0] && (
        <InputShapeField key={`${node.id}:${node.outputs[0].shapeText}`} port={node.outputs[0]} />
      )}
      {node.kind !== 'input' && (
        <Section title="Inputs">
          <PortList ports={node.inputs} label="Inputs" />
        </Section>
      )}
      {node.kind !== 'output' && (
        <Section title="Outputs">
          <PortList ports={node.outputs} label="Outputs" />
        </Section>
      )}
      <GraphOutputsField node={node} />
      {model.variant && node.kind === 'op' && (
        <WeightCompare modelId={model.summary.modelId} nodeId={node.id} nodeName={node.name || node.op} color={color} />
      )}
      {weights.length > 0 && (
        <Section title="Weights">
          {weights.map((port) => (
            <div key={port.id} className="sd-inspector__weight">
              <WeightStats modelId={model.summary.modelId} port={port} color={color} />
              <InitializerField port={port} />
            </div>
          ))}
        </Section>
      )}
      {node.docString && (
        <Section title="Description">
          <p className="sd-doc">{node.docString}</p>
        </Section>
      )}
    </div>
  );
}
