// The fields each kind of recipe step may hold, with the JSON type each must have. Value ranges are checked
// by the transforms' own option checks (checkPruneOptions …), so a recipe file and the CLI flags meet the
// same rules; this table only makes sure every field has the type those checks expect, and that a typo
// ("sparsty") is reported instead of silently ignored.
import { CLEANUP_PASSES } from '../transforms/cleanup/types';
import type { RecipeStepKind } from './types';

/** A field's expected JSON shape. */
export type FieldType =
  | { readonly type: 'number' }
  | { readonly type: 'boolean' }
  | { readonly type: 'string' }
  | { readonly type: 'string-list'; readonly values?: readonly string[] }
  /** An object keyed by node id whose values are objects with these fields. */
  | { readonly type: 'overrides'; readonly fields: Readonly<Record<string, FieldType>> }
  | { readonly type: 'object'; readonly fields: Readonly<Record<string, FieldType>> }
  /** A list of graph edits, checked by transforms/edit's parseEditOps. */
  | { readonly type: 'edit-ops' };

const number: FieldType = { type: 'number' };
const boolean: FieldType = { type: 'boolean' };
const string: FieldType = { type: 'string' };

/** Fields every step has. */
export const COMMON_FIELDS: Readonly<Record<string, FieldType>> = { kind: string, label: string, enabled: boolean };

/** The option fields of each step kind, in the order recipeToJson writes them. */
export const STEP_FIELDS: Readonly<Record<RecipeStepKind, Readonly<Record<string, FieldType>>>> = {
  cleanup: { passes: { type: 'string-list', values: CLEANUP_PASSES } },
  prune: {
    method: string,
    sparsity: number,
    scope: string,
    n: number,
    m: number,
    norm: string,
    channelMultiple: number,
    excludeFirstLast: boolean,
    minElements: number,
    overrides: { type: 'overrides', fields: { exclude: boolean, sparsity: number } },
  },
  cluster: {
    clusters: number,
    init: string,
    iterations: number,
    seed: number,
    keepZeros: boolean,
    storage: string,
    excludeFirstLast: boolean,
    minElements: number,
    overrides: { type: 'overrides', fields: { exclude: boolean, clusters: number } },
  },
  quantize: {
    mode: string,
    granularity: string,
    symmetric: boolean,
    blockSize: number,
    calibration: { type: 'object', fields: { method: string, percentile: number, bins: number } },
    activationDType: string,
    onnxFormat: string,
    ioType: string,
    perChannelFullyConnected: boolean,
    allowFloatFallback: boolean,
    compactNames: boolean,
    minElements: number,
    overrides: { type: 'overrides', fields: { keepFloat: boolean, bits: number } },
  },
  edit: { ops: { type: 'edit-ops' } },
};

/** Fields a step of this kind must have. */
export const REQUIRED_FIELDS: Readonly<Record<RecipeStepKind, readonly string[]>> = {
  cleanup: [],
  prune: ['method'],
  cluster: [],
  quantize: ['mode'],
  edit: ['ops'],
};

export const STEP_KINDS = Object.keys(STEP_FIELDS) as RecipeStepKind[];
