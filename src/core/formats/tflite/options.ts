import { toAttribute, type AttributeInput } from '../../ir/builder';
import type { Attribute } from '../../ir/types';
import { optionAttributes } from './attributes';
import { defaultOptionsOf, tableDef } from './schema';

/**
 * The attributes of a TFLite builtin op as the reader gives them back: every field of the op's option
 * table (e.g. CONV_2D: padding, stride_w, …, defaults filled in), with `given` values on top.
 * Plain values are typed as the builder types them (integers → int, strings → string).
 */
export function tfliteOptionAttributes(
  op: string,
  given: Readonly<Record<string, AttributeInput>> = {},
): Record<string, Attribute> {
  const slot = defaultOptionsOf(op);
  const typed: Record<string, Attribute> = {};
  for (const [k, v] of Object.entries(given)) typed[k] = toAttribute(v);
  return optionAttributes(slot ? tableDef(slot.table) : undefined, typed);
}
