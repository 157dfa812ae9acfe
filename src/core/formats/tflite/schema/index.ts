// The TFLite schema as data. Field names, ids, types and defaults are facts of tflite/schema.fbs (the
// newest published version, with BuiltinOptions2 and the 3c buffer offsets); the declarations are our
// own, read by define.ts. The generic codec (../codec) decodes and encodes any table from them.
import { BuiltinOperator } from './enums';
import { OPTION_TABLES } from './options';
import { MODEL_TABLES } from './tables';
import type { EnumDef, TableDef, UnionDef } from './types';
import { BuiltinOptions, BuiltinOptions2, UNIONS } from './unions';

export type { ElementType, EnumDef, FieldDef, FieldType, ScalarType, TableDef, UnionDef } from './types';
export { SCALAR_SIZE } from './types';
export { BuiltinOperator, ENUMS, TensorType } from './enums';
export { BuiltinOptions, BuiltinOptions2, UNIONS } from './unions';

/** Every table of the schema by name. */
export const TABLES: ReadonlyMap<string, TableDef> = new Map(
  [...MODEL_TABLES, ...OPTION_TABLES].map((t) => [t.name, t]),
);

/** The table descriptor by name (a schema bug if missing). */
export function tableDef(name: string): TableDef {
  const def = TABLES.get(name);
  if (!def) throw new Error(`schema: no table ${name}`);
  return def;
}

// Builtin ops whose option table is not named after the op.
const SHARED_OPTIONS: Readonly<Record<string, string>> = {
  AVERAGE_POOL_2D: 'Pool2DOptions',
  MAX_POOL_2D: 'Pool2DOptions',
  L2_POOL_2D: 'Pool2DOptions',
  L2_NORMALIZATION: 'L2NormOptions',
  UNIDIRECTIONAL_SEQUENCE_RNN: 'SequenceRNNOptions',
  MEAN: 'ReducerOptions',
  SUM: 'ReducerOptions',
  REDUCE_PROD: 'ReducerOptions',
  REDUCE_MAX: 'ReducerOptions',
  REDUCE_MIN: 'ReducerOptions',
  REDUCE_ANY: 'ReducerOptions',
  REDUCE_ALL: 'ReducerOptions',
  MAXIMUM: 'MaximumMinimumOptions',
  MINIMUM: 'MaximumMinimumOptions',
  CONV_3D_TRANSPOSE: 'Conv3DOptions',
  RANDOM_STANDARD_NORMAL: 'RandomOptions',
  RANDOM_UNIFORM: 'RandomOptions',
  MULTINOMIAL: 'RandomOptions',
};

/** Which union carries an option table, and its type code there. */
export interface OptionsSlot {
  readonly union: UnionDef;
  readonly table: string;
  readonly code: number;
}

const normalise = (s: string): string => s.toLowerCase().replace(/_/g, '');

function buildDefaults(): Map<string, OptionsSlot> {
  const byKey = new Map<string, OptionsSlot>();
  for (const union of [BuiltinOptions, BuiltinOptions2])
    union.members.forEach((table, i) => {
      const slot = { union, table, code: i + 1 };
      byKey.set(normalise(table.replace(/Options$/, '')), slot);
    });
  const defaults = new Map<string, OptionsSlot>();
  for (const op of BuiltinOperator.names) {
    const shared = SHARED_OPTIONS[op];
    const slot = shared ? optionsSlot(shared) : byKey.get(normalise(op));
    if (slot) defaults.set(op, slot);
  }
  return defaults;
}

/** The union slot of an option table by its name, or undefined. */
export function optionsSlot(table: string): OptionsSlot | undefined {
  for (const union of [BuiltinOptions, BuiltinOptions2]) {
    const i = union.members.indexOf(table);
    if (i >= 0) return { union, table, code: i + 1 };
  }
  return undefined;
}

let defaults: Map<string, OptionsSlot> | undefined;

/**
 * The option table the converter writes for a builtin op (e.g. CONV_2D → Conv2DOptions, MEAN →
 * ReducerOptions); undefined for ops without options (RELU, LOGISTIC, …).
 */
export function defaultOptionsOf(op: string): OptionsSlot | undefined {
  defaults ??= buildDefaults();
  return defaults.get(op);
}

/** Checks the declarations hang together (every union member and table reference has a table). */
export function checkSchema(): string[] {
  const problems: string[] = [];
  for (const union of UNIONS.values())
    for (const member of union.members) if (!TABLES.has(member)) problems.push(`${union.name}.${member}`);
  for (const def of TABLES.values())
    for (const f of def.fields) {
      const t = f.type.kind === 'vector' ? f.type.element : f.type;
      if (t.kind === 'table' && !TABLES.has(t.table)) problems.push(`${def.name}.${f.name} → ${t.table}`);
    }
  return problems;
}

/** Enum value name, or undefined for a code the schema does not know. */
export function enumName(def: EnumDef, code: number): string | undefined {
  return def.names[code];
}
