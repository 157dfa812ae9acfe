import type { DType } from '../ir/dtype';
import type { Dim, Graph, Node, Shape } from '../ir/types';
import type { ShapeProblem, TensorType } from './types';

/**
 * A value known at analysis time. Elements are numbers, or (for integer shape arithmetic) the symbol or
 * unknown a `Shape` node read from a symbolic dim, so `Shape → Gather → Concat → Reshape` chains keep
 * their symbols. Only all-number values are published as `FoldedValue`s.
 */
export interface KnownValue {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: readonly Dim[];
}

/** What a rule says about one output; fields left out are unknown. */
export interface RuleOutput {
  readonly dtype?: DType;
  readonly shape?: Shape;
  readonly value?: KnownValue;
}

/** What a rule sees of one node: its inputs' types and known values, attributes, opset, nested graphs. */
export interface RuleContext {
  readonly node: Node;
  /** Opset version of the node's domain in this model. */
  readonly opset: number;
  /** True when input `i` is given (not omitted with '' and not past the end). */
  has(i: number): boolean;
  /** Type of input `i` (undefined when omitted or entirely unknown). */
  input(i: number): TensorType | undefined;
  /** Shape of input `i` when its rank is known. */
  shape(i: number): Shape | undefined;
  /** Element type of input `i` when known. */
  dtype(i: number): DType | undefined;
  /** Known value of input `i` (may hold symbols). */
  value(i: number): KnownValue | undefined;
  /** Known value of input `i` when every element is a number. */
  numbers(i: number): readonly number[] | undefined;
  /** Infers a nested graph (If branch, Loop/Scan body) with the enclosing scope visible. */
  subgraph(graph: Graph, inputs: readonly (TensorType | undefined)[]): (TensorType | undefined)[];
  /** Records a problem that does not stop the rule. */
  warn(code: ShapeProblem['code'], message: string): void;
}

/** One operator's inference: an entry per node output (missing entries are unknown). */
export type ShapeRule = (ctx: RuleContext) => readonly (RuleOutput | undefined)[];

/** Thrown by rules on inconsistent input; the driver turns it into a ShapeProblem and unknown outputs. */
export class RuleError extends Error {
  constructor(
    readonly code: ShapeProblem['code'],
    message: string,
  ) {
    super(message);
  }
}

/** Shorthand for a rule's failure. */
export function fail(code: ShapeProblem['code'], message: string): never {
  throw new RuleError(code, message);
}
