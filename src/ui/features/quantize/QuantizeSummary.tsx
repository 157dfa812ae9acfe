import { MetaRow } from '../../components/MetaRow';
import { Section } from '../../components/Section';
import { exact, formatBytes } from '../../format';
import { studioStore } from '../../store';
import type { OpenModel } from '../../store/types';
import type { QuantizeVariantInfo } from '../../../workers/protocol';
import { DownloadVariantButton } from '../variants/DownloadVariantButton';
import { VariantFileSize } from '../variants/VariantFileSize';
import { GRANULARITY, METHODS, MODES } from './explain';
import { formatDb, sqnrSeries, worstLayer } from './report-view';

const percent = (ratio: number): string => `${(100 * ratio).toFixed(1)} %`;
const seconds = (ms: number): string => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

function recipeLine(variant: QuantizeVariantInfo): string {
  const step = variant.recipe[variant.recipe.length - 1];
  if (!step || step.kind !== 'quantize') return variant.label;
  const o = step.options;
  const parts: string[] = [MODES[o.mode].name];
  if (o.mode !== 'float16') {
    parts.push(GRANULARITY[o.granularity ?? 'per-channel'].name.toLowerCase());
    parts.push(o.symmetric === false ? 'asymmetric' : 'symmetric');
  }
  if (o.onnxFormat === 'qoperator') parts.push('QOperator form');
  if (o.ioType === 'float') parts.push('float inputs/outputs');
  const c = variant.calibration;
  if (c) {
    const data = c.data === 'mnist' ? `MNIST digits (${c.pixelScale ?? '0..1'})` : c.data;
    parts.push(`${METHODS[c.method].name.toLowerCase()} on ${exact(c.samples)} samples of ${data}`);
  }
  const overrides = Object.keys(o.overrides ?? {}).length;
  if (overrides) parts.push(`${overrides} layer override${overrides > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

/** How a variant was made and what it cost: sizes before → after, weight SQNR, notes, and its file. */
export function QuantizeSummary({ model, variant }: { model: OpenModel; variant: QuantizeVariantInfo }) {
  const totals = variant.report.totals;
  const worst = worstLayer(sqnrSeries(variant.report, model.graph));
  const notes = [...(variant.calibration?.notes ?? []), ...variant.report.warnings];
  const t = variant.timings;
  return (
    <Section title="Quantization">
      <p className="sd-qsum__recipe" data-testid="variant-recipe">
        {recipeLine(variant)}
      </p>
      <dl className="sd-meta" data-testid="variant-summary">
        <VariantFileSize variant={variant} />
        <MetaRow label="Weights">
          <span title={`${exact(totals.bytesBefore)} → ${exact(totals.bytesAfter)} bytes`}>
            {formatBytes(totals.bytesBefore)} → {formatBytes(totals.bytesAfter)} ({percent(totals.ratio)})
          </span>
        </MetaRow>
        <MetaRow label="Weight SQNR">{formatDb(totals.weightSqnrDb)} overall</MetaRow>
        {worst && (
          <MetaRow label="Worst layer">
            <button
              type="button"
              className="sd-link"
              data-testid="variant-worst-layer"
              title="Select this layer"
              onClick={() => studioStore.getState().select(worst.nodeId, { focus: true })}
            >
              {worst.name} {formatDb(worst.sqnrDb)}
            </button>
          </MetaRow>
        )}
        <MetaRow label="Tensors">
          {totals.quantizedTensors} quantized, {totals.keptFloatTensors} kept in float
        </MetaRow>
      </dl>
      {variant.report.format === 'onnx' && variant.report.mode === 'int8' && (
        <p className="sd-field__line" data-testid="variant-qdq-note">
          The memory figures below are of the file as stored: a QuantizeLinear / DequantizeLinear pair around each layer
          keeps float tensors between them. An int8 runtime fuses each pair, so its activations take 1 byte per value.
        </p>
      )}
      {notes.length > 0 && (
        <ul className="sd-notes" data-testid="variant-notes">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <p className="sd-timings" data-testid="variant-timings">
        {variant.calibration ? `Calibrated in ${seconds(t.calibrate)}, ` : ''}quantized in {seconds(t.quantize)},
        written in {seconds(t.write)}.
      </p>
      <DownloadVariantButton modelId={variant.modelId} fileName={model.summary.fileName} />
    </Section>
  );
}
