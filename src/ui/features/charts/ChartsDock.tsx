import { Fragment, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { QuantizeReport } from '../../../core';
import type { VariantInfo } from '../../../workers/protocol';
import { formatBytes, formatCount, formatMacs } from '../../format';
import { useStaged } from '../../hooks/useStaged';
import { studioStore, useStudio } from '../../store';
import { layerSeries } from './chart-data';
import { LayerBarChart } from './LayerBarChart';
import { MemoryTimeline } from './MemoryTimeline';
import { SparsityChart } from './SparsityChart';
import { SqnrChart } from './SqnrChart';

/** The quantization report a variant's SQNR chart shows: its own, or a recipe's last quantize step's. */
export function quantizeReportOf(variant: VariantInfo | undefined): QuantizeReport | undefined {
  if (!variant) return undefined;
  if (variant.kind === 'quantize') return variant.report;
  for (let i = variant.steps.length - 1; i >= 0; i--) {
    const step = variant.steps[i]!;
    if (step.kind === 'quantize' && 'report' in step) return step.report;
  }
  return undefined;
}

/**
 * The per-layer charts under the canvas: weights, MACs and the memory timeline; a variant's own charts
 * (a recipe's sparsity, a quantization's weight SQNR) come first (the drawers may cover the dock's right end).
 */
export function ChartsDock() {
  const { summary, graph, variant, open } = useStudio(
    useShallow((s) => ({
      summary: s.model?.summary,
      graph: s.model?.graph,
      variant: s.model?.variant,
      open: s.chartsOpen,
    })),
  );
  const weights = useMemo(() => (summary ? layerSeries(summary.layers, 'weightBytes') : []), [summary]);
  const macs = useMemo(() => (summary ? layerSeries(summary.layers, 'macs') : []), [summary]);
  const report = quantizeReportOf(variant);
  const charts: { title: string; render: () => ReactNode }[] = [];
  if (variant?.kind === 'recipe')
    charts.push({ title: 'Sparsity per layer', render: () => <SparsityChart layers={variant.layers} /> });
  if (report && graph)
    charts.push({ title: 'Weight SQNR per layer', render: () => <SqnrChart report={report} graph={graph} /> });
  charts.push(
    {
      title: 'Weights per layer',
      render: () => (
        <LayerBarChart
          title="Weights per layer"
          series={weights}
          format={formatBytes}
          unit="bytes"
          testId="chart-weights"
          color="#7b4fd1"
          empty="No layer has weights."
        />
      ),
    },
    {
      title: 'MACs per layer',
      render: () => (
        <LayerBarChart
          title="MACs per layer"
          series={macs}
          format={formatMacs}
          tickFormat={formatCount}
          unit="MACs"
          testId="chart-macs"
          color="#3569d6"
          empty="No layer does multiply-accumulates."
        />
      ),
    },
    { title: 'Activation memory', render: () => (summary ? <MemoryTimeline summary={summary} /> : null) },
  );
  // The charts mount one per task after the graph is drawn (see useStaged).
  const staged = useStaged(open ? charts.length : 0, summary);
  if (!summary) return null;
  return (
    <section className="sd-dock" aria-label="Per-layer charts" data-open={open}>
      <header className="sd-dock__header">
        <h3 className="sd-dock__title">Per-layer charts</h3>
        <button
          type="button"
          className="sd-button sd-button--small sd-button--ghost"
          aria-expanded={open}
          onClick={() => studioStore.getState().setChartsOpen(!open)}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </header>
      {open && (
        <div className="sd-dock__charts" data-count={charts.length}>
          {charts.map((chart, i) =>
            i < staged ? (
              <Fragment key={chart.title}>{chart.render()}</Fragment>
            ) : (
              <ChartPlaceholder key={chart.title} title={chart.title} />
            ),
          )}
        </div>
      )}
    </section>
  );
}

function ChartPlaceholder({ title }: { title: string }) {
  return (
    <figure className="sd-chart" aria-busy="true">
      <figcaption className="sd-chart__title">{title}</figcaption>
    </figure>
  );
}
