import { HeaderPanelButton } from '../../components/HeaderPanelButton';
import { studioStore } from '../../store';
import { recipeFraction } from './progress';

export const RECIPE_PANEL_ID = 'recipe-panel';

/** Opens and closes the recipe editor; while a recipe runs, it shows how far it got. */
export function RecipeButton() {
  return (
    <HeaderPanelButton
      id="recipe-button"
      label="Recipe"
      title="Chain clean-up, pruning, clustering and quantization into a recipe (R)"
      panelId={RECIPE_PANEL_ID}
      select={(s) => ({
        open: s.recipeOpen,
        percent:
          s.recipeJob.status === 'running'
            ? Math.round(100 * recipeFraction(s.recipeJob.recipe, s.recipeJob.progress))
            : undefined,
      })}
      setOpen={(open) => studioStore.getState().setRecipeOpen(open)}
    />
  );
}
