// The analysis half of channel pruning: walks the graph in node order, gives every prunable layer a
// channel space, follows its output channels through every consumer (per-op rules of the format) and
// records the constant slices and attribute changes removing channels will need. Anything a rule cannot
// follow blocks the spaces involved, so a blocked layer is kept whole rather than broken.
import type { TypeOf } from '../../../analysis/type-lookup';
import { concreteDims } from '../../../analysis/type-lookup';
import { nestedGraphs } from '../../../ir/graph-index';
import { outerReads } from '../../../analysis/params';
import type { Graph, Node } from '../../../ir/types';
import { canCut, refTensor, resolveConst } from './const-ref';
import { isAllFixed, layoutLength, singleLayout, spacesOf, type AxisLayout, type Flow } from './layout';
import { SpaceTable } from './spaces';

/** A change the rewrite will make once the kept channels are known. */
export type Edit =
  /** Keep only the positions of `layout` along `axis` of the constant read at `node.inputs[input]`. */
  | {
      readonly kind: 'slice';
      readonly node: number;
      readonly input: number;
      readonly axis: number;
      readonly layout: AxisLayout;
    }
  /** Rewrite a Reshape's target: output axis `axis` becomes the kept length of `layout`. */
  | { readonly kind: 'reshape'; readonly node: number; readonly axis: number; readonly layout: AxisLayout }
  /** ONNX depthwise Conv: `group` becomes the kept length of its input layout. */
  | { readonly kind: 'group'; readonly node: number; readonly layout: AxisLayout }
  /** TFLite DEPTHWISE_CONV_2D over one input channel: `depth_multiplier` becomes the kept channel count. */
  | { readonly kind: 'multiplier'; readonly node: number; readonly layout: AxisLayout };

/** How a weight layer owns output channels. */
export interface ProducerSpec {
  readonly weightInput: number;
  readonly weightAxis: number;
  /** Axis of the channels in the layer's output. */
  readonly outAxis: number;
  readonly channels: number;
  readonly bias?: { readonly input: number; readonly axis: number };
  /** TFLite depthwise over a single input channel: its multiplier is its channel count. */
  readonly multiplier?: boolean;
}

/** A weight layer of the graph (prunable or not), as the report lists it. */
export interface LayerInfo {
  readonly node: number;
  readonly weightInput: number;
  readonly spec?: ProducerSpec;
  readonly space?: number;
  /** Why the layer cannot own prunable channels (before any group is blocked). */
  readonly skipped?: string;
}

export type Rule = (t: Tracer, node: Node, index: number) => void;

/** A weight layer found by a format's rules: its weight input and how it owns channels, or why not. */
export interface LayerMatch {
  readonly weightInput: number;
  readonly producer: ProducerSpec | string;
}

export interface FormatRules {
  readonly ops: Readonly<Record<string, Rule>>;
  /** The weight layer `node` is, with how it owns channels (or why it cannot); undefined for other ops. */
  layer(t: Tracer, node: Node): LayerMatch | undefined;
}

export interface TraceResult {
  readonly spaces: SpaceTable;
  readonly flows: ReadonlyMap<string, Flow>;
  readonly edits: readonly Edit[];
  readonly layers: readonly LayerInfo[];
}

/** Names a node the way messages do: `Conv "conv1"`. */
export function describeNode(node: Node): string {
  return `${node.op} "${node.name || node.id}"`;
}

export class Tracer {
  readonly spaces = new SpaceTable();
  readonly flows = new Map<string, Flow>();
  readonly edits: Edit[] = [];

  constructor(
    readonly graph: Graph,
    private readonly typeOf: TypeOf,
  ) {}

  flow(id: string): Flow | undefined {
    return id === '' ? undefined : this.flows.get(id);
  }

  /** Static dims of a tensor (symbolic dims as 1), undefined when unknown. */
  dims(id: string): number[] | undefined {
    return concreteDims(this.typeOf(id)?.shape);
  }

