import type { Recipe } from '../../../core';
import { isCancelled } from '../../../workers/client';
import type { Progress, RecipeRequest } from '../../../workers/protocol';
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { DEFAULT_QUANTIZE_FORM } from '../../store/quantize-slice';
import type { OpenModel, RecipeData } from '../../store/types';
import { toUserError } from '../open/actions';
import { calibrationOf } from '../quantize/actions';
import { resolveForm, type ResolvedForm } from '../quantize/form';
import { addLaidOutVariant } from '../variants/add-variant';
import { calibrationStep, recipeBlocker } from './steps';

let current: AbortController | null = null;

/** The model recipes run on: the family's original (as the quantize panel does). */
export function recipeBase(): OpenModel | undefined {
  return studioStore.getState().variants[0]?.model;
}

/**
 * The calibration form of a recipe: the run's data choice with the int8 step's range method, defaults
 * worked out from the model as the quantize panel does.
 */
export function recipeCalibrationForm(recipe: Recipe, data: RecipeData, base: OpenModel): ResolvedForm {
  const step = recipe.steps[calibrationStep(recipe)];
  const options = step?.kind === 'quantize' ? step.calibration : undefined;
  return resolveForm(
    {
      ...DEFAULT_QUANTIZE_FORM,
      mode: 'int8',
      method: options?.method ?? DEFAULT_QUANTIZE_FORM.method,
      percentile: options?.percentile ?? DEFAULT_QUANTIZE_FORM.percentile,
      data: data.data,
      file: data.file,
      samples: data.samples,
      pixelScale: data.pixelScale,
    },
    base,
  );
}

/** Why Run cannot start (the recipe, then its calibration data); undefined when it can. */
export function runBlocker(recipe: Recipe, data: RecipeData, base: OpenModel): string | undefined {
  const problem = recipeBlocker(recipe, base.summary.format);
  if (problem) return problem;
  if (calibrationStep(recipe) < 0) return undefined;
  const form = recipeCalibrationForm(recipe, data, base);
  if (form.data === 'file' && !form.file) return 'Choose a .npz or .npy file of sample inputs for the int8 step.';
  if (!(Number.isInteger(form.samples) && form.samples > 0))
    return 'The number of samples must be a whole number above 0.';
  if (form.method === 'percentile' && !(form.percentile > 0 && form.percentile <= 100))
    return 'The percentile must be above 0 and at most 100.';
  return undefined;
}

/**
 * Runs the editor's recipe on the original model in the engine worker, lays the result out and adds it
 * to the family as a new variant named after the recipe, shown at once. A failure or a cancel leaves the
 * models and the recipe as they were.
 */
export async function runRecipe(): Promise<void> {
  const state = studioStore.getState();
  const base = recipeBase();
  if (!base || state.recipeJob.status === 'running') return;
  const recipe = state.recipeDoc.present;
  if (runBlocker(recipe, state.recipeData, base)) return;
  const baseId = base.summary.modelId;
  const controller = new AbortController();
  current = controller;
  const { signal } = controller;
  const live = (): boolean => current === controller;
  state.setRecipeJob({ status: 'running', baseId, recipe, progress: null, done: [] });
  const onProgress = (progress: Progress): void => {
    if (live()) studioStore.getState().setRecipeProgress(progress);
  };
  const form = recipeCalibrationForm(recipe, state.recipeData, base);
  const names = form.data === 'file' && form.file ? [form.file.name] : [];
  let failedStep: number | undefined;
  try {
    const calibration = calibrationStep(recipe) >= 0 ? await calibrationOf(form, signal) : undefined;
    const request: RecipeRequest = { recipe, ...(calibration ? { calibration } : {}) };
    const result = await getEngine().runRecipe(baseId, request, {
      signal,
      onProgress: (p) => {
        failedStep = p.phase === 'step' ? p.step?.index : undefined;
        onProgress(p);
      },
    });
    failedStep = undefined;
    if (!(await addLaidOutVariant(result, baseId, live, { signal, onProgress }))) return;
    studioStore.getState().setRecipeJob({ status: 'done', variantId: result.summary.modelId, recipe });
  } catch (error) {
    if (!live()) return;
    if (signal.aborted || isCancelled(error)) studioStore.getState().setRecipeJob({ status: 'cancelled' });
    else
      studioStore.getState().setRecipeJob({
        status: 'failed',
        error: toUserError(error, base.summary.fileName, names),
        ...(failedStep !== undefined ? { step: failedStep } : {}),
      });
  } finally {
    if (live()) current = null;
  }
}

/** Stops the running recipe; with `quiet`, its end is not reported (the model is being replaced). */
export function cancelRecipe(options: { quiet?: boolean } = {}): void {
  const running = current;
  if (options.quiet) current = null;
  running?.abort();
}

// A newly opened model replaces the family: a recipe still running on the old one is dropped quietly.
studioStore.subscribe(
  (s) => s.variants[0]?.id,
  (id, previous) => {
    if (id !== previous && current) cancelRecipe({ quiet: true });
  },
);

/** Asks the engine for the built-in recipes once. */
export function loadPresets(): void {
  if (studioStore.getState().recipePresets !== null) return;
  getEngine()
    .recipePresets()
    .then((presets) => studioStore.getState().setRecipePresets(presets))
    .catch(() => studioStore.getState().setRecipePresets([]));
}

/** Replaces the editor's recipe by a preset (one undo step brings the previous recipe back). */
export function applyPreset(preset: Recipe): void {
  studioStore.getState().editRecipe({ type: 'replace', recipe: preset });
  studioStore.getState().setRecipeNotice(null);
}

/**
 * Reads a recipe file and, when the engine accepts it, makes it the editor's recipe. A bad file leaves the
 * recipe as it was and says what is wrong, naming the file, the step and the field.
 */
export async function importRecipe(file: File): Promise<boolean> {
  const store = studioStore.getState();
  let text: string;
  try {
    text = await file.text();
  } catch {
    store.setRecipeNotice({
      code: 'read-failed',
      fileName: file.name,
      message: `${file.name}: the file could not be read`,
    });
    return false;
  }
  try {
    const recipe = await getEngine().parseRecipe(text, file.name);
    studioStore.getState().editRecipe({ type: 'replace', recipe });
    studioStore.getState().setRecipeNotice(null);
    return true;
  } catch (error) {
    studioStore.getState().setRecipeNotice(toUserError(error, file.name, [file.name]));
    return false;
  }
}

/** `Deep Compression` → `deep-compression.recipe.json`. */
export function recipeFileName(recipe: Recipe): string {
  const slug = recipe.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'recipe'}.recipe.json`;
}

/** Saves the editor's recipe as a .json file through the browser's downloads. */
export async function exportRecipe(): Promise<void> {
  const recipe = studioStore.getState().recipeDoc.present;
  try {
    const text = await getEngine().recipeToJson(recipe);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = recipeFileName(recipe);
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    studioStore.getState().setRecipeNotice(null);
  } catch (error) {
    studioStore.getState().setRecipeNotice(toUserError(error, recipe.name));
  }
}
