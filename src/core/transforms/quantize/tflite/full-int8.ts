// Full-integer int8 quantization of a float TFLite model, as the TFLite converter makes it from a
// representative dataset: every supported op runs its int8 kernel, weights int8 symmetric (per axis for
// convolutions), biases int32, activations int8 asymmetric. Inputs and outputs become int8 (like
// inference_input_type = int8, what TFLM wants) or stay float with QUANTIZE / DEQUANTIZE at the edges.
// Layers kept in float get DEQUANTIZE before and QUANTIZE after them.
import { TransformError } from '../../../errors';
import { constantByteLength, constantElementCount } from '../../../ir/tensor';
import type { Graph, Model, Node, Tensor } from '../../../ir/types';
import { validateGraph } from '../../../ir/validate';
import type { ActivationReport, LayerReport } from '../types';
import { quantizeConstants } from './constants';
import {
  conversionNode,
  floatValues,
  IdPool,
  isFloatActivation,
  isFloatConstant,
  perTensorQuant,
  withVersion,
} from './graph-edit';
import { int8ParamsForRange, representedRange, type ActivationParams } from './int8-params';
import { withGraph } from './model-meta';
import { DEQUANTIZE_INT8_VERSION, INT8_OPS, QUANTIZE_VERSION, type VersionContext } from './op-specs';
import { checkFloatModel, needsRequantize, planFullInt8, type Plan, type PlanOptions } from './plan';
import { valueRange } from './weights';

export interface FullInt8Options extends PlanOptions {
  /** Per-axis weights for convolutions (the spec's choice); false: per tensor everywhere. */
  readonly perChannel: boolean;
  /** Per-axis FULLY_CONNECTED weights too (newer runtimes only; the converter's files use per tensor). */
  readonly perChannelFullyConnected: boolean;
  /** Record calibrated min/max in the quantization parameters, as the converter does. */
  readonly recordRanges: boolean;
}

/** One node of the result, for the report. */
export interface LayerOutcome {
  readonly node: string;
  readonly op: string;
  readonly domain: 'int8' | 'float';
  readonly version: number;
  readonly input?: { readonly scale: number; readonly zeroPoint: number };
  readonly output?: { readonly scale: number; readonly zeroPoint: number };
  /** The node's constants as quantized (or kept in float). */
  readonly entries: readonly LayerReport[];
  /** Channels whose weight scale was raised so that the int32 bias fits. */
  readonly widenedForBias: number;
}

export interface FullInt8Result {
  readonly model: Model;
  readonly layers: readonly LayerOutcome[];
  readonly inserted: { readonly quantize: number; readonly dequantize: number; readonly requantize: number };
  readonly fallbacks: readonly string[];
  readonly activations: readonly ActivationReport[];
}

type Kind = 'int8' | 'float';

export function quantizeFullInt8(model: Model, options: FullInt8Options): FullInt8Result {
  checkFloatModel(model.graph, 'the model');
  if (model.subgraphs?.length)
    throw new TransformError('not-applicable', 'models with several subgraphs (control flow) are not quantized yet');
  const plan = planFullInt8(model.graph, options);
  const rewrite = new Rewrite(plan, options);
  const graph = rewrite.run();
  const problems = validateGraph(graph);
  if (problems.length)
    throw new TransformError(
      'invalid-result',
      `full-int8 quantization produced an invalid graph: ${problems[0]!.message}`,
    );
  return {
    model: withGraph(model, graph, '1.14.0'),
    layers: rewrite.layers,
    inserted: rewrite.inserted,
    fallbacks: plan.fallbacks,
    activations: activationRows(plan, options.ranges),
  };
}

function activationRows(plan: Plan, ranges: PlanOptions['ranges']): ActivationReport[] {
  const rows: ActivationReport[] = [];
  for (const [id, p] of plan.params) {
    if (!isFloatActivation(plan.index.tensor.get(id))) continue;
    rows.push({
      tensor: id,
      dtype: 'int8',
      calibrated: ranges.get(id) ?? { min: p.min, max: p.max },
      range: representedRange(p),
      scale: p.scale,
      zeroPoint: p.zeroPoint,
    });
  }
  return rows;
}

