import { DirectionToggle } from '../features/graph/DirectionToggle';
import { HelpPopover } from '../features/help/HelpPopover';
import { OpenButton } from '../features/open/OpenButton';
import { SamplesMenu } from '../features/open/SamplesMenu';
import { QuantizeButton } from '../features/quantize/QuantizeButton';
import { RecipeButton } from '../features/recipe/RecipeButton';
import { EvaluateButton } from '../features/evaluate/EvaluateButton';
import { AnalysisButton } from '../features/analysis/AnalysisButton';
import { SearchBox } from '../features/search/SearchBox';
import { SessionMenu } from '../persistence/SessionMenu';
import { VariantsButton } from '../features/variants/VariantsButton';
import { ExportButton } from '../features/export/ExportButton';
import { MemoryButton } from '../features/memory/MemoryButton';
import { studioStore, useStudio } from '../store';

function Logo() {
  // Same mark as public/favicon.svg: a model narrowing down.
  return (
    <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#3569d6" />
      <path d="M8 22h16M10 17h12M13 12h6" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

/** The toolbar: brand, open, samples, quantize, recipe, search, layout direction, fit, help. */
export function Header() {
  const hasModel = useStudio((s) => s.model !== null);
  return (
    <header className="sd-header">
      <div className="sd-brand">
        <Logo />
        <span className="sd-brand__name">
          ScaleDown <strong>Studio</strong>
        </span>
      </div>
      <div className="sd-header__group">
        <OpenButton />
        <SamplesMenu />
        <SessionMenu />
      </div>
      <div className="sd-header__group">
        <QuantizeButton />
        <RecipeButton />
        <EvaluateButton />
        <AnalysisButton />
        <VariantsButton />
        <MemoryButton />
        <ExportButton />
      </div>
      <div className="sd-header__spacer" />
      <SearchBox />
      <DirectionToggle />
      <button
        type="button"
        className="sd-button"
        disabled={!hasModel}
        title="Fit the whole graph in view (F)"
        onClick={() => studioStore.getState().requestFit()}
      >
        Fit
      </button>
      <HelpPopover />
    </header>
  );
}
