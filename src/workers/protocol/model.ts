// An opened model as the UI sees it: summary, metrics, layer rows, the graph view and its layout.
import type { Dim, DType, FormatId, KeyValue, TensorStats } from '../../core';
import type { ModelId, LayoutDirection, OpFamily } from './base';

/** A tensor as the UI shows it. */
export interface TensorInfo {
  readonly id: string;
  readonly name: string;
  readonly dtype: DType;
  /** Declared or inferred shape; undefined when unknown. */
  readonly shape?: readonly Dim[];
  /** Human form, e.g. `1×3×224×224`. */
  readonly shapeText: string;
  /** A constant (weight) whose values the engine can summarise. */
  readonly isConstant: boolean;
  /** Bytes of the tensor (constants: stored bytes; activations: dense bytes at batch 1), when known. */
  readonly bytes?: number;
  /** Affine quantization of the stored values: real = scale × (q − zero_point). */
  readonly quant?: QuantView;
}

/** Quantization parameters as the inspector shows them (per tensor, or per channel along `axis`). */
export interface QuantView {
  /** Set for per-channel (per-axis) quantization. */
  readonly axis?: number;
  /** How many (scale, zero point) pairs there are: 1 per tensor, else one per channel. */
  readonly channels: number;
  /** The first parameters (a few dozen at most; the ranges cover all of them). */
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly scaleRange: readonly [number, number];
  readonly zeroPointRange: readonly [number, number];
}

/** The headline figures of a model (DESIGN.md, "Definitions"). */
export interface ModelMetrics {
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  /** Index into `timeline` (and the node order) where the peak occurs. */
  readonly peakStep: number;
}

/** One row of the per-layer table / charts. */
export interface LayerRow {
  readonly nodeId: string;
  readonly name: string;
  readonly op: string;
  readonly params: number;
  readonly weightBytes: number;
  readonly macs: number;
  readonly outputBytes: number;
  readonly outputShapes: readonly string[];
}

/** What the model panel and the charts show about an opened model. */
export interface ModelSummary {
  readonly modelId: ModelId;
  /** The main file's name. */
  readonly fileName: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly format: FormatId;
  readonly formatName: string;
  readonly producer?: string;
  readonly irVersion?: number;
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly graphName: string;
  readonly docString?: string;
  readonly metadata: readonly KeyValue[];
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  readonly nodeCount: number;
  /** Operator histogram, most frequent first. */
  readonly ops: readonly { readonly op: string; readonly count: number }[];
  readonly metrics: ModelMetrics;
  readonly layers: readonly LayerRow[];
  /** Live activation bytes at each step (one step per node, in schedule order). */
  readonly timeline: Float64Array;
  /** Node id executed at each step of `timeline`. */
  readonly stepNodeIds: readonly string[];
  /** Things shape inference could not settle (never fatal), as sentences. */
  readonly warnings: readonly string[];
  /** How long each stage took in the engine, in ms. */
  readonly timings: Readonly<Record<'parse' | 'shapes' | 'analysis', number>>;
}

/** An attribute rendered for display: `value` is plain text, never HTML. */
export interface AttributeView {
  readonly name: string;
  readonly type: string;
  readonly value: string;
}

/** A node's input or output. */
export interface PortView extends TensorInfo {
  /** Position among the node's inputs/outputs. */
  readonly index: number;
}

/** What a graph node is: an operator, or a pseudo node for a graph input/output. */
export type GraphNodeKind = 'op' | 'input' | 'output';

export interface GraphNodeView {
  /** Unique within the view; equals the IR node id for operators. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  readonly name: string;
  readonly op: string;
  readonly domain: string;
  readonly family: OpFamily;
  readonly inputs: readonly PortView[];
  readonly outputs: readonly PortView[];
  readonly attributes: readonly AttributeView[];
  /** An activation the format fuses into the operator (TFLite fused_activation_function, TF.js fused_ops). */
  readonly fusedActivation?: string;
  /** What a recipe did to this node's weight (variants only): channels removed, share of zeros. */
  readonly badges?: readonly NodeBadge[];
  readonly docString?: string;
  /** Size the node is laid out and drawn at. */
  readonly width: number;
  readonly height: number;
}

/**
 * A mark on a node of a variant: 'channels' when structured pruning removed output channels (`before` →
 * `after`), 'zeros' when its weight is sparse (`sparsity` in 0..1 of the weight's values are zero).
 */
export type NodeBadge =
  | { readonly kind: 'channels'; readonly before: number; readonly after: number }
  | { readonly kind: 'zeros'; readonly sparsity: number };

export interface GraphEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly tensorId: string;
  /** Shape label, e.g. `1×32×28×28`. */
  readonly label: string;
}

/** The graph as the canvas draws it (positions come separately from `layout`). */
export interface GraphView {
  readonly modelId: ModelId;
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly GraphEdgeView[];
}

/** Node positions for one direction. */
export interface LayoutResult {
  readonly modelId: ModelId;
  readonly direction: LayoutDirection;
  /** Top-left x, y of each node, in `GraphView.nodes` order: [x0, y0, x1, y1, …] (transferred). */
  readonly positions: Float64Array;
  readonly width: number;
  readonly height: number;
  /** Which layout ran: ELK's layered algorithm at full quality, its fast settings, or a fallback. */
  readonly algorithm: 'elk-layered' | 'elk-fast' | 'fallback';
  readonly elapsedMs: number;
}

/** Statistics of a constant tensor's values (the core's TensorStats, labelled for the inspector). */
export interface TensorStatsView extends TensorStats {
  /** True when the statistics are of the real (dequantized) values rather than the stored integers. */
  readonly dequantized: boolean;
  readonly modelId: ModelId;
  readonly tensorId: string;
  readonly name: string;
  readonly dtype: DType;
  readonly shapeText: string;
}

/** Result of opening a model: its summary and its graph (without positions). */
export interface OpenResult {
  readonly summary: ModelSummary;
  readonly graph: GraphView;
}
