// The engine's recipe path: check the recipe, run its steps (calibrating a static int8 step on the data
// given, batch by batch), write the file and read it back. The parent model is only read; what comes out
// is a new model the engine keeps as a variant, with each step's report and what it did to each layer.
import { parseRecipe, quantizableFormats, runRecipe, type Recipe, type RecipeProgress, type StepReport } from '../core';
import { calibrationFeeds, checkCalibratable } from './calibration-data';
import { failure } from './failure';
import { cancelSignal, paced, type Job } from './jobs';
import { writeVariant, type VariantFile, type VariantParent } from './variant-file';
import type {
  CalibrationRecord,
  ProgressPhase,
  RecipeRequest,
  RecipeStep,
  RecipeVariantInfo,
  StepProgress,
} from './protocol';

/** Reports progress; while a step runs, which one. */
export type RecipeReport = (phase: ProgressPhase, fraction: number, step?: StepProgress) => void;

/** What the model a recipe runs on brings along. */
export type RecipeParent = VariantParent;

/** A model made by a recipe, read back from the file written for it. */
export interface RecipeMade extends VariantFile {
  readonly recipe: Recipe;
  readonly steps: readonly StepReport[];
  readonly lineage: readonly RecipeStep[];
  readonly calibration?: CalibrationRecord;
  readonly timings: RecipeVariantInfo['timings'];
}

const enabled = (recipe: Recipe) =>
  recipe.steps.map((step, index) => ({ step, index })).filter((s) => s.step.enabled !== false);

/** The enabled static int8 quantize steps (they need calibration data), by index. */
export function staticInt8Steps(recipe: Recipe): number[] {
  return enabled(recipe)
    .filter(({ step }) => step.kind === 'quantize' && step.mode === 'int8')
    .map(({ index }) => index);
}

/** Refuses, before any work, what cannot run: quantizing a format with no quantizer, int8 without data. */
function checkRunnable(parent: RecipeParent, recipe: Recipe, request: RecipeRequest): void {
  const name = `Recipe "${recipe.name}"`;
  if (enabled(recipe).length === 0)
    throw failure('invalid-recipe', `${name} has no enabled step: add one, or enable one of its steps`, recipe.name);
  const quantize = enabled(recipe).find(({ step }) => step.kind === 'quantize');
  if (quantize && !quantizableFormats().includes(parent.model.format))
    throw failure(
      'not-applicable',
      `${name}, step ${quantize.index + 1} (quantize): quantizing ${parent.format.name} models is not supported yet (${parent.fileName})`,
      parent.fileName,
    );
  const int8 = staticInt8Steps(recipe);
  if (int8.length && !request.calibration)
    throw failure(
      'invalid-options',
      `${name}, step ${int8[0]! + 1} (quantize, int8 static) needs calibration data: choose the built-in MNIST digits or a .npz / .npy file`,
      parent.fileName,
    );
  if (int8.length) checkCalibratable(parent.model, parent.fileName, 'Weight-only quantize steps need no calibration.');
}

/** `mnist-cnn.onnx` + "Deep Compression" → `mnist-cnn.deep-compression` (the variant's file base name). */
export function recipeBaseName(fileName: string, recipeName: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '') || 'model';
  const slug = recipeName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${stem}.${slug || 'recipe'}`;
}

/**
 * Runs `request.recipe` on `parent`: checks it, runs its steps in one core run with progress per step and
 * inside each (per layer, pass or calibration batch), writes the file and reads it back, so the variant
 * shown is exactly what its file holds. A cancel lands between steps and batches by message, and between
 * layers too when the job has a shared cancel flag.
 */
export async function runRecipeOn(
  parent: RecipeParent,
  request: RecipeRequest,
  job: Job,
  report: RecipeReport,
): Promise<RecipeMade> {
  const started = performance.now();
  // The recipe came over the wire: it is checked exactly as a file would be.
  const recipe = parseRecipe(request.recipe, `recipe "${request.recipe.name}"`);
  checkRunnable(parent, recipe, request);
  const calibration = request.calibration;
  const int8 = staticInt8Steps(recipe).length > 0 && calibration !== undefined;
  // Read once, up front: a file that does not fit the model is named before any step runs, and each int8
  // step makes a fresh pass over the same feeds (they are re-iterable) without decoding the file again.
  const plan = int8 ? calibrationFeeds(parent.model, calibration) : undefined;
  const data = plan ? { data: () => paced(plan.feeds, job), total: plan.batches } : {};
  // A step's time runs from its first progress report to its last (the core reports 0 on entry, 1 on exit).
  const stepMs = recipe.steps.map(() => 0);
  let stepStart = { index: -1, at: 0 };
  const onProgress = (p: RecipeProgress): void => {
    const now = performance.now();
    if (p.step !== stepStart.index) stepStart = { index: p.step, at: now };
    stepMs[p.step] = now - stepStart.at;
    report('step', p.fraction, { index: p.step, count: p.steps, kind: p.kind });
  };
  const { model: current, steps } = await runRecipe(parent.model, recipe, {
    ...data,
    onProgress,
    signal: cancelSignal(job),
    // Without a shared flag, a `cancel` message gets in here (and between calibration batches).
    beforeStep: job.pause,
  });
  const { writeMs, ...file } = await writeVariant(
    parent,
    current,
    recipeBaseName(parent.fileName, recipe.name),
    job,
    report,
  );
  const done = performance.now();
  const source = calibration?.source;
  const record: CalibrationRecord | undefined =
    plan && calibration && source
      ? {
          data: plan.name,
          ...(source.kind === 'mnist' ? { pixelScale: source.pixelScale } : {}),
          samples: plan.samples,
          batches: plan.batches,
          method: calibration.method,
          ...(calibration.percentile !== undefined ? { percentile: calibration.percentile } : {}),
          notes: plan.notes,
        }
      : undefined;
  const step: RecipeStep = {
    kind: 'recipe',
    recipe,
    ...(record
      ? {
          calibration: {
            data: record.data,
            ...(record.pixelScale ? { pixelScale: record.pixelScale } : {}),
            samples: record.samples,
            method: record.method,
            ...(record.percentile !== undefined ? { percentile: record.percentile } : {}),
          },
        }
      : {}),
  };
  return {
    ...file,
    recipe,
    steps,
    lineage: [...parent.recipe, step],
    ...(record ? { calibration: record } : {}),
    timings: { steps: stepMs, write: writeMs, total: done - started },
  };
}
