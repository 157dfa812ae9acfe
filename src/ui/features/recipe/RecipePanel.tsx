import { useEffect, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Drawer } from '../../components/Drawer';
import { errorTitle } from '../../messages';
import { studioStore, useStudio } from '../../store';
import { AddStep } from './AddStep';
import { loadPresets } from './actions';
import { RECIPE_PANEL_ID } from './RecipeButton';
import { RecipeRunBar } from './RecipeRunBar';
import { RecipeToolbar } from './RecipeToolbar';
import { StepList } from './StepList';

const close = (): void => studioStore.getState().setRecipeOpen(false);

/** Text fields keep the browser's own undo; everything else in the panel undoes recipe edits. */
function isTextField(target: EventTarget | null): boolean {
  const el = target as HTMLInputElement | null;
  return (
    !!el && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && (el.type === 'text' || el.type === 'number')))
  );
}

/** What a key press in the panel does to the recipe; undefined when it is not one of the panel's keys. */
export function panelKey(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  textField: boolean,
): 'undo' | 'redo' | 'close' | undefined {
  if (event.key === 'Escape') return 'close';
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey || textField) return undefined;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return undefined;
}

/**
 * The recipe editor drawer: a named list of steps (clean-up, prune, cluster, quantize) with their options,
 * presets, import / export, undo / redo, and Run with per-step progress and Cancel. It runs on the family's
 * original; the result becomes a new variant named after the recipe.
 */
export function RecipePanel() {
  const { open, base, running, notice } = useStudio(
    useShallow((s) => ({
      open: s.recipeOpen,
      base: s.variants[0]?.model,
      running: s.recipeJob.status === 'running',
      notice: s.recipeNotice,
    })),
  );
  useEffect(() => {
    if (open) loadPresets();
  }, [open]);
  if (!open || !base) return null;
  const format = base.summary.format;
  // Escape is the drawer's; the other keys undo and redo recipe edits.
  const onKeyDown = (event: KeyboardEvent) => {
    const action = panelKey(event, isTextField(event.target));
    if (action !== 'undo' && action !== 'redo') return;
    event.preventDefault();
    // The page's own shortcuts should not run as well.
    event.nativeEvent.stopPropagation();
    if (running) return;
    if (action === 'undo') studioStore.getState().undoRecipe();
    else studioStore.getState().redoRecipe();
  };
  return (
    <Drawer
      id={RECIPE_PANEL_ID}
      title="Recipe"
      toggleId="recipe-button"
      className="sd-recipe"
      onClose={close}
      onKeyDown={onKeyDown}
      intro={
        <>
          Chains steps into one run on <strong>{base.summary.fileName}</strong>. The result is a new variant named after
          the recipe; the original stays as it is.
        </>
      }
      footer={<RecipeRunBar base={base} />}
    >
      <RecipeToolbar disabled={running} />
      {notice && (
        <div className="sd-run__error" role="alert" data-testid="recipe-notice">
          <strong>{errorTitle(notice.code, notice.fileName ?? 'the recipe')}</strong>
          <span>{notice.message}</span>
        </div>
      )}
      <StepList format={format} disabled={running} />
      <AddStep format={format} disabled={running} />
    </Drawer>
  );
}
