import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatCount, formatMacs } from '../../format';
import { useStaged } from '../../hooks/useStaged';
import { studioStore, useStudio } from '../../store';
import { layerSeries } from './chart-data';
import { LayerBarChart } from './LayerBarChart';
import { MemoryTimeline } from './MemoryTimeline';
import { SqnrChart } from './SqnrChart';

/**
 * The per-layer charts under the canvas: weights, MACs and the memory timeline; a quantized variant's
 * weight SQNR comes first (the quantize drawer may cover the right end of the dock).
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
  // The charts mount one per task after the graph is drawn (see useStaged); a variant adds its SQNR chart.
  const count = variant ? 4 : 3;
  const staged = useStaged(open ? count : 0, summary);
  // The SQNR chart, when there is one, takes the first slot; the others follow in their usual order.
  const sqnr = variant !== undefined && graph !== undefined;
  const shown = sqnr ? staged - 1 : staged;
  const weights = useMemo(() => (summary ? layerSeries(summary.layers, 'weightBytes') : []), [summary]);
  const macs = useMemo(() => (summary ? layerSeries(summary.layers, 'macs') : []), [summary]);
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
        <div className="sd-dock__charts" data-count={count}>
          {sqnr &&
            (staged < 1 ? (
              <ChartPlaceholder title="Weight SQNR per layer" />
            ) : (
              <SqnrChart variant={variant} graph={graph} />
            ))}
          {shown < 1 ? (
            <ChartPlaceholder title="Weights per layer" />
          ) : (
            <LayerBarChart
              title="Weights per layer"
              series={weights}
              format={formatBytes}
              unit="bytes"
              testId="chart-weights"
              color="#7b4fd1"
              empty="No layer has weights."
            />
          )}
          {shown < 2 ? (
            <ChartPlaceholder title="MACs per layer" />
          ) : (
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
          )}
          {shown < 3 ? <ChartPlaceholder title="Activation memory" /> : <MemoryTimeline summary={summary} />}
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
