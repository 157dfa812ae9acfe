import { dirname, resolve } from 'node:path';
import { parseRecipe, RECIPE_PRESETS, runRecipe, TransformError, type Recipe, type StepReport } from '../../core/index';
import { FileError, flag, stringOption, UsageError, type Command, type CommandIO, type ParsedArgs } from '../command';
import { loadModel, readFileBytes } from '../load-model';
import {
  CALIBRATION_HELP,
  CALIBRATION_OPTIONS,
  calibrationArgs,
  calibrationData,
  type CalibrationData,
} from './quantize-data';
import {
  checkOutputFormat,
  jsonSafe,
  outputHeadline,
  progressLine,
  writeOutput,
  type OutputFile,
} from './transform-io';
import { cleanupText, clusterText, pruneText, quantizeText } from './weights-report';

/** What `optimize --json` prints. */
export interface OptimizeJson extends OutputFile {
  readonly input: string;
  /** The recipe as run (checked, known fields only), and where it came from. */
  readonly recipe: Recipe;
  readonly recipeSource: { readonly file: string } | { readonly preset: string };
  readonly calibration?: { readonly data: string; readonly samples: number; readonly notes: readonly string[] };
  /** One report per step of the recipe (disabled steps with the reason they were skipped). */
  readonly steps: readonly StepReport[];
}

// A recipe file at fault is named itself, not the model.
function readRecipe(path: string, cwd: string): Recipe {
  const text = new TextDecoder().decode(readFileBytes(resolve(cwd, path), path));
  try {
    return parseRecipe(text, path);
  } catch (error) {
    if (error instanceof TransformError && error.code === 'invalid-recipe')
      throw new FileError(
        path,
        error.code,
        error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message,
      );
    throw error;
  }
}

function presetNamed(name: string): Recipe {
  const preset = RECIPE_PRESETS.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  if (!preset)
    throw new UsageError(
      `--preset must name a built-in recipe (${RECIPE_PRESETS.map((p) => `"${p.name}"`).join(', ')}), not "${name}"`,
    );
  return preset;
}

function stepText(step: StepReport, recipe: Recipe): string[] {
  const s = recipe.steps[step.index]!;
  const head = `step ${step.index + 1} of ${recipe.steps.length}: ${step.kind}${s.label ? ` "${s.label}"` : ''}`;
  if ('skipped' in step) return [`${head}: skipped (${step.skipped})`];
  const body =
    step.kind === 'cleanup'
      ? cleanupText(step.report)
      : step.kind === 'prune'
        ? pruneText(step.report)
        : step.kind === 'cluster'
          ? clusterText(step.report)
          : step.kind === 'edit'
            ? [`${step.report.nodesBefore} → ${step.report.nodesAfter} nodes`, ...step.report.details]
            : quantizeText(step.report);
  return [`${head}`, ...body.map((line) => (line ? `  ${line.replace(/\n/g, '\n  ')}` : line))];
}

function textReport(json: OptimizeJson): string {
  const calibration = json.calibration
    ? `, calibrated on ${json.calibration.samples} samples of ${json.calibration.data}`
    : '';
  const lines = [outputHeadline(json, `, recipe "${json.recipe.name}"${calibration}`)];
  for (const step of json.steps) lines.push('', ...stepText(step, json.recipe));
  const notes = json.calibration?.notes ?? [];
  if (notes.length) lines.push('', ...notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}

export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'run a recipe (clean-up, prune, cluster, quantize, edit steps from a JSON file or a preset) on a model',
  usage: 'scaledown optimize IN OUT --recipe RECIPE.json [--calibration DATA] [--json]',
  optionHelp: [
    '  --recipe FILE              the recipe: {"scaledown": "recipe", "version": 1, "name", "steps": […]}',
    `  --preset NAME              a built-in recipe instead: ${RECIPE_PRESETS.map((p) => `"${p.name}"`).join(', ')}`,
    '  --calibration DATA         for a static int8 step: a .npz/.npy file (array x, samples along the',
    '                             first axis) or "mnist" for the built-in digits (0..1)',
    ...CALIBRATION_HELP,
    "  --json                     print the recipe and every step's report as JSON on stdout",
  ],
  notes: [
    "The output format is the input's (OUT: .onnx, .tflite or model.json). Steps run in order, each on",
    'the model the step before made; disabled steps ("enabled": false) are skipped. Progress goes to',
    'stderr (not with --json).',
    'An "edit" step replays graph edits: {"kind": "edit", "ops": [{"kind": "bypassNode", "node": "id1"}, …]};',
    'an .npy of new weights it names as {"file": "w.npy"} is read beside the recipe file.',
  ],
  options: {
    recipe: { type: 'string' },
    preset: { type: 'string' },
    ...CALIBRATION_OPTIONS,
  },
  minPositionals: 2,
  maxPositionals: 2,
  async run(args: ParsedArgs, io: CommandIO): Promise<number> {
    const [input, output] = args.positionals as [string, string];
    const json = flag(args, 'json');
    const recipePath = stringOption(args, 'recipe');
    const presetName = stringOption(args, 'preset');
    if ((recipePath === undefined) === (presetName === undefined))
      throw new UsageError('needs either --recipe RECIPE.json or --preset NAME');
    const { source, options: dataOptions } = calibrationArgs(args);

    const recipe = recipePath !== undefined ? readRecipe(recipePath, io.cwd) : presetNamed(presetName!);
    const int8 = recipe.steps.findIndex((s) => s.enabled !== false && s.kind === 'quantize' && s.mode === 'int8');
    if (int8 >= 0 && source === undefined)
      throw new UsageError(
        `step ${int8 + 1} of recipe "${recipe.name}" (static int8) needs calibration data: add --calibration DATA (a .npz/.npy file, or "mnist")`,
      );
    if (int8 < 0 && source !== undefined)
      throw new UsageError(
        `--calibration applies to recipes with a static int8 quantize step ("${recipe.name}" has none)`,
      );

    const { model, files } = loadModel([input], io.cwd);
    checkOutputFormat(model, input, output);
    const data: CalibrationData | undefined =
      source !== undefined ? calibrationData(model, source, io.cwd, dataOptions) : undefined;

    const progress = json ? undefined : progressLine(io);
    // Files an 'edit' step names (an .npy of new weights) are found beside the recipe file.
    const recipeDir = recipePath !== undefined ? dirname(resolve(io.cwd, recipePath)) : io.cwd;
    const readFile = (path: string): Uint8Array => readFileBytes(resolve(recipeDir, path), path);
    let result: Awaited<ReturnType<typeof runRecipe>>;
    try {
      result = await runRecipe(model, recipe, {
        readFile,
        ...(data ? { data: () => data.feeds, total: data.batches } : {}),
        ...(progress
          ? { onProgress: (p) => progress.update(`step ${p.step + 1} of ${p.steps} (${p.kind})`, p.fraction) }
          : {}),
      });
    } finally {
      progress?.done();
    }
    const report: OptimizeJson = {
      input,
      ...writeOutput(result.model, input, output, io.cwd, files[0]!.bytes.byteLength),
      recipe,
      recipeSource: recipePath !== undefined ? { file: recipePath } : { preset: recipe.name },
      ...(data ? { calibration: { data: source!, samples: data.samples, notes: data.notes } } : {}),
      steps: result.steps,
    };
    io.stdout(json ? `${jsonSafe(report)}\n` : textReport(report));
    return 0;
  },
};
