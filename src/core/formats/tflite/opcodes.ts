// Operator codes: which op a TFLite operator runs. Builtin ops are named by the BuiltinOperator enum
// (CONV_2D), custom ops by their custom_code, and builtin codes newer than this schema as
// BUILTIN_OP_<code> so they survive a round trip by code.
import type { Node } from '../../ir/types';
import { num, str, type FbTable } from './codec/values';
import { tfliteExtras, type OpcodeKey, type TfliteNodeExtras } from './extras';
import { BuiltinOperator } from './schema';

export const CUSTOM_CODE = BuiltinOperator.names.indexOf('CUSTOM');
// Codes above 126 only fit the int32 builtin_code; the byte field then holds this placeholder.
const PLACEHOLDER = BuiltinOperator.names.indexOf('PLACEHOLDER_FOR_GREATER_OP_CODES');
const UNKNOWN_PREFIX = 'BUILTIN_OP_';

/** An operator code as the reader resolves it. */
export interface ResolvedOpcode extends OpcodeKey {
  /** The IR op name. */
  readonly op: string;
  /** True for a custom op whose name could be mistaken for a builtin one. */
  readonly ambiguousCustom: boolean;
}

/** Resolves OperatorCode tables (TFLite reads the larger of builtin_code and deprecated_builtin_code). */
export function resolveOpcode(table: FbTable): ResolvedOpcode {
  const code = Math.max(num(table['builtin_code']), num(table['deprecated_builtin_code']));
  const customCode = str(table['custom_code']);
  const version = num(table['version'], 1);
  if (code === CUSTOM_CODE && customCode !== undefined) {
    const ambiguous = BuiltinOperator.names.includes(customCode) || customCode.startsWith(UNKNOWN_PREFIX);
    return { op: customCode, code, customCode, version, ambiguousCustom: ambiguous };
  }
  const op = BuiltinOperator.names[code] ?? `${UNKNOWN_PREFIX}${code}`;
  return { op, code, ...(customCode !== undefined ? { customCode } : {}), version, ambiguousCustom: false };
}

/** The operator code a node needs. */
export function opcodeOfNode(node: Node): OpcodeKey {
  const extras = tfliteExtras<TfliteNodeExtras>(node.extras);
  const version = extras.version ?? 1;
  if (extras.custom) return { code: CUSTOM_CODE, customCode: node.op, version };
  const builtin = BuiltinOperator.names.indexOf(node.op);
  if (builtin >= 0 && builtin !== PLACEHOLDER) return { code: builtin, version };
  const unknown = new RegExp(`^${UNKNOWN_PREFIX}(\\d+)$`).exec(node.op);
  if (unknown) return { code: Number(unknown[1]), version };
  return { code: CUSTOM_CODE, customCode: node.op, version };
}

/** True when two operator codes are the same. */
export function sameOpcode(a: OpcodeKey, b: OpcodeKey): boolean {
  return a.code === b.code && a.customCode === b.customCode && a.version === b.version;
}

/** The OperatorCode table of a key: both the byte field (old runtimes) and the int32 field. */
export function opcodeTable(key: OpcodeKey): FbTable {
  return {
    deprecated_builtin_code: Math.min(key.code, PLACEHOLDER),
    builtin_code: key.code,
    ...(key.customCode !== undefined ? { custom_code: key.customCode } : {}),
    version: key.version,
  };
}
