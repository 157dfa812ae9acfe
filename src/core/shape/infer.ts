import type { DType } from '../ir/dtype';
import type { Graph, Model, Node, Shape, Tensor } from '../ir/types';
import type { KnownValue, RuleContext, RuleOutput } from './context';
import { RuleError } from './context';
import { mergeDim } from './dims';
import { hasShapeRules, ruleFor } from './registry';
import type { FoldedValue, ShapeInference, ShapeInferenceOptions, ShapeProblem, TensorType } from './types';
import { allNumbers, toFolded, valueOfTensor } from './values';

/** Opset assumed for a domain the model does not import (newest the rules know). */
const LATEST_OPSET = 21;

/** Types and values visible from one graph; nested graphs see their parents' entries. */
class Scope {
  readonly types = new Map<string, TensorType>();
  readonly values = new Map<string, KnownValue>();
  constructor(readonly parent?: Scope) {}

  type(id: string): TensorType | undefined {
    return this.types.get(id) ?? this.parent?.type(id);
  }

  value(id: string): KnownValue | undefined {
    const v = this.values.get(id);
    if (v || this.types.has(id)) return v;
    return this.parent?.value(id);
  }
}

function domainKey(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

function typeOf(t: Tensor, shape: Shape | undefined = t.shape): TensorType {
  return shape === undefined ? { dtype: t.dtype } : { dtype: t.dtype, shape };
}

function describe(node: Node): string {
  return `${node.op} node "${node.name || node.id}"`;
}

/** Walks graphs in node order, applying per-op rules and merging what the file declares. */
class Inference {
  readonly types = new Map<string, TensorType>();
  readonly folded = new Map<string, FoldedValue>();
  readonly problems: ShapeProblem[] = [];
  // Loop bodies may be inferred more than once; each problem is reported once.
  private readonly reported = new Set<string>();
  private readonly opsets = new Map<string, number>();
  private readonly format: Model['format'];
  private readonly useRules: boolean;

  constructor(
    model: Model,
    private readonly options: ShapeInferenceOptions,
  ) {
    for (const o of model.opsets) this.opsets.set(domainKey(o.domain), o.version);
    this.format = model.format;
    this.useRules = hasShapeRules(model.format);
  }

  /** Infers `graph` in `scope`; `given` are the types its inputs receive (nested graphs). */
  graph(graph: Graph, scope: Scope, given?: readonly (TensorType | undefined)[]): (TensorType | undefined)[] {
    const declared = new Map<string, Tensor>();
    for (const t of graph.tensors) declared.set(t.id, t);
    for (const t of graph.tensors) {
      if (!t.data) continue;
      this.set(scope, t.id, typeOf(t), valueOfTensor(t));
    }
    graph.inputs.forEach((id, i) => {
      const t = declared.get(id);
      if (t?.data) return;
      const override = given ? undefined : this.options.inputShapes?.[id];
      const decl: TensorType = t ? typeOf(t, override ?? t.shape) : { dtype: 'undefined' };
      const passed = given?.[i];
      this.set(scope, id, passed ? this.merge(passed, decl) : decl);
    });
    for (const node of graph.nodes) this.node(node, scope, declared);
    for (const t of graph.tensors) if (!scope.types.has(t.id) && !this.types.has(t.id)) this.types.set(t.id, typeOf(t));
    return graph.outputs.map((id) => scope.type(id));
  }

  private set(scope: Scope, id: string, type: TensorType, value?: KnownValue): void {
    scope.types.set(id, type);
    this.types.set(id, type);
    if (!value) return;
    scope.values.set(id, value);
    const folded = toFolded(value);
    if (folded) this.folded.set(id, folded);
  }

  private node(node: Node, scope: Scope, declared: ReadonlyMap<string, Tensor>): void {
    const rule = this.useRules ? ruleFor(domainKey(node.domain), node.op, this.format) : undefined;
    let outputs: readonly (RuleOutput | undefined)[] = [];
    if (rule) {
      try {
        outputs = rule(this.context(node, scope));
      } catch (error) {
        // A RuleError is an inconsistency in the model; anything else is a gap in the rule, still not fatal.
        if (error instanceof RuleError) this.problem(node, error.code, error.message);
        else this.problem(node, 'unsupported-case', `internal error in its shape rule (${String(error)})`);
      }
    } else if (this.useRules) {
      const where = node.domain ? ` of domain "${node.domain}"` : '';
      this.problem(node, 'unknown-op', `operator ${node.op}${where} has no shape rule; its outputs stay unknown`);
    }
    node.outputs.forEach((id, i) => {
      if (id === '') return;
      const out = this.checked(node, id, outputs[i]);
      const decl = declared.get(id);
      const type = this.mergeDeclared(node, id, out, decl);
      const value = out?.value && sameShape(out.value.shape, type.shape) ? out.value : undefined;
      this.set(scope, id, type, value);
    });
  }

  /** A rule's output, without a shape that has an impossible dim (negative, fractional). */
  private checked(node: Node, id: string, out: RuleOutput | undefined): RuleOutput | undefined {
    const bad = out?.shape?.find((d) => typeof d === 'number' && !(Number.isInteger(d) && d >= 0));
    if (bad === undefined || !out) return out;
    this.problem(node, 'shape-mismatch', `output "${id}" would have a dim of ${bad}`);
    return out.dtype === undefined ? undefined : { dtype: out.dtype };
  }

  private mergeDeclared(node: Node, id: string, out: RuleOutput | undefined, decl: Tensor | undefined): TensorType {
    const inferred: TensorType = {
      dtype: out?.dtype ?? 'undefined',
      ...(out?.shape ? { shape: out.shape } : {}),
    };
    if (!decl) return inferred;
    if (inferred.dtype !== 'undefined' && decl.dtype !== 'undefined' && inferred.dtype !== decl.dtype)
      this.problem(node, 'shape-mismatch', `output "${id}" is declared ${decl.dtype} but computes ${inferred.dtype}`);
    return this.merge(inferred, typeOf(decl), () =>
      this.problem(
        node,
        'shape-mismatch',
        `output "${id}" is declared [${fmt(decl.shape)}] but computes [${fmt(inferred.shape)}]`,
      ),
    );
  }

  /** Inferred facts first, declared ones where inference knows less. */
  private merge(inferred: TensorType, declared: TensorType, onConflict?: () => void): TensorType {
    const dtype = inferred.dtype !== 'undefined' ? inferred.dtype : declared.dtype;
    const a = inferred.shape;
    const b = declared.shape;
    if (a === undefined || b === undefined) {
      const shape = a ?? b;
      return shape === undefined ? { dtype } : { dtype, shape };
    }
    if (a.length !== b.length) {
      onConflict?.();
      return { dtype, shape: a };
    }
    let conflict = false;
    const shape = a.map((d, i) => mergeDim(d, b[i] ?? null, () => (conflict = true)));
    if (conflict) onConflict?.();
    return { dtype, shape };
  }

  private problem(node: Node, code: ShapeProblem['code'], message: string): void {
    const key = `${node.id}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ nodeId: node.id, op: node.op, code, message: `${describe(node)}: ${message}` });
  }

  private context(node: Node, scope: Scope): RuleContext {
    return new NodeContext(node, this.opsets.get(domainKey(node.domain)) ?? LATEST_OPSET, scope, this);
  }

  /** Infers a nested graph in a child scope (called by control-flow rules through their context). */
  nested(graph: Graph, parent: Scope, inputs: readonly (TensorType | undefined)[]): (TensorType | undefined)[] {
    return this.graph(graph, new Scope(parent), inputs);
  }

  /** Records a problem raised by a rule that keeps going. */
  warn(node: Node, code: ShapeProblem['code'], message: string): void {
    this.problem(node, code, message);
  }
}

/** The rules' view of one node (a class, not closures: it is made once per node of large graphs). */
class NodeContext implements RuleContext {
  constructor(
    readonly node: Node,
    readonly opset: number,
    private readonly scope: Scope,
    private readonly run: Inference,
  ) {}

  private id(i: number): string {
    return this.node.inputs[i] ?? '';
  }

  has(i: number): boolean {
    return this.id(i) !== '';
  }

  input(i: number): TensorType | undefined {
    const name = this.id(i);
    const t = name === '' ? undefined : this.scope.type(name);
    return t && (t.dtype !== 'undefined' || t.shape !== undefined) ? t : undefined;
  }

  shape(i: number): Shape | undefined {
    return this.input(i)?.shape;
  }

  dtype(i: number): DType | undefined {
    const d = this.input(i)?.dtype;
    return d === 'undefined' ? undefined : d;
  }

  value(i: number): KnownValue | undefined {
    const name = this.id(i);
    return name === '' ? undefined : this.scope.value(name);
  }

  numbers(i: number): readonly number[] | undefined {
    const v = this.value(i);
    return v ? allNumbers(v.values) : undefined;
  }

  subgraph(graph: Graph, inputs: readonly (TensorType | undefined)[]): (TensorType | undefined)[] {
    return this.run.nested(graph, this.scope, inputs);
  }

  warn(code: ShapeProblem['code'], message: string): void {
    this.run.warn(this.node, code, message);
  }
}

function sameShape(a: readonly number[], b: Shape | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}

function fmt(shape: Shape | undefined): string {
  return shape === undefined ? '?' : shape.map((d) => (d === null ? '?' : String(d))).join(', ');
}

/**
 * Types of every tensor of the model's main graph (and of the graphs nested in it): per-op rules applied
 * in node order, merged with what the file declares (inferred sizes first, declared facts where inference
 * knows less). Small constants and shape arithmetic are folded. Never throws: operators without a rule
 * and inconsistent inputs become `problems`, and the outputs concerned stay unknown.
 */
export function inferShapes(model: Model, options: ShapeInferenceOptions = {}): ShapeInference {
  const run = new Inference(model, options);
  run.graph(model.graph, new Scope());
  return { types: run.types, folded: run.folded, problems: run.problems };
}
