// Small facts about Keras layer configs shared by the layers reader, the shape rules and the MAC rules.
import type { DType } from '../../ir/dtype';
import { ALL_DTYPES } from '../../ir/dtype';
import type { Attribute, JsonValue, Shape } from '../../ir/types';
import { attributeToConfigValue } from './config-attrs';

/** The IR domain of layers-model nodes: Keras class names (Conv2D, Dense…) would collide with TF ops. */
export const KERAS_DOMAIN = 'keras';

/**
 * The dtype a Keras `dtype` config entry names: a plain name ("float32"), or a mixed-precision policy
 * object ({class_name: "Policy" | "DTypePolicy", config: {name: "mixed_float16"}}) whose compute dtype
 * the layer outputs.
 */
export function kerasDtype(value: JsonValue | undefined): DType | undefined {
  let name: JsonValue | undefined = value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const config = (value as { config?: JsonValue }).config;
    name =
      typeof config === 'object' && config !== null && !Array.isArray(config)
        ? (config as { name?: JsonValue }).name
        : undefined;
  }
  if (typeof name !== 'string') return undefined;
  const plain = name.replace(/^mixed_/, '');
  return (ALL_DTYPES as readonly string[]).includes(plain) ? (plain as DType) : undefined;
}

/** The JSON value of a config attribute (typed attributes turned back into plain values). */
export function attrJson(attribute: Attribute | undefined): JsonValue | undefined {
  return attribute ? attributeToConfigValue(attribute) : undefined;
}

/**
 * The input shape a layer config declares, batch included: `batch_input_shape` (Keras 2, tfjs-layers),
 * `batch_shape` (Keras 3), or `input_shape` / `input_dim` with a batch prepended. A null leading dim is
 * the batch and becomes the symbol 'batch' (so MACs count batch 1); other nulls stay unknown.
 */
export function declaredInputShape(config: Readonly<Record<string, JsonValue | undefined>>): Shape | undefined {
  const dims = (list: JsonValue | undefined): (number | null)[] | undefined =>
    Array.isArray(list) && list.every((d) => d === null || typeof d === 'number')
      ? (list as (number | null)[])
      : undefined;
  const full = dims(config['batch_input_shape']) ?? dims(config['batch_shape']);
  const partial = dims(config['input_shape']);
  const inputDim = config['input_dim'];
  const shape = full ?? (partial ? [null, ...partial] : typeof inputDim === 'number' ? [null, inputDim] : undefined);
  return shape?.map((d, i) => (d === null || d < 0 ? (i === 0 ? 'batch' : null) : d));
}
