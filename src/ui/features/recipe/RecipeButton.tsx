import { useShallow } from 'zustand/react/shallow';
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
    <button
      type="button"
      id="recipe-button"
      className="sd-button sd-button--toggle"
      aria-expanded={open}
      aria-controls={open ? RECIPE_PANEL_ID : undefined}
      disabled={!hasModel}
      title="Chain clean-up, pruning, clustering and quantization into a recipe (R)"
      onClick={() => studioStore.getState().setRecipeOpen(!open)}
    >
      Recipe{percent !== undefined && !open ? ` · ${percent}%` : ''}
    </button>
  );
}
