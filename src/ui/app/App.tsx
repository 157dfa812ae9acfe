import { lazy, Suspense, useEffect } from 'react';
import { HistoryPanel } from '../features/edit/HistoryPanel';
import { GraphCanvas } from '../features/graph/GraphCanvas';
import { Inspector } from '../features/inspector/Inspector';
import { ModelPanel } from '../features/model-panel/ModelPanel';
import { DropOverlay } from '../features/open/DropOverlay';
import { EmptyState } from '../features/open/EmptyState';
import { ErrorBanner } from '../features/open/ErrorBanner';
import { ProgressOverlay } from '../features/open/ProgressOverlay';
import { QuantizePanel } from '../features/quantize/QuantizePanel';
import { RecipePanel } from '../features/recipe/RecipePanel';
import { EvaluatePanel } from '../features/evaluate/EvaluatePanel';
import { AnalysisPanel } from '../features/analysis/AnalysisPanel';
import { ExportPanel } from '../features/export/ExportPanel';
import { MemoryPanel } from '../features/memory/MemoryPanel';
import { useShortcuts } from '../hooks/useShortcuts';
import { RestoreOverlay } from '../persistence/RestoreOverlay';
import { bootstrap } from './bootstrap';
import { Header } from './Header';

// The charts (and recharts with them) load after the first paint: they are not needed before a model is open.
const ChartsDock = lazy(() => import('../features/charts/ChartsDock').then((m) => ({ default: m.ChartsDock })));
// The variants view draws recharts too.
const VariantsPanel = lazy(() =>
  import('../features/variants/VariantsPanel').then((m) => ({ default: m.VariantsPanel })),
);

let booted = false;

/** The studio: toolbar, model panel, graph canvas with charts, inspector. */
export function App() {
  useShortcuts();
  useEffect(() => {
    // Once per page (StrictMode runs effects twice in development).
    if (booted) return;
    booted = true;
    void bootstrap(window.location.search);
  }, []);
  return (
    <div className="sd-app">
      <Header />
      <ErrorBanner />
      <main className="sd-main">
        <aside className="sd-panel sd-panel--left" aria-label="Model summary">
          <HistoryPanel />
          <h2 className="sd-panel__label">Model</h2>
          <ModelPanel />
        </aside>
        <section className="sd-center" aria-label="Graph">
          <div className="sd-canvas">
            <GraphCanvas />
            <EmptyState />
            <ProgressOverlay />
            <RestoreOverlay />
          </div>
          <Suspense fallback={null}>
            <ChartsDock />
          </Suspense>
        </section>
        <aside className="sd-panel sd-panel--right" aria-label="Inspector">
          <h2 className="sd-panel__label">Inspector</h2>
          <Inspector />
        </aside>
        <QuantizePanel />
        <RecipePanel />
        <EvaluatePanel />
        <AnalysisPanel />
        <ExportPanel />
        <MemoryPanel />
        <Suspense fallback={null}>
          <VariantsPanel />
        </Suspense>
      </main>
      <DropOverlay />
    </div>
  );
}
