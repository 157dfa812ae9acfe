// Control flow: If, Loop, Scan. Nested graphs are inferred with the enclosing scope visible.
import type { DType } from '../../ir/dtype';
import type { Dim, Graph } from '../../ir/types';
import { graphAttr, intAttr, intsAttr } from '../attrs';
import type { RuleContext, RuleOutput, ShapeRule } from '../context';
import { fail } from '../context';
import { normAxis, unifyShapes } from '../dims';
import type { TensorType } from '../types';
import { out } from './common';

function known(dtype: DType | undefined): DType | undefined {
  return dtype === 'undefined' ? undefined : dtype;
}

/** What two alternatives (If branches, a loop's first and later iterations) have in common. */
function unify(a: TensorType | undefined, b: TensorType | undefined): RuleOutput {
  return out(known(a?.dtype) ?? known(b?.dtype), unifyShapes(a?.shape, b?.shape));
}

function body(ctx: RuleContext, name: string): Graph {
  return graphAttr(ctx.node, name) ?? fail('bad-attribute', `attribute "${name}" (a graph) is required`);
}

const ifRule: ShapeRule = (ctx) => {
  const thenTypes = ctx.subgraph(body(ctx, 'then_branch'), []);
  const elseTypes = ctx.subgraph(body(ctx, 'else_branch'), []);
  if (thenTypes.length !== elseTypes.length)
    fail('shape-mismatch', `the branches have ${thenTypes.length} and ${elseTypes.length} outputs`);
  // A condition known at analysis time picks its branch.
  const cond = ctx.numbers(0);
  if (cond && cond.length === 1) return (cond[0] ? thenTypes : elseTypes).map((t) => out(known(t?.dtype), t?.shape));
  return thenTypes.map((t, i) => unify(t, elseTypes[i]));
};

/** Infers a body whose loop-carried inputs are re-fed until their types settle (at most three passes). */
function carried(
  ctx: RuleContext,
  graph: Graph,
  before: readonly TensorType[],
  initial: readonly (TensorType | undefined)[],
  after: readonly TensorType[],
  outputOffset: number,
): { outputs: (TensorType | undefined)[]; state: (TensorType | undefined)[] } {
  let state = [...initial];
  let outputs = ctx.subgraph(graph, [...before, ...state, ...after]);
  for (let pass = 0; pass < 2; pass++) {
    const next = state.map((s, i) => {
      const u = unify(s, outputs[outputOffset + i]);
      return u.dtype === undefined ? undefined : (u as TensorType);
    });
    if (next.every((n, i) => sameType(n, state[i]))) break;
    state = next;
    outputs = ctx.subgraph(graph, [...before, ...state, ...after]);
  }
  return { outputs, state };
}

function sameType(a: TensorType | undefined, b: TensorType | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.dtype !== b.dtype || (a.shape === undefined) !== (b.shape === undefined)) return false;
  return a.shape === undefined || (a.shape.length === b.shape?.length && a.shape.every((d, i) => d === b.shape?.[i]));
}

const loop: ShapeRule = (ctx) => {
  const graph = body(ctx, 'body');
  const n = ctx.node.inputs.length - 2;
  const initial = Array.from({ length: Math.max(n, 0) }, (_, i) => ctx.input(2 + i));
  const fixed: TensorType[] = [
    { dtype: 'int64', shape: [] },
    { dtype: 'bool', shape: [] },
  ];
  const { outputs, state } = carried(ctx, graph, fixed, initial, [], 1);
  const finals = state.map((s, i) => unify(s, outputs[1 + i]));
  // Scan outputs stack one value per iteration; the count is only known at run time.
  const scans = outputs.slice(1 + state.length).map((t) => out(known(t?.dtype), t?.shape && [null, ...t.shape]));
  return [...finals, ...scans];
};

function removeAxis(shape: readonly Dim[] | undefined, axis: number): Dim[] | undefined {
  if (!shape) return undefined;
  const a = normAxis(axis, shape.length);
  return shape.filter((_, i) => i !== a);
}

const scan: ShapeRule = (ctx) => {
  const graph = body(ctx, 'body');
  const m = intAttr(ctx.node, 'num_scan_inputs') ?? fail('bad-attribute', 'attribute "num_scan_inputs" is required');
  const legacy = ctx.opset < 9;
  const first = legacy ? 1 : 0;
  const n = ctx.node.inputs.length - first - m;
  if (n < 0) fail('missing-input', `it has fewer inputs than its ${m} scan inputs`);
  const inputAxes = legacy ? [] : (intsAttr(ctx.node, 'scan_input_axes') ?? []);
  const outputAxes = legacy ? [] : (intsAttr(ctx.node, 'scan_output_axes') ?? []);
  // Scan-8 tensors carry a batch axis first; its scan axis is then axis 1 of the full tensor.
  const strip = (t: TensorType | undefined): TensorType | undefined =>
    legacy && t?.shape ? { dtype: t.dtype, shape: t.shape.slice(1) } : t;
  const batch: Dim = legacy ? (ctx.shape(first)?.[0] ?? ctx.shape(first + n)?.[0] ?? null) : null;
  const initial = Array.from({ length: n }, (_, i) => strip(ctx.input(first + i)));
  let length: Dim = null;
  const slices = Array.from({ length: m }, (_, j): TensorType => {
    const t = strip(ctx.input(first + n + j));
    const axis = inputAxes[j] ?? 0;
    const shape = t?.shape;
    if (shape && j === 0) length = shape[normAxis(axis, shape.length)] ?? null;
    const sliced = removeAxis(shape, axis);
    return sliced ? { dtype: t?.dtype ?? 'undefined', shape: sliced } : { dtype: t?.dtype ?? 'undefined' };
  });
  const { outputs, state } = carried(ctx, graph, [], initial, slices, 0);
  const withBatch = (r: RuleOutput): RuleOutput => (legacy ? out(r.dtype, r.shape && [batch, ...r.shape]) : r);
  const finals = Array.from({ length: n }, (_, i) => withBatch(unify(state[i], outputs[i])));
  const scans = outputs.slice(n).map((t, k) => {
    const shape = t?.shape;
    if (!shape) return out(known(t?.dtype));
    const stacked = [...shape];
    stacked.splice(normAxis(outputAxes[k] ?? 0, shape.length + 1), 0, length);
    return withBatch(out(known(t?.dtype), stacked));
  });
  return [...finals, ...scans];
};

/** Rules of the control-flow ops (default domain). */
export const controlFlowRules: Readonly<Record<string, ShapeRule>> = {
  If: ifRule,
  Loop: loop,
  Scan: scan,
};
