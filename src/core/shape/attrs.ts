// Typed reads of node attributes. A wrongly typed attribute is a RuleError, not a crash.
import type { DType } from '../ir/dtype';
import type { Attribute, Graph, Node, Tensor } from '../ir/types';
import { fail } from './context';
import { dtypeFromOnnxCode } from './onnx-dtype';

function get<T extends Attribute['type']>(node: Node, name: string, types: readonly T[]) {
  const a = node.attributes[name];
  if (a === undefined) return undefined;
  if (!(types as readonly string[]).includes(a.type))
    fail('bad-attribute', `attribute "${name}" is a ${a.type}, expected ${types.join(' or ')}`);
  return a as Extract<Attribute, { type: T }>;
}

/** An int attribute (a float holding an integer is accepted, as some exporters write them). */
export function intAttr(node: Node, name: string): number | undefined;
export function intAttr(node: Node, name: string, fallback: number): number;
export function intAttr(node: Node, name: string, fallback?: number): number | undefined {
  const a = get(node, name, ['int', 'float']);
  return a === undefined ? fallback : Math.trunc(a.value);
}

/** An ints attribute. */
export function intsAttr(node: Node, name: string): readonly number[] | undefined {
  const a = get(node, name, ['ints', 'int']);
  if (a === undefined) return undefined;
  return a.type === 'int' ? [a.value] : a.value;
}

/** A float attribute. */
export function floatAttr(node: Node, name: string, fallback: number): number {
  return get(node, name, ['float', 'int'])?.value ?? fallback;
}

/** A floats attribute. */
export function floatsAttr(node: Node, name: string): readonly number[] | undefined {
  const a = get(node, name, ['floats', 'ints', 'float']);
  if (a === undefined) return undefined;
  return a.type === 'float' ? [a.value] : a.value;
}

/** A string attribute. */
export function stringAttr(node: Node, name: string, fallback: string): string {
  return get(node, name, ['string'])?.value ?? fallback;
}

/** A tensor attribute. */
export function tensorAttr(node: Node, name: string): Tensor | undefined {
  return get(node, name, ['tensor'])?.value;
}

/** A graph attribute (If branches, Loop/Scan bodies). */
export function graphAttr(node: Node, name: string): Graph | undefined {
  return get(node, name, ['graph'])?.value;
}

/** An attribute naming an element type by its ONNX code (Cast `to`, `dtype`, `output_datatype`). */
export function dtypeAttr(node: Node, name: string): DType | undefined {
  const code = intAttr(node, name);
  if (code === undefined) return undefined;
  return dtypeFromOnnxCode(code) ?? fail('bad-attribute', `attribute "${name}" names no known element type (${code})`);
}

/** Number of entries of a strings attribute (0 when absent). */
export function stringsAttrLength(node: Node, name: string): number {
  return get(node, name, ['strings'])?.value.length ?? 0;
}
