// Typed reads of TF GraphDef attributes as the TF.js reader stores them: `b` is a json boolean, `type` a
// "DT_*" string, `shape` ints with −1 for unknown dims. Also small helpers the TF rule files share.
import type { DType } from '../../../ir/dtype';
import type { Dim, Node, Shape } from '../../../ir/types';
import { dtypeFromTf } from '../../../formats/tfjs/dtypes';
import { intsAttr, stringAttr } from '../../attrs';
import type { RuleContext } from '../../context';
import { fail } from '../../context';

/** A boolean attribute (`b` as json true/false; an int 0/1 is accepted too). */
export function boolAttr(node: Node, name: string, fallback: boolean): boolean {
  const a = node.attributes[name];
  if (a === undefined) return fallback;
  if (a.type === 'json' && typeof a.value === 'boolean') return a.value;
  if (a.type === 'int') return a.value !== 0;
  return fail('bad-attribute', `attribute "${name}" is a ${a.type}, expected a boolean`);
}

/** An element type attribute ("DT_FLOAT", or its enum number). */
export function typeAttr(node: Node, name: string): DType | undefined {
  const a = node.attributes[name];
  if (a === undefined) return undefined;
  if (a.type !== 'string' && a.type !== 'int')
    fail('bad-attribute', `attribute "${name}" is a ${a.type}, expected a type`);
  return dtypeFromTf(a.value) ?? fail('bad-attribute', `attribute "${name}" names no known element type (${a.value})`);
}

/** A `shape` attribute as dims (−1 → unknown); undefined when absent or of unknown rank. */
export function shapeAttr(node: Node, name: string): Shape | undefined {
  const a = node.attributes[name];
  if (a?.type !== 'ints') return undefined;
  return a.value.map((d) => (d < 0 ? null : d));
}

/** A list(int) attribute, or the fallback. */
export function intList(node: Node, name: string, fallback: readonly number[]): readonly number[] {
  const v = intsAttr(node, name);
  return v === undefined || v.length === 0 ? fallback : v;
}

/** The data_format attribute: true for channels-first ("NCHW", "NCW", "NCDHW"). */
export function channelsFirst(node: Node): boolean {
  return stringAttr(node, 'data_format', 'NHWC').startsWith('NC');
}

/** The one value of a scalar (or one-element) input, when known. */
export function scalarOf(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.numbers(i);
  if (v === undefined) return undefined;
  if (v.length !== 1) fail('shape-mismatch', `input ${i + 1} should hold one value, it holds ${v.length}`);
  return v[0];
}

/** An axis in [0, rank) from a possibly negative one. */
export function axisIn(axis: number, rank: number, what = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank)
    fail('bad-attribute', `${what} ${axis} is out of range for a tensor of rank ${rank}`);
  return axis < 0 ? axis + rank : axis;
}

/** The input ids that are real data inputs (GraphDef lists no optional-empty inputs, but IR edits may). */
export function dataInputs(ctx: RuleContext): number[] {
  return ctx.node.inputs.map((_, i) => i).filter((i) => ctx.has(i));
}

/** Spatial dims, batch and channel positions of an N-D tensor in NHWC or NCHW layout. */
export function layout(shape: Shape, first: boolean): { batch: Dim; channels: Dim; spatial: Dim[] } {
  if (shape.length < 3)
    fail('shape-mismatch', `the input has rank ${shape.length}; it needs batch, spatial and channel axes`);
  return first
    ? { batch: shape[0] ?? null, channels: shape[1] ?? null, spatial: shape.slice(2) }
    : { batch: shape[0] ?? null, channels: shape[shape.length - 1] ?? null, spatial: shape.slice(1, -1) };
}

/** A shape in NHWC or NCHW layout from its parts. */
export function assemble(batch: Dim, channels: Dim, spatial: readonly Dim[], first: boolean): Dim[] {
  return first ? [batch, channels, ...spatial] : [batch, ...spatial, channels];
}
