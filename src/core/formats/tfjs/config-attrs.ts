// A Keras layer config ↔ IR attributes, one attribute per config entry in the config's own key order.
// Numbers, strings and non-empty lists of numbers or strings become typed attributes; booleans, nulls,
// objects, empty or mixed lists stay json. Writing the attributes back in order rebuilds the same config.
import type { Attribute, JsonValue } from '../../ir/types';
import type { JsonObject } from './json';

/** One config value as an attribute. */
export function configValueToAttribute(value: JsonValue): Attribute {
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'int', value } : { type: 'float', value };
  if (typeof value === 'string') return { type: 'string', value };
  if (Array.isArray(value) && value.length > 0) {
    if (value.every((v): v is string => typeof v === 'string')) return { type: 'strings', value };
    if (value.every((v): v is number => typeof v === 'number'))
      return value.every((v) => Number.isInteger(v)) ? { type: 'ints', value } : { type: 'floats', value };
  }
  return { type: 'json', value };
}

/** A layer config as attributes (insertion order = the config's key order). */
export function configToAttributes(config: JsonObject): Record<string, Attribute> {
  const out: Record<string, Attribute> = {};
  for (const [key, value] of Object.entries(config)) out[key] = configValueToAttribute(value);
  return out;
}

/** An attribute as a config value; undefined for attribute types a Keras config cannot hold. */
export function attributeToConfigValue(attribute: Attribute): JsonValue | undefined {
  switch (attribute.type) {
    case 'int':
    case 'float':
    case 'string':
    case 'json':
      return attribute.value;
    case 'ints':
    case 'floats':
    case 'strings':
      return [...attribute.value];
    default:
      return undefined;
  }
}