  /** Tracks `id` with `flow` (nothing to track when every channel is fixed). */
  setFlow(id: string, flow: Flow, node: Node): void {
    if (id === '' || isAllFixed(flow.layout)) return;
    const dims = this.dims(id);
    if (dims && dims[flow.axis] !== layoutLength(flow.layout)) {
      this.blockLayout(
        flow.layout,
        `the shape of "${id}" (output of ${describeNode(node)}) does not match its channels`,
      );
      return;
    }
    this.flows.set(id, flow);
  }

  blockLayout(layout: AxisLayout, reason: string): void {
    for (const s of spacesOf(layout)) this.spaces.block(s, reason);
  }

  /** Blocks every tracked input of `node`. */
  blockInputs(node: Node, reason: string): void {
    for (const id of node.inputs) {
      const f = this.flow(id);
      if (f) this.blockLayout(f.layout, reason);
    }
  }

  /**
   * Records that positions of `layout` must be kept along `axis` of the constant at `node.inputs[input]`;
   * blocks the layout when that input is no rewritable constant of the right length.
   */
  slice(node: Node, index: number, input: number, axis: number, layout: AxisLayout): boolean {
    const ref = resolveConst(this.graph, node.inputs[input] ?? '');
    const dims = ref ? refTensor(ref).dims : undefined;
    const packed = ref !== undefined && ['int4', 'uint4', 'string', 'float4e2m1'].includes(refTensor(ref).tensor.dtype);
    if (!ref || !dims || packed || dims[axis] !== layoutLength(layout) || !canCut(ref, axis)) {
      this.blockLayout(
        layout,
        `${describeNode(node)} reads "${node.inputs[input]}", which cannot be cut to fewer channels`,
      );
      return false;
    }
    this.edits.push({ kind: 'slice', node: index, input, axis, layout });
    return true;
  }

  edit(e: Edit): void {
    this.edits.push(e);
  }
}

/**
 * Traces `graph`: spaces for the layers `eligible` accepts, flows of their channels, the edits pruning
 * will need and the reasons groups are blocked.
 */
export function traceChannels(
  graph: Graph,
  typeOf: TypeOf,
  rules: FormatRules,
  eligible: (node: Node, index: number, spec: ProducerSpec) => string | undefined,
): TraceResult {
  const t = new Tracer(graph, typeOf);
  const layers: LayerInfo[] = [];
  graph.nodes.forEach((node, index) => {
    for (const sub of nestedGraphs(node))
      for (const id of outerReads(sub)) {
        const f = t.flow(id);
        if (f) t.blockLayout(f.layout, `a subgraph of ${describeNode(node)} reads "${id}"`);
      }
    if (node.inputs.some((id) => t.flow(id))) {
      const rule = rules.ops[node.op];
      if (rule && (node.domain === '' || node.domain === 'ai.onnx')) rule(t, node, index);
      else
        t.blockInputs(
          node,
          `${describeNode(node)} reads its output, and the pruner cannot follow channels through ${node.op}`,
        );
    }
    const layer = rules.layer(t, node);
    if (!layer) return;
    const spec = layer.producer;
    if (typeof spec === 'string') {
      layers.push({ node: index, weightInput: layer.weightInput, skipped: spec });
      return;
    }
    const skip = eligible(node, index, spec);
    if (skip !== undefined) {
      layers.push({ node: index, weightInput: layer.weightInput, spec, skipped: skip });
      return;
    }
    const space = t.spaces.add({
      node: index,
      channels: spec.channels,
      weightInput: spec.weightInput,
      weightAxis: spec.weightAxis,
    });
    layers.push({ node: index, weightInput: layer.weightInput, spec, space });
    const own = singleLayout(space, spec.channels);
    t.slice(node, index, spec.weightInput, spec.weightAxis, own);
    if (spec.bias && node.inputs[spec.bias.input]) t.slice(node, index, spec.bias.input, spec.bias.axis, own);
    if (spec.multiplier) t.edit({ kind: 'multiplier', node: index, layout: own });
    t.setFlow(node.outputs[0] ?? '', { axis: spec.outAxis, layout: own }, node);
  });
  for (const id of graph.outputs) {
    const f = t.flow(id);
    if (f) t.blockLayout(f.layout, `"${id}" is a graph output, whose shape must stay`);
  }
  return { spaces: t.spaces, flows: t.flows, edits: t.edits, layers };
}