class Rewrite {
  readonly layers: LayerOutcome[] = [];
  readonly inserted = { quantize: 0, dequantize: 0, requantize: 0 };
  private readonly tensorIds: IdPool;
  private readonly nodeIds: IdPool;
  /** Id of each version (int8 / float) of a float activation. */
  private readonly versions = new Map<string, Partial<Record<Kind, string>>>();
  private readonly newTensors = new Map<string, Tensor>();
  private readonly requantized = new Map<string, string>();
  private readonly graph: Graph;
  private readonly boundary: Set<string>;
  private readonly originalIds: Set<string>;

  constructor(
    private readonly plan: Plan,
    private readonly options: FullInt8Options,
  ) {
    this.graph = plan.graph;
    this.tensorIds = new IdPool(this.graph.tensors.map((t) => t.id));
    this.nodeIds = new IdPool(this.graph.nodes.map((n) => n.id));
    this.boundary = new Set([...this.graph.inputs, ...this.graph.outputs]);
    this.originalIds = new Set(this.graph.tensors.map((t) => t.id));
  }

  private tensor(id: string): Tensor | undefined {
    return this.plan.index.tensor.get(id);
  }

  private home(id: string): Kind {
    const producer = this.plan.index.producer.get(id);
    if (producer === undefined) return this.options.io;
    return this.plan.domains[producer] === 'int8' ? 'int8' : 'float';
  }

  /** The id of a tensor's `kind` version; the boundary (or home) version keeps the original id. */
  private versionId(id: string, kind: Kind): string {
    let known = this.versions.get(id);
    if (!known) this.versions.set(id, (known = {}));
    const existing = known[kind];
    if (existing) return existing;
    const keeper = this.boundary.has(id) ? this.options.io : this.home(id);
    const made = kind === keeper ? id : this.tensorIds.take(`${id}_${kind}`);
    known[kind] = made;
    return made;
  }

  private int8Tensor(original: Tensor, id: string, p: ActivationParams): Tensor {
    const record = this.options.recordRanges && !this.plan.fixed.has(original.id);
    const { quant: _q, data: _d, ...rest } = original;
    return {
      ...rest,
      id,
      name: id === original.id ? original.name : `${original.name}_int8`,
      dtype: 'int8',
      quant: perTensorQuant(p.scale, p.zeroPoint, record ? p : undefined),
    };
  }

  private floatTensor(original: Tensor, id: string): Tensor {
    return id === original.id ? original : { ...original, id, name: `${original.name}_float` };
  }

  private paramsOf(id: string): ActivationParams {
    const p = this.plan.params.get(id);
    if (!p) throw new Error(`tflite full-int8: no int8 parameters planned for tensor "${id}"`);
    return p;
  }

  /** Conversion nodes for every version of `id` other than its home one (placed after its producer). */
  private conversions(id: string): Node[] {
    const t = this.tensor(id);
    const known = this.versions.get(id);
    if (!t || !known) return [];
    const home = this.home(id);
    const homeId = this.versionId(id, home);
    const nodes: Node[] = [];
    for (const kind of ['int8', 'float'] as const) {
      const target = known[kind];
      if (kind === home || !target) continue;
      if (kind === 'int8') {
        this.newTensors.set(target, this.int8Tensor(t, target, this.paramsOf(id)));
        this.inserted.quantize++;
        nodes.push(conversionNode(this.nodeIds.take(`QUANTIZE_${id}`), 'QUANTIZE', homeId, target, QUANTIZE_VERSION));
      } else {
        this.newTensors.set(target, this.floatTensor(t, target));
        this.inserted.dequantize++;
        nodes.push(
          conversionNode(this.nodeIds.take(`DEQUANTIZE_${id}`), 'DEQUANTIZE', homeId, target, DEQUANTIZE_INT8_VERSION),
        );
      }
    }
    return nodes;
  }

