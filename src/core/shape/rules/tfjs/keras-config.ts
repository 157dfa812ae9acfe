// Reading Keras layer configs from node attributes (the TF.js reader keeps one attribute per config entry).
import type { DType } from '../../../ir/dtype';
import type { JsonValue, Node } from '../../../ir/types';
import { attrJson, kerasDtype } from '../../../formats/tfjs/keras';
import type { RuleContext } from '../../context';
import { fail } from '../../context';

/** A config entry as plain JSON. */
export function cfg(node: Node, key: string): JsonValue | undefined {
  return attrJson(node.attributes[key]);
}

/** The whole config as plain JSON entries. */
export function configOf(node: Node): Record<string, JsonValue | undefined> {
  const out: Record<string, JsonValue | undefined> = {};
  for (const key of Object.keys(node.attributes)) out[key] = cfg(node, key);
  return out;
}

/** A number entry, or the fallback. */
export function cfgNumber(node: Node, key: string, fallback: number): number {
  const v = cfg(node, key);
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number') fail('bad-attribute', `config entry "${key}" should be a number`);
  return v;
}

/** A boolean entry, or the fallback. */
export function cfgBool(node: Node, key: string, fallback: boolean): boolean {
  const v = cfg(node, key);
  return typeof v === 'boolean' ? v : fallback;
}

/** A string entry, or the fallback. */
export function cfgString(node: Node, key: string, fallback: string): string {
  const v = cfg(node, key);
  return typeof v === 'string' ? v : fallback;
}

/** A per-dim entry (kernel_size, strides, pool_size…): a number for every dim, or a list of n numbers. */
export function cfgTuple(node: Node, key: string, n: number, fallback?: readonly number[]): number[] {
  const v = cfg(node, key);
  if (v === undefined || v === null) {
    if (fallback) return [...fallback];
    return fail('bad-attribute', `config entry "${key}" is missing`);
  }
  if (typeof v === 'number') return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number')) return v as number[];
  return fail('bad-attribute', `config entry "${key}" should be a number or ${n} numbers`);
}

/** True for data_format "channels_first". */
export function isChannelsFirst(node: Node): boolean {
  return cfg(node, 'data_format') === 'channels_first';
}

/** The dtype a layer outputs: its config dtype (policy compute dtype), else its input's, else float32. */
export function layerDtype(ctx: RuleContext): DType {
  return kerasDtype(cfg(ctx.node, 'dtype')) ?? ctx.dtype(0) ?? 'float32';
}
