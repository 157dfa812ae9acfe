// The rewriting half of channel pruning: with the kept channels known, cuts every recorded constant,
// updates the attributes that count channels (depthwise group, depth multiplier, Reshape targets) and the
// declared shapes of every tensor the channels flow through. Never touches the input graph.
import type { Graph, Model } from '../../../ir/types';
import { intConstant, refTensor, resolveConst } from './const-ref';
import { cutConst } from './cut';
import { GraphDraft, shapeSigned, writeTarget } from './draft';
import { keptLength, keptPositions, layoutLength, type KeptOf } from './layout';
import { sliceQuant } from './slice';
import type { Edit, TraceResult } from './trace';

type SliceEdit = Extract<Edit, { kind: 'slice' }>;

function applySlices(draft: GraphDraft, edits: readonly SliceEdit[], keptOf: KeptOf, format: Model['format']): void {
  const groups = new Map<string, SliceEdit[]>();
  for (const e of edits) {
    const key = `${e.node}:${e.input}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  for (const list of groups.values()) {
    const { node, input } = list[0]!;
    const ref = resolveConst(draft.graph, draft.graph.nodes[node]!.inputs[input] ?? '');
    if (!ref) continue;
    const dims = refTensor(ref).dims;
    const cuts = list
      .map((e) => ({ axis: e.axis, positions: keptPositions(e.layout, keptOf) }))
      .filter((c) => c.positions.length !== dims[c.axis]);
    if (cuts.length) cutConst(draft, node, input, ref, cuts, format);
  }
}

/** The graph with the kept channels only; `trace` comes from the same graph. */
export function rewriteGraph(model: Model, trace: TraceResult, keptOf: KeptOf): Graph {
  const graph = model.graph;
  const draft = new GraphDraft(graph, model.format === 'onnx' && (model.irVersion ?? 8) < 4);
  applySlices(
    draft,
    trace.edits.filter((e): e is SliceEdit => e.kind === 'slice'),
    keptOf,
    model.format,
  );
  for (const e of trace.edits) {
    if (e.kind === 'slice') continue;
    const length = keptLength(e.layout, keptOf);
    if (e.kind === 'group') draft.setAttribute(e.node, 'group', { type: 'int', value: length });
    else if (e.kind === 'multiplier') draft.setAttribute(e.node, 'depth_multiplier', { type: 'int', value: length });
    else {
      const node = graph.nodes[e.node]!;
      const attrName = model.format === 'tflite' ? 'new_shape' : 'shape';
      const attrValue = node.attributes[attrName];
      const stored =
        (node.inputs[1] ? intConstant(graph, node.inputs[1]) : undefined) ??
        (attrValue?.type === 'ints' ? [...attrValue.value] : undefined);
      if (!stored || stored[e.axis] === -1 || stored[e.axis] === length) continue;
      writeTarget(
        draft,
        e.node,
        stored.map((v, i) => (i === e.axis ? length : v)),
        model.format,
      );
    }
  }
  for (const [id, flow] of trace.flows) {
    const length = keptLength(flow.layout, keptOf);
    const before = layoutLength(flow.layout);
    const t = draft.tensor(id);
    if (length === before || !t?.shape || t.shape.length <= flow.axis) continue;
    const shape = t.shape.map((d, i) => (i === flow.axis ? length : d));
    const quant = sliceQuant(t.quant, shape.length, flow.axis, before, keptPositions(flow.layout, keptOf));
    const next = shapeSigned(t, shape);
    draft.setTensor({ ...next, shape, ...(quant ? { quant } : {}) });
  }
  return draft.finish();
}