  run(): Graph {
    const { graph, plan } = this;
    // Every version each activation needs: one per consuming domain, plus the graph boundary's.
    graph.nodes.forEach((n, i) => {
      const d = plan.domains[i];
      if (d === 'other') return;
      for (const id of n.inputs)
        if (isFloatActivation(this.tensor(id))) this.versionId(id, d === 'int8' ? 'int8' : 'float');
      for (const id of n.outputs)
        if (isFloatActivation(this.tensor(id))) this.versionId(id, d === 'int8' ? 'int8' : 'float');
    });
    for (const id of [...graph.inputs, ...graph.outputs])
      if (isFloatActivation(this.tensor(id))) this.versionId(id, this.options.io);

    const replaced = new Map<string, Tensor>();
    const nodes: Node[] = [];
    for (const id of graph.inputs) nodes.push(...this.conversions(id));
    graph.nodes.forEach((node, position) => {
      const domain = plan.domains[position];
      if (domain === 'other') nodes.push(node);
      else if (domain === 'float') nodes.push(this.floatNode(node));
      else nodes.push(...this.int8Node(node, position, replaced));
      for (const id of node.outputs) if (isFloatActivation(this.tensor(id))) nodes.push(...this.conversions(id));
    });

    const tensors: Tensor[] = [];
    for (const t of graph.tensors) {
      if (replaced.has(t.id)) tensors.push(replaced.get(t.id)!);
      else if (isFloatActivation(t) && this.versions.has(t.id)) tensors.push(this.keeperTensor(t));
      else tensors.push(t);
    }
    for (const [id, t] of this.newTensors) if (!this.originalIds.has(id)) tensors.push(t);
    return { ...graph, nodes, tensors: dropSuperseded(graph, nodes, tensors) };
  }

  /** The version of a float activation that keeps its original id. */
  private keeperTensor(t: Tensor): Tensor {
    const kind: Kind = this.boundary.has(t.id) ? this.options.io : this.home(t.id);
    const own = this.versions.get(t.id)!;
    // The home version under a new id (a graph output whose producer runs in the other domain).
    const home = this.home(t.id);
    const homeId = own[home];
    if (homeId && homeId !== t.id)
      this.newTensors.set(
        homeId,
        home === 'int8' ? this.int8Tensor(t, homeId, this.paramsOf(t.id)) : this.floatTensor(t, homeId),
      );
    return kind === 'int8' ? this.int8Tensor(t, t.id, this.paramsOf(t.id)) : t;
  }

  private floatNode(node: Node): Node {
    const map = (id: string) => (isFloatActivation(this.tensor(id)) ? this.versionId(id, 'float') : id);
    this.layers.push({
      node: node.id,
      op: node.op,
      domain: 'float',
      version: versionOf(node),
      entries: keptFloatEntries(node, (id) => this.tensor(id)),
      widenedForBias: 0,
    });
    return { ...node, inputs: node.inputs.map(map), outputs: node.outputs.map(map) };
  }

