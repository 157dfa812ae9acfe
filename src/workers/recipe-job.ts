// The engine's recipe path: check the recipe, run its steps (calibrating a static int8 step on the data
// given, batch by batch), write the file and read it back. The parent model is only read; what comes out
// is a new model the engine keeps as a variant, with each step's report and what it did to each layer.
import {
  parseRecipe,
  quantizableFormats,
  runRecipe,
  unsupportedOps,
  type Feeds,
  type Model,
  type ModelFile,
  type ModelFormat,
  type Recipe,
  type RecipeProgress,
  type StepReport,
} from '../core';
import { calibrationFeeds } from './calibration-data';
import { failure } from './failure';
import { cancelSignal, type Job } from './jobs';
import type {
  CalibrationRecord,
  ProgressPhase,
  RecipeRequest,
  RecipeStep,
  RecipeVariantInfo,
  StepProgress,
} from './protocol';

const FORMAT_NAMES: Readonly<Record<string, string>> = { onnx: 'ONNX', tflite: 'TFLite', tfjs: 'TF.js' };

/** Reports progress; while a step runs, which one. */
export type RecipeReport = (phase: ProgressPhase, fraction: number, step?: StepProgress) => void;

/** What the model a recipe runs on brings along. */
export interface RecipeParent {
  readonly model: Model;
  readonly format: ModelFormat;
  readonly fileName: string;
  readonly recipe: readonly RecipeStep[];
}

/** A model made by a recipe, read back from the file written for it. */
export interface RecipeMade {
  readonly model: Model;
  readonly files: ModelFile[];
  readonly fileName: string;
  readonly parseMs: number;
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
      `${name}, step ${quantize.index + 1} (quantize): quantizing ${FORMAT_NAMES[parent.model.format] ?? parent.model.format} models is not supported yet (${parent.fileName})`,
      parent.fileName,
    );
  const int8 = staticInt8Steps(recipe);
  if (int8.length && !request.calibration)
    throw failure(
      'invalid-options',
      `${name}, step ${int8[0]! + 1} (quantize, int8 static) needs calibration data: choose the built-in MNIST digits or a .npz / .npy file`,
      parent.fileName,
    );
  if (int8.length) {
    const missing = unsupportedOps(parent.model);
    if (missing.length)
      throw failure(
        'unsupported-op',
        `${parent.fileName}: calibration runs the model in the studio's reference executor, which cannot run ` +
          `${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` and ${missing.length - 6} more` : ''} yet. ` +
          'Weight-only quantize steps need no calibration.',
        parent.fileName,
      );
  }
}

// One batch at a time, letting a `cancel` message in between batches.
async function* paced(feeds: Iterable<Feeds>, job: Job): AsyncGenerator<Feeds> {
  for (const batch of feeds) {
    await job.checkpoint();
    yield batch;
  }
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
 * Runs `request.recipe` on `parent`: checks it, runs its steps with per-step progress (cancellable between
 * steps and between calibration batches), writes the file and reads it back, so the variant shown is
 * exactly what its file holds.
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
  // Reading the data once up front names a file that does not fit the model before any step runs.
  const plan = int8 ? calibrationFeeds(parent.model, calibration) : undefined;
  const stepMs = recipe.steps.map(() => 0);
  const data =
    int8 && plan
      ? { data: () => paced(calibrationFeeds(parent.model, calibration).feeds, job), total: plan.batches }
      : {};
  const reports: (StepReport | undefined)[] = recipe.steps.map(() => undefined);
  let current = parent.model;
  // One step per core run, with a checkpoint between steps: the core's steps are synchronous, so this is
  // where a `cancel` message gets in. The other steps are marked disabled for that run, which keeps every
  // step's index (in progress and in messages) as the recipe numbers it.
  for (const [index, step] of recipe.steps.entries()) {
    if (step.enabled === false) continue;
    report('step', 0, { index, count: recipe.steps.length, kind: step.kind });
    await job.checkpoint();
    const stepStarted = performance.now();
    const only: Recipe = {
      ...recipe,
      steps: recipe.steps.map((s, j) => (j === index || s.enabled === false ? s : { ...s, enabled: false })),
    };
    const onProgress = (p: RecipeProgress): void =>
      report('step', p.fraction, { index: p.step, count: p.steps, kind: p.kind });
    const result = await runRecipe(current, only, { ...data, onProgress, signal: cancelSignal(job) });
    current = result.model;
    stepMs[index] = performance.now() - stepStarted;
    reports[index] = result.steps[index];
    // Steps disabled in the recipe itself are reported as the core skips them.
    result.steps.forEach((r, j) => {
      if (recipe.steps[j]?.enabled === false) reports[j] = r;
    });
  }
  const steps = reports.filter((r): r is StepReport => r !== undefined);
  const ran = performance.now();
  report('write', 0);
  await job.checkpoint();
  const written = parent.format.write(current, { baseName: recipeBaseName(parent.fileName, recipe.name) });
  const main = written[0];
  if (!main) throw failure('internal', `the ${parent.format.name} writer produced no file`, parent.fileName);
  const readStart = performance.now();
  const files = written.map((f) => ({ name: f.name, bytes: f.bytes }));
  const model = parent.format.read(files);
  const done = performance.now();
  const source = calibration?.source;
  const record: CalibrationRecord | undefined =
    int8 && plan && calibration && source
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
    model,
    files,
    fileName: main.name,
    parseMs: done - readStart,
    recipe,
    steps,
    lineage: [...parent.recipe, step],
    ...(record ? { calibration: record } : {}),
    timings: { steps: stepMs, write: readStart - ran, total: done - started },
  };
}
