import { MetaRow } from '../../components/MetaRow';
import { Section } from '../../components/Section';
import { exact, formatBytes, formatMacs } from '../../format';
import type { OpenModel } from '../../store/types';
import type { RecipeVariantInfo } from '../../../workers/protocol';
import { DownloadVariantButton } from '../variants/DownloadVariantButton';
import { VariantFileSize } from '../variants/VariantFileSize';
import { formatDuration as seconds } from '../../format';
import { db, percent, recipeTotals, times } from './report-view';
import { stepSummary, stepTitle } from './steps';
import { StepReportView } from './StepReportView';

/** How a recipe variant was made and what it saved: totals across steps, then each step's report. */
export function RecipeSummary({ model, variant }: { model: OpenModel; variant: RecipeVariantInfo }) {
  const totals = recipeTotals(variant);
  const recipe = variant.recipeRun;
  const c = variant.calibration;
  return (
    <Section title="Recipe">
      <p className="sd-qsum__recipe" data-testid="variant-recipe">
        {recipe.steps
          .filter((s) => s.enabled !== false)
          .map((s) => stepTitle(s))
          .join(' → ')}
      </p>
      <dl className="sd-meta" data-testid="recipe-totals">
        <VariantFileSize variant={variant} />
        <MetaRow label="Sparsity">
          <span
            data-testid="recipe-sparsity"
            data-value={totals.sparsity.toFixed(4)}
            title={`${exact(totals.zeros)} zeros of ${exact(totals.elements)} weights`}
          >
            {percent(totals.sparsity)} of weights are zero
          </span>
        </MetaRow>
        {totals.prune && (
          <MetaRow label="Stored sparse">
            <span title="The pruned weights stored dense, as a keep-bitmask plus values, and as CSR">
              dense {formatBytes(totals.prune.denseBytes)} · bitmask {formatBytes(totals.prune.bitmaskBytes)} · CSR{' '}
              {formatBytes(totals.prune.csrBytes)}
            </span>
          </MetaRow>
        )}
        {totals.macs && (
          <MetaRow label="Compute">
            <span data-testid="recipe-macs" title={`${exact(totals.macs.before)} → ${exact(totals.macs.after)} MACs`}>
              {formatMacs(totals.macs.before)} → {formatMacs(totals.macs.after)} (
              {percent(totals.macs.after / Math.max(1, totals.macs.before))})
            </span>
          </MetaRow>
        )}
        {totals.cluster && (
          <MetaRow label="Compressed">
            <span
              data-testid="recipe-compression"
              data-ratio={totals.cluster.compressionRatio.toFixed(3)}
              title="Deep Compression storage: Huffman-coded cluster indices and gaps, plus each layer's codebook, against float32"
            >
              {formatBytes(totals.cluster.float32Bytes)} → {formatBytes(totals.cluster.totalBytes)} ({' '}
              {times(totals.cluster.compressionRatio)})
            </span>
          </MetaRow>
        )}
        {totals.clusterSqnrDb !== undefined && (
          <MetaRow label="Cluster SQNR">
            <span>worst layer {db(totals.clusterSqnrDb)}</span>
          </MetaRow>
        )}
        {totals.quantize && (
          <MetaRow label="Weight SQNR">
            <span>
              {db(totals.quantize.weightSqnrDb)} overall ({formatBytes(totals.quantize.bytesBefore)} →{' '}
              {formatBytes(totals.quantize.bytesAfter)})
            </span>
          </MetaRow>
        )}
      </dl>
      {c && (
        <p className="sd-field__line">
          Calibrated on {exact(c.samples)} samples of{' '}
          {c.data === 'mnist' ? `MNIST digits (${c.pixelScale ?? '0..1'})` : c.data}.
        </p>
      )}
      <ol className="sd-step-reports" aria-label="Step reports">
        {variant.steps.map((report, i) => {
          const step = recipe.steps[report.index];
          return (
            <li key={i}>
              <details className="sd-step-report" data-testid="step-report" data-kind={report.kind}>
                <summary>
                  <strong>
                    {report.index + 1}. {step ? stepTitle(step) : report.kind}
                  </strong>{' '}
                  <span className="sd-muted">
                    {'skipped' in report ? `skipped: ${report.skipped}` : step ? stepSummary(step) : ''}
                    {variant.timings.steps[report.index] ? ` · ${seconds(variant.timings.steps[report.index]!)}` : ''}
                  </span>
                </summary>
                <StepReportView report={report} />
              </details>
            </li>
          );
        })}
      </ol>
      <p className="sd-timings" data-testid="variant-timings">
        Ran in {seconds(variant.timings.total)}, written in {seconds(variant.timings.write)}.
      </p>
      <DownloadVariantButton modelId={variant.modelId} fileName={model.summary.fileName} />
    </Section>
  );
}