  private int8Node(node: Node, position: number, replaced: Map<string, Tensor>): Node[] {
    const spec = INT8_OPS[node.op]!;
    const before: Node[] = [];
    const shared = this.plan.shared.get(position);
    const consumers = this.plan.index.consumers;
    const constants = quantizeConstants(node, spec, {
      tensor: (id) => this.tensor(id),
      ownedBy: (id) => (consumers.get(id) ?? []).length === 1 && !this.boundary.has(id),
      ids: this.tensorIds,
      params: (id) => this.plan.params.get(id) ?? this.constantParams(id),
      ...(shared ? { shared } : {}),
      perAxis: this.options.perChannel && (node.op !== 'FULLY_CONNECTED' || this.options.perChannelFullyConnected),
      recordRanges: this.options.recordRanges,
    });
    for (const t of constants.tensors) {
      if (this.originalIds.has(t.id)) replaced.set(t.id, t);
      else this.newTensors.set(t.id, t);
    }
    const inputs = constants.inputs.map((id, i) => {
      if (!isFloatActivation(this.tensor(node.inputs[i] ?? ''))) return id;
      const int8 = this.versionId(id, 'int8');
      if (!shared || !needsRequantize(this.plan, position, id)) return int8;
      return this.requantize(id, int8, shared, before);
    });
    const outputs = node.outputs.map((id) => (isFloatActivation(this.tensor(id)) ? this.versionId(id, 'int8') : id));
    const ctx: VersionContext = {
      rank: (i) => this.tensor(node.inputs[i] ?? '')?.shape?.length,
      scale: (which) =>
        which === 'output'
          ? this.plan.params.get(node.outputs[0] ?? '')?.scale
          : (shared ?? this.plan.params.get(node.inputs[which] ?? ''))?.scale,
    };
    const version = spec.version(node, ctx);
    const io = (id: string | undefined) => {
      const p = id === undefined ? undefined : this.plan.params.get(id);
      return p ? { scale: p.scale, zeroPoint: p.zeroPoint } : undefined;
    };
    const input = io(node.inputs[spec.dataInput ?? 0]);
    const output = io(node.outputs[0]);
    this.layers.push({
      node: node.id,
      op: node.op,
      domain: 'int8',
      version,
      ...(input ? { input } : {}),
      ...(output ? { output } : {}),
      entries: constants.entries,
      widenedForBias: constants.widenedForBias,
    });
    const extras = withVersion(node, version);
    const { extras: _old, ...base } = node;
    return [...before, { ...base, inputs, outputs, ...(extras ? { extras } : {}) }];
  }

  /** A constant operand (ADD's addend, …) is quantized like an activation over its own value range. */
  private constantParams(id: string): ActivationParams {
    const t = this.tensor(id);
    if (!t || !isFloatConstant(t)) throw new Error(`tflite full-int8: no int8 parameters for operand "${id}"`);
    return int8ParamsForRange(valueRange(floatValues(t)));
  }

  private requantize(id: string, int8: string, group: ActivationParams, before: Node[]): string {
    const key = `${id}|${group.scale}|${group.zeroPoint}`;
    const known = this.requantized.get(key);
    if (known) return known;
    const t = this.tensor(id)!;
    const target = this.tensorIds.take(`${id}_requantized`);
    this.newTensors.set(target, { ...this.int8Tensor(t, target, group), name: `${t.name}_requantized` });
    before.push(conversionNode(this.nodeIds.take(`QUANTIZE_${target}`), 'QUANTIZE', int8, target, QUANTIZE_VERSION));
    this.requantized.set(key, target);
    this.inserted.requantize++;
    return target;
  }
}

/** The tensors without the float constants that quantized copies replaced (read before, not any more). */
export function dropSuperseded(graph: Graph, nodes: readonly Node[], tensors: readonly Tensor[]): Tensor[] {
  const readBefore = new Set(graph.nodes.flatMap((n) => n.inputs));
  const readAfter = new Set([...nodes.flatMap((n) => n.inputs), ...graph.outputs]);
  return tensors.filter((t) => !(t.data && readBefore.has(t.id) && !readAfter.has(t.id)));
}

/** Report rows of the float constants a node kept in float reads. */
export function keptFloatEntries(node: Node, tensor: (id: string) => Tensor | undefined): LayerReport[] {
  return node.inputs.flatMap((id) => {
    const t = tensor(id);
    if (!isFloatConstant(t)) return [];
    const bytes = constantByteLength(t);
    const row: LayerReport = {
      nodeId: node.id,
      name: node.name,
      op: node.op,
      tensor: t.id,
      role: 'constant',
      dtype: 'float32',
      granularity: 'per-tensor',
      sqnrDb: Infinity,
      mse: 0,
      elements: constantElementCount(t),
      bytesBefore: bytes,
      bytesAfter: bytes,
      clipped: 0,
      keptFloat: true,
    };
    return [row];
  });
}

function versionOf(node: Node): number {
  const v = (node.extras?.['tflite'] as { version?: number } | undefined)?.version;
  return typeof v === 'number' ? v : 1;
}
