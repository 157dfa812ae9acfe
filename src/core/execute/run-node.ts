// Runs one node: gathers its inputs, calls its kernel, and stores the outputs (TFLite: with the declared
// dtype, quantized activations snapped to their grid so a quantized model behaves close to its integer self).
import { ExecutionError, type ExecutionErrorCode } from '../errors';
import { isQuantized } from '../ir/quantization';
import type { Node, Tensor } from '../ir/types';
import { constantValue } from './constants';
import { roundHalfAway } from './ops/math';
import type { ExecutionPlan } from './plan';
import type { BufferPool } from './pool';
import type { KernelContext, RuntimeTensor } from './types';

export interface NodeRunState {
  readonly plan: ExecutionPlan;
  readonly pool: BufferPool;
  /** Live activations by id. */
  readonly values: Map<string, RuntimeTensor>;
  /** A constant's value by id, when it is one. */
  readonly constant?: (id: string) => RuntimeTensor | undefined;
}

const QUANT_RANGE: Readonly<Record<string, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
};

function describe(node: Node): string {
  return `${node.op} node "${node.name || node.id}"`;
}

class Context implements KernelContext {
  constructor(
    readonly node: Node,
    readonly opset: number,
    readonly inputs: readonly (RuntimeTensor | undefined)[],
    private readonly state: NodeRunState,
  ) {}

  input(i: number): RuntimeTensor {
    const t = this.inputs[i];
    if (!t) this.fail('shape-mismatch', `input ${i} is required but missing`);
    return t;
  }

  alloc(length: number): Float32Array {
    return this.state.pool.alloc(length);
  }

  outputDecl(i: number): Tensor | undefined {
    const id = this.node.outputs[i];
    return id ? this.state.plan.declared.get(id) : undefined;
  }

  inputDecl(i: number): Tensor | undefined {
    const id = this.node.inputs[i];
    return id ? this.state.plan.declared.get(id) : undefined;
  }

  fail(code: ExecutionErrorCode, message: string): never {
    throw new ExecutionError(code, `${describe(this.node)}: ${message}`, this.node.id);
  }
}

function lookup(state: NodeRunState, id: string): RuntimeTensor | undefined {
  const live = state.values.get(id);
  if (live) return live;
  const t = state.plan.declared.get(id);
  return t?.data ? constantValue(t) : undefined;
}

/** Real values rounded onto a per-tensor int grid: scale × (clamp(round(x / scale) + zp) − zp). */
function snap(data: Float32Array, decl: Tensor): void {
  const range = QUANT_RANGE[decl.dtype];
  const q = decl.quant;
  if (!range || !q || q.scale.length !== 1) return;
  const s = q.scale[0]!;
  const z = q.zeroPoint[0] ?? 0;
  if (!(s > 0)) return;
  const [lo, hi] = range;
  for (let i = 0; i < data.length; i++) {
    const v = Math.min(hi, Math.max(lo, roundHalfAway(data[i]! / s) + z));
    data[i] = s * (v - z);
  }
}

/** Runs node `index`; returns its outputs (already stored in `state.values`). */
export function runNode(state: NodeRunState, index: number): [string, RuntimeTensor][] {
  const { plan, pool, values } = state;
  const node = plan.model.graph.nodes[index]!;
  const def = plan.defs[index];
  if (!def) throw new ExecutionError('unsupported-op', `the reference executor cannot run ${describe(node)}`, node.id);
  const inputs = node.inputs.map((id) => {
    if (id === '') return undefined;
    const t = lookup(state, id);
    if (!t)
      throw new ExecutionError('unsupported-case', `${describe(node)} reads "${id}", which has no value`, node.id);
    return t;
  });
  const ctx = new Context(node, plan.opsets[index]!, inputs, state);
  const why = def.check?.(node, ctx.opset);
  if (why) ctx.fail('unsupported-case', why);
  const results = def.run(ctx);
  const tflite = plan.model.format === 'tflite';
  const stored: [string, RuntimeTensor][] = [];
  node.outputs.forEach((id, i) => {
    let t = results[i];
    if (id === '' || !t) return;
    const decl = plan.declared.get(id);
    if (tflite && decl) {
      if (decl.dtype !== 'undefined' && decl.dtype !== t.dtype) t = { ...t, dtype: decl.dtype };
      if (isQuantized(decl) && QUANT_RANGE[decl.dtype]) {
        // Snapping writes in place: never into a buffer an input (a constant, a feed) still uses.
        if (!pool.owns(t.data) || inputs.some((x) => x?.data === t!.data)) {
          const copy = pool.alloc(t.data.length);
          copy.set(t.data);
          t = { ...t, data: copy };
        }
        snap(t.data, decl);
      }
    }
    pool.retain(t.data);
    values.set(id, t);
    stored.push([id, t]);
  });
  pool.endNode();
  return stored;
}

/** A constant's value by id in the plan's graph, when it is one. */
export function constantOf(plan: ExecutionPlan, id: string): RuntimeTensor | undefined {
  const t = plan.declared.get(id);
  return t?.data ? constantValue(t) : undefined;
}
