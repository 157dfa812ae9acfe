// Small helpers shared by the rule files.
import type { DType } from '../../ir/dtype';
import type { Shape } from '../../ir/types';
import type { KnownValue, RuleContext, RuleOutput } from '../context';
import { fail } from '../context';

/** An output description; the shape and value are left out when unknown. */
export function out(dtype: DType | undefined, shape?: Shape, value?: KnownValue): RuleOutput {
  return {
    ...(dtype !== undefined ? { dtype } : {}),
    ...(shape !== undefined ? { shape } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

/** Output typed exactly like input `i`. */
export function like(ctx: RuleContext, i = 0, value?: KnownValue): RuleOutput {
  return out(ctx.dtype(i), ctx.shape(i), value);
}

/** The one integer of a scalar or single-element input, when known. */
export function scalarInput(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.numbers(i);
  if (v === undefined) return undefined;
  if (v.length !== 1) fail('shape-mismatch', `input ${i + 1} should hold one value, it holds ${v.length}`);
  return v[0];
}

/** An attribute before `since`, an input from `since` on (ONNX moved many parameters to inputs). */
export function attrOrInput(
  ctx: RuleContext,
  since: number,
  fromAttr: () => readonly number[] | undefined,
  input: number,
): { known: boolean; values?: readonly number[] } {
  if (ctx.opset < since) {
    const values = fromAttr();
    return values === undefined ? { known: true } : { known: true, values };
  }
  if (!ctx.has(input)) return { known: true };
  const values = ctx.numbers(input);
  return values === undefined ? { known: false } : { known: true, values };
}
