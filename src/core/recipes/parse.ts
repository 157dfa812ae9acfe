// Reading and writing recipe files. `parseRecipe` checks everything a run would trip over later — the
// version, every step's kind, every field's type, and the option values (through the transforms' own
// checks) — and names the file, the step and the field: `deep.json: step 2 (prune): sparsity must be …`.
import { TransformError } from '../errors';
import { checkCleanupOptions } from '../transforms/cleanup/index';
import { checkClusterOptions } from '../transforms/cluster/options';
import { checkPruneOptions } from '../transforms/prune/options';
import { parseEditOps } from '../transforms/edit/parse-ops';
import { checkQuantizeOptions } from '../transforms/quantize/index';
import type { ClusterOptions } from '../transforms/cluster/types';
import type { PruneOptions } from '../transforms/prune/types';
import type { QuantizeOptions } from '../transforms/quantize/types';
import { COMMON_FIELDS, REQUIRED_FIELDS, STEP_FIELDS, STEP_KINDS, type FieldType } from './schema';
import { RECIPE_VERSION, type Recipe, type RecipeStep, type RecipeStepKind } from './types';

type Json = Readonly<Record<string, unknown>>;

const TOP_FIELDS = ['scaledown', 'version', 'name', 'description', 'steps'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a message shows it: strings quoted, lists and objects by what they are. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const A_TYPE: Readonly<Record<FieldType['type'], string>> = {
  number: 'a number',
  boolean: 'true or false',
  string: 'a string',
  'string-list': 'a list of strings',
  overrides: 'an object keyed by node id',
  object: 'an object',
  'edit-ops': 'a list of edit operations',
};

/** Checks `value` against `type`; returns a copy holding only known fields. `fail` throws. */
function checkField(value: unknown, type: FieldType, path: string, fail: (message: string) => never): unknown {
  const wrong = (): never => fail(`${path} must be ${A_TYPE[type.type]}, not ${shown(value)}`);
  switch (type.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong();
    case 'string':
      return typeof value === 'string' ? value : wrong();
    case 'string-list': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return wrong();
      const unknown = type.values ? value.find((v: string) => !type.values!.includes(v)) : undefined;
      if (unknown !== undefined) fail(`${path}: unknown value ${shown(unknown)} (${type.values!.join(', ')})`);
      return [...(value as string[])];
    }
    case 'object':
      return isObject(value) ? checkObject(value, type.fields, path, fail) : wrong();
    case 'edit-ops':
      return parseEditOps(value, path, fail);
    case 'overrides': {
      if (!isObject(value)) return wrong();
      const out: Record<string, unknown> = {};
      for (const [id, o] of Object.entries(value)) {
        const at = `${path}["${id}"]`;
        if (!isObject(o)) fail(`${at} must be an object, not ${shown(o)}`);
        out[id] = checkObject(o as Json, type.fields, at, fail);
      }
      return out;
    }
  }
}

function checkObject(
  value: Json,
  fields: Readonly<Record<string, FieldType>>,
  path: string,
  fail: (message: string) => never,
): Json {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    if (!Object.hasOwn(fields, key)) fail(`${path}: unknown field "${key}" (${Object.keys(fields).join(', ')})`);
  // Known fields in the schema's order, so a parsed recipe writes back the same way whatever the input order.
  for (const [key, type] of Object.entries(fields))
    if (value[key] !== undefined) out[key] = checkField(value[key], type, `${path}.${key}`, fail);
  return out;
}

function checkOptions(kind: RecipeStepKind, options: Json): void {
  if (kind === 'cleanup') checkCleanupOptions(options);
  else if (kind === 'prune') checkPruneOptions(options as unknown as PruneOptions);
  else if (kind === 'cluster') checkClusterOptions(options as ClusterOptions);
  else if (kind === 'quantize') checkQuantizeOptions(options as unknown as QuantizeOptions);
  // 'edit': its ops were checked field by field; what they name is checked against the model when run.
}

function parseStep(step: unknown, index: number, fail: (message: string) => never): RecipeStep {
  const at = `step ${index + 1}`;
  if (!isObject(step)) return fail(`${at} must be an object with a "kind", not ${shown(step)}`);
  const kind = step['kind'];
  if (typeof kind !== 'string' || !(STEP_KINDS as readonly string[]).includes(kind))
    return fail(
      `${at}: ${kind === undefined ? 'has no "kind"' : `unknown kind ${shown(kind)}`} (${STEP_KINDS.join(', ')})`,
    );
  const where = `${at} (${kind})`;
  const stepFail = (message: string): never => fail(`${where}: ${message}`);
  const fields = { ...COMMON_FIELDS, ...STEP_FIELDS[kind as RecipeStepKind] };
  for (const key of Object.keys(step))
    if (!Object.hasOwn(fields, key))
      stepFail(
        `unknown field "${key}" (a ${kind} step has ${Object.keys(fields)
          .filter((f) => f !== 'kind')
          .join(', ')})`,
      );
  const out: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(fields))
    if (step[key] !== undefined) out[key] = checkField(step[key], type, key, stepFail);
  for (const key of REQUIRED_FIELDS[kind as RecipeStepKind]) if (out[key] === undefined) stepFail(`needs "${key}"`);
  const { kind: _kind, label: _label, enabled: _enabled, ...options } = out;
  try {
    checkOptions(kind as RecipeStepKind, options);
  } catch (error) {
    if (error instanceof TransformError) stepFail(error.message);
    throw error;
  }
  return out as unknown as RecipeStep;
}

/**
 * Checks a recipe (a parsed JSON value, or the file's text) and returns it with only the known fields,
 * in a fixed order. Throws TransformError('invalid-recipe') naming `fileName`, the step and the field.
 */
export function parseRecipe(json: unknown, fileName = 'recipe'): Recipe {
  const fail = (message: string): never => {
    throw new TransformError('invalid-recipe', `${fileName}: ${message}`, fileName);
  };
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      fail(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isObject(value)) return fail(`is not a recipe: expected a JSON object, not ${shown(value)}`);
  if (value['scaledown'] !== 'recipe') fail('is not a ScaleDown recipe ("scaledown" must be "recipe")');
  for (const key of Object.keys(value))
    if (!(TOP_FIELDS as readonly string[]).includes(key))
      fail(`unknown field "${key}" (a recipe has ${TOP_FIELDS.join(', ')})`);
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    fail(`version must be a whole number from 1, not ${shown(version)}`);
  if ((version as number) > RECIPE_VERSION)
    fail(
      `is a version ${String(version)} recipe, written by a newer ScaleDown; this one reads versions up to ${RECIPE_VERSION}`,
    );
  const name = value['name'];
  if (typeof name !== 'string') fail(`name must be a string, not ${shown(name)}`);
  const description = value['description'];
  if (description !== undefined && typeof description !== 'string')
    fail(`description must be a string, not ${shown(description)}`);
  const steps = value['steps'];
  if (!Array.isArray(steps)) return fail(`steps must be a list of steps, not ${shown(steps)}`);
  return {
    scaledown: 'recipe',
    version: version as number,
    name: name as string,
    ...(description !== undefined ? { description: description as string } : {}),
    steps: steps.map((step, i) => parseStep(step, i, fail)),
  };
}

/** The recipe as a file's text: checked, known fields only, in a fixed order, two-space indented. */
export function recipeToJson(recipe: Recipe): string {
  return `${JSON.stringify(parseRecipe(recipe, `recipe "${recipe.name}"`), null, 2)}\n`;
}
