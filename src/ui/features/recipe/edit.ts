// The recipe editor's edits as pure functions over an immutable recipe, with an undo history. The store
// holds one RecipeDoc; components dispatch edits; tests call these directly.
import type { Recipe, RecipeStep } from '../../../core';

/** How many edits undo can go back. */
export const HISTORY_LIMIT = 100;

/** The recipe being edited, its history, and the step the editor has selected (-1: none). */
export interface RecipeDoc {
  readonly present: Recipe;
  readonly past: readonly Recipe[];
  readonly future: readonly Recipe[];
  readonly selected: number;
  /**
   * What the last edit changed ("set:2:sparsity"): another edit of the same thing right after it (a slider
   * being dragged) replaces it instead of adding one more undo step.
   */
  readonly lastKey?: string;
}

export type RecipeEdit =
  /** Adds a step after `at` (default: after the selected step, else at the end) and selects it. */
  | { readonly type: 'add'; readonly step: RecipeStep; readonly at?: number }
  | { readonly type: 'remove'; readonly index: number }
  /** Moves a step by `delta` places (−1 up, +1 down); out-of-range moves do nothing. */
  | { readonly type: 'move'; readonly index: number; readonly delta: number }
  | { readonly type: 'toggle'; readonly index: number }
  /** Replaces a step's options; `key` names the field, so repeated changes of it coalesce. */
  | { readonly type: 'set'; readonly index: number; readonly step: RecipeStep; readonly key?: string }
  | { readonly type: 'rename'; readonly name: string }
  /** A whole new recipe (a preset, an imported file). */
  | { readonly type: 'replace'; readonly recipe: Recipe };

/** An empty recipe, ready for steps. */
export function emptyRecipe(name = 'My recipe'): Recipe {
  return { scaledown: 'recipe', version: 1, name, steps: [] };
}

export function newDoc(recipe: Recipe = emptyRecipe()): RecipeDoc {
  return { present: recipe, past: [], future: [], selected: recipe.steps.length ? 0 : -1 };
}

const inRange = (recipe: Recipe, index: number): boolean => index >= 0 && index < recipe.steps.length;

function withSteps(recipe: Recipe, steps: readonly RecipeStep[]): Recipe {
  return { ...recipe, steps };
}

/** The recipe after one edit (the same object when the edit changes nothing). */
export function applyEdit(recipe: Recipe, edit: RecipeEdit, selected = -1): Recipe {
  const steps = recipe.steps;
  switch (edit.type) {
    case 'add': {
      const after = edit.at ?? (inRange(recipe, selected) ? selected : steps.length - 1);
      const at = Math.min(steps.length, Math.max(0, after + 1));
      return withSteps(recipe, [...steps.slice(0, at), edit.step, ...steps.slice(at)]);
    }
    case 'remove':
      return inRange(recipe, edit.index)
        ? withSteps(
            recipe,
            steps.filter((_, i) => i !== edit.index),
          )
        : recipe;
    case 'move': {
      const to = edit.index + edit.delta;
      if (!inRange(recipe, edit.index) || !inRange(recipe, to) || edit.delta === 0) return recipe;
      const next = [...steps];
      const [moved] = next.splice(edit.index, 1);
      next.splice(to, 0, moved!);
      return withSteps(recipe, next);
    }
    case 'toggle': {
      const step = steps[edit.index];
      if (!step) return recipe;
      // Enabled is the default, so it is written only when false.
      const { enabled: _enabled, ...rest } = step;
      const toggled = (step.enabled === false ? rest : { ...rest, enabled: false }) as RecipeStep;
      return withSteps(
        recipe,
        steps.map((s, i) => (i === edit.index ? toggled : s)),
      );
    }
    case 'set':
      return inRange(recipe, edit.index)
        ? withSteps(
            recipe,
            steps.map((s, i) => (i === edit.index ? edit.step : s)),
          )
        : recipe;
    case 'rename':
      return edit.name === recipe.name ? recipe : { ...recipe, name: edit.name };
    case 'replace':
      return edit.recipe;
  }
}

/** Where the selection goes after an edit: onto an added or moved step, off a removed one. */
export function selectionAfter(selected: number, edit: RecipeEdit, before: Recipe, after: Recipe): number {
  const count = after.steps.length;
  switch (edit.type) {
    case 'add':
      return after.steps.indexOf(edit.step) >= 0 ? after.steps.indexOf(edit.step) : count - 1;
    case 'remove':
      if (before === after) return selected;
      if (selected > edit.index) return selected - 1;
      return Math.min(selected, count - 1);
    case 'move':
      return before === after ? selected : edit.index + edit.delta;
    case 'replace':
      return count ? 0 : -1;
    default:
      return Math.min(selected, count - 1);
  }
}

function editKey(edit: RecipeEdit): string | undefined {
  if (edit.type === 'set' && edit.key) return `set:${edit.index}:${edit.key}`;
  if (edit.type === 'rename') return 'rename';
  return undefined;
}

/** The document after an edit, with the previous recipe on the undo stack (redo is cleared). */
export function editDoc(doc: RecipeDoc, edit: RecipeEdit): RecipeDoc {
  const next = applyEdit(doc.present, edit, doc.selected);
  const selected = selectionAfter(doc.selected, edit, doc.present, next);
  if (next === doc.present) return selected === doc.selected ? doc : { ...doc, selected };
  const key = editKey(edit);
  const coalesce = key !== undefined && key === doc.lastKey;
  const past = coalesce ? doc.past : [...doc.past, doc.present].slice(-HISTORY_LIMIT);
  return { present: next, past, future: [], selected, ...(key ? { lastKey: key } : {}) };
}

/** One step back in the history; the same document when there is nothing to undo. */
export function undoDoc(doc: RecipeDoc): RecipeDoc {
  const previous = doc.past[doc.past.length - 1];
  if (!previous) return doc;
  return {
    present: previous,
    past: doc.past.slice(0, -1),
    future: [doc.present, ...doc.future],
    selected: Math.min(doc.selected, previous.steps.length - 1),
  };
}

/** One step forward again after an undo. */
export function redoDoc(doc: RecipeDoc): RecipeDoc {
  const [next, ...rest] = doc.future;
  if (!next) return doc;
  return {
    present: next,
    past: [...doc.past, doc.present].slice(-HISTORY_LIMIT),
    future: rest,
    selected: Math.min(Math.max(doc.selected, next.steps.length ? 0 : -1), next.steps.length - 1),
  };
}

/** Selects a step (clamped to the recipe; -1 for none). */
export function selectStep(doc: RecipeDoc, index: number): RecipeDoc {
  const selected = Math.max(-1, Math.min(index, doc.present.steps.length - 1));
  return selected === doc.selected ? doc : { ...doc, selected, lastKey: undefined };
}
