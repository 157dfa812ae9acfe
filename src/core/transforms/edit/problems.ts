// What validation reports about a model: one entry per problem, pointing at the node or tensor concerned,
// so the studio can mark it on the graph and list it without blocking further edits.
import type { ProblemCode } from '../../ir/validate';
import type { ShapeProblem } from '../../shape/types';

export type ModelProblemCode =
  /** Structural (ir/validate): duplicate ids, dangling inputs, cycles, missing outputs, bad order. */
  | ProblemCode
  /** Shape inference found shapes or types that cannot agree, or an input an operator needs is missing. */
  | Exclude<ShapeProblem['code'], 'unknown-op' | 'unsupported-case'>
  /** Shape inference has no rule for the operator or the case (its outputs stay unknown). */
  | 'unknown-op'
  | 'unsupported-case'
  /** An operator with the wrong number of inputs or outputs, or a required one left empty. */
  | 'wrong-arity'
  /** Element types that must agree do not (Add of int8 and float32). */
  | 'dtype-mismatch'
  /** The graph exposes no output. */
  | 'no-outputs'
  /** A tensor the format must type has no element type. */
  | 'untyped-tensor';

/**
 * One problem. 'error' makes the model invalid (export refuses it); 'warning' marks what the studio cannot
 * check (an operator without a shape rule) or what runtimes may refuse.
 */
export interface ModelProblem {
  readonly code: ModelProblemCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly nodeId?: string;
  readonly tensorId?: string;
  /** Enclosing node ids for problems inside nested graphs (If/Loop bodies). */
  readonly path?: readonly string[];
}
