// Typed attribute reads for kernels, with the defaults the op specs give.
import type { Attribute, Node } from '../ir/types';

function get(node: Node, name: string): Attribute | undefined {
  return node.attributes[name];
}

/** An int attribute (floats holding whole numbers accepted, as some writers store them). */
export function intAttr(node: Node, name: string, fallback: number): number {
  const a = get(node, name);
  if (a?.type === 'int' || a?.type === 'float') return a.value;
  return fallback;
}

/** A float attribute (ints accepted). */
export function floatAttr(node: Node, name: string, fallback: number): number {
  const a = get(node, name);
  if (a?.type === 'float' || a?.type === 'int') return a.value;
  return fallback;
}

/** A string attribute; bytes are decoded as ASCII (ONNX stores strings as bytes). */
export function stringAttr(node: Node, name: string, fallback: string): string {
  const a = get(node, name);
  if (a?.type === 'string') return a.value;
  if (a?.type === 'bytes') return String.fromCharCode(...a.value);
  return fallback;
}

/** An ints attribute, or undefined when absent. */
export function intsAttr(node: Node, name: string): readonly number[] | undefined {
  const a = get(node, name);
  if (a?.type === 'ints' || a?.type === 'floats') return a.value;
  if (a?.type === 'int') return [a.value];
  return undefined;
}

/** A floats attribute, or undefined when absent. */
export function floatsAttr(node: Node, name: string): readonly number[] | undefined {
  const a = get(node, name);
  if (a?.type === 'floats' || a?.type === 'ints') return a.value;
  if (a?.type === 'float') return [a.value];
  return undefined;
}

/** True when the node has the attribute. */
export function hasAttr(node: Node, name: string): boolean {
  return get(node, name) !== undefined;
}
