import { Section } from '../../components/Section';
import { exact, formatBytes, formatCount, formatMacs, formatPercent } from '../../format';
import { studioStore, useStudio } from '../../store';
import type { SampleCard } from '../../store/types';
import { QuantizeSummary } from '../quantize/QuantizeSummary';
import { RecipeSummary } from '../recipe/RecipeSummary';
import { VariantTabs } from '../variants/VariantTabs';
import { MetricCard } from './MetricCard';
import { OpsList } from './OpsList';
import { TensorList } from './TensorList';

/** The open model at a glance: format, producer, opset, I/O, and its size, compute and memory figures. */
export function ModelPanel() {
  const model = useStudio((s) => s.model);
  const layout = useStudio((s) => s.layout);
  if (!model) return <p className="sd-panel__hint">No model is open yet.</p>;
  const s = model.summary;
  const m = s.metrics;
  const peakNodeId = s.stepNodeIds[m.peakStep];
  const peakNode = s.layers.find((l) => l.nodeId === peakNodeId);
  const fileBytes = s.files.reduce((sum, f) => sum + f.bytes, 0);
  const opsets = s.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ');
  return (
    <div className="sd-model" data-testid="model-panel">
      <VariantTabs />
      <header className="sd-model__header">
        <h2 className="sd-model__title" title={s.fileName} data-testid="model-file-name">
          {s.fileName}
        </h2>
        <span className="sd-chip sd-chip--neutral" data-testid="model-format">
          {s.formatName}
        </span>
      </header>
      <dl className="sd-meta">
        {s.producer && <Meta label="Producer" value={s.producer} />}
        {s.irVersion !== undefined && <Meta label="IR version" value={String(s.irVersion)} />}
        {opsets && <Meta label="Opset" value={opsets} />}
        {s.graphName && <Meta label="Graph" value={s.graphName} />}
        <Meta label="Nodes" value={exact(s.nodeCount)} />
        <Meta label="File size" value={formatBytes(fileBytes)} title={`${exact(fileBytes)} bytes`} />
      </dl>
      {model.variant?.kind === 'quantize' && <QuantizeSummary model={model} variant={model.variant} />}
      {model.variant?.kind === 'recipe' && <RecipeSummary model={model} variant={model.variant} />}
      <div className="sd-metrics">
        <MetricCard
          label="Peak activation memory"
          value={m.peakActivationBytes}
          text={formatBytes(m.peakActivationBytes)}
          unit="bytes of live activations"
          testId="metric-peak"
          wide
          caption={
            peakNode ? (
              <button
                type="button"
                className="sd-link"
                title="Select the node at the peak"
                onClick={() => studioStore.getState().select(peakNode.nodeId, { focus: true })}
              >
                at step {m.peakStep}: {peakNode.name || peakNode.op}
              </button>
            ) : undefined
          }
        />
        <MetricCard
          label="Parameters"
          value={m.params}
          text={formatCount(m.params)}
          unit="parameters"
          testId="metric-params"
        />
        <MetricCard
          label="Weights"
          value={m.weightBytes}
          text={formatBytes(m.weightBytes)}
          unit="bytes"
          testId="metric-weights"
        />
        <MetricCard label="Compute" value={m.macs} text={formatMacs(m.macs)} unit="MACs" testId="metric-macs" />
        <MetricCard
          label="Arena (greedy plan)"
          value={m.arenaBytes}
          text={formatBytes(m.arenaBytes)}
          unit="bytes, TFLM greedy-by-size plan"
          testId="metric-arena"
        />
      </div>
      <Section title="Inputs">
        <TensorList tensors={s.inputs} label="Model inputs" />
      </Section>
      <Section title="Outputs">
        <TensorList tensors={s.outputs} label="Model outputs" />
      </Section>
      <Section title="Operators" aside={<span className="sd-muted">{s.ops.length} types</span>}>
        <OpsList ops={s.ops} />
      </Section>
      {model.card && <SampleAbout card={model.card} />}
      {s.warnings.length > 0 && (
        <Section title="Notes">
          <ul className="sd-notes">
            {s.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Section>
      )}
      <p className="sd-timings" data-testid="timings">
        Parsed in {ms(s.timings.parse)}, shapes in {ms(s.timings.shapes)}, analysed in {ms(s.timings.analysis)}
        {layout ? `, laid out in ${ms(layout.elapsedMs)} (${LAYOUT_NAMES[layout.algorithm]})` : ''}.
      </p>
      {(s.metadata.length > 0 || s.docString) && (
        <Section title="Metadata">
          {s.docString && <p className="sd-doc">{s.docString}</p>}
          <dl className="sd-meta">
            {s.metadata.map((kv) => (
              <Meta key={kv.key} label={kv.key} value={kv.value} />
            ))}
          </dl>
        </Section>
      )}
    </div>
  );
}

const LAYOUT_NAMES = {
  'elk-layered': 'ELK layered',
  'elk-fast': 'ELK layered, fast settings',
  fallback: 'simple layers',
};

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);

function Meta({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="sd-meta__row">
      <dt>{label}</dt>
      <dd title={title ?? value}>{value}</dd>
    </div>
  );
}

/** What the sample's card says: what the model does, how it is built, how well it does. */
function SampleAbout({ card }: { card: SampleCard }) {
  const top1 = card.heldOut?.top1;
  const samples = card.heldOut?.samples;
  return (
    <Section title="About this sample">
      {top1 !== undefined && (
        <p className="sd-about__accuracy" data-testid="sample-accuracy">
          <strong>{formatPercent(top1)}</strong> top-1 accuracy
          {samples !== undefined ? ` on ${exact(samples)} held-out samples` : ''}
        </p>
      )}
      {card.architecture && <p className="sd-about__arch">{card.architecture}</p>}
      {card.description && <p className="sd-doc">{card.description}</p>}
    </Section>
  );
}
