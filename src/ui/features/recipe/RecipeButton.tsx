import { useShallow } from 'zustand/react/shallow';
import { PanelToggle } from '../../components/PanelToggle';
import { studioStore, useStudio } from '../../store';
import { recipeFraction } from './progress';

export const RECIPE_PANEL_ID = 'recipe-panel';

/** Opens and closes the recipe editor; while a recipe runs, it shows how far it got. */
export function RecipeButton() {
  const { open, hasModel, percent } = useStudio(
    useShallow((s) => ({
      open: s.recipeOpen,
      hasModel: s.variants.length > 0,
      percent:
        s.recipeJob.status === 'running'
          ? Math.round(100 * recipeFraction(s.recipeJob.recipe, s.recipeJob.progress))
          : undefined,
    })),
  );
  return (
    <PanelToggle
      id="recipe-button"
      label="Recipe"
      title="Chain clean-up, pruning, clustering and quantization into a recipe (R)"
      panelId={RECIPE_PANEL_ID}
      open={open}
      disabled={!hasModel}
      percent={percent}
      onToggle={() => studioStore.getState().setRecipeOpen(!open)}
    />
  );
}
