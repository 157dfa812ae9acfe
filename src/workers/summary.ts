import { formatShape, indexGraph, type Model, type ModelAnalysis, type ModelFormat, type TypeOf } from '../core';
import { displayName, tensorInfo } from './graph-view';
import type { ModelId, ModelSummary } from './protocol';

const MAX_WARNINGS = 20;

export interface SummaryInput {
  readonly modelId: ModelId;
  readonly format: ModelFormat;
  readonly mainFile: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly model: Model;
  readonly analysis: ModelAnalysis;
  readonly typeOf: TypeOf;
  readonly timings: ModelSummary['timings'];
}

/** What the model panel and the charts show, from the model and its analysis. */
export function buildSummary(input: SummaryInput): ModelSummary {
  const { model, analysis, typeOf } = input;
  const graph = model.graph;
  const index = indexGraph(graph);
  const producer = [model.producer?.name, model.producer?.version].filter(Boolean).join(' ');
  const ops = Object.entries(analysis.opsHistogram)
    .map(([op, count]) => ({ op, count }))
    .sort((a, b) => b.count - a.count || a.op.localeCompare(b.op));
  const displayNameOf = (nodeId: string, fallback: string): string => {
    const node = index.node.get(nodeId);
    return node ? displayName(node, index.tensor) || fallback : fallback;
  };
  return {
    modelId: input.modelId,
    fileName: input.mainFile,
    files: input.files,
    format: model.format,
    formatName: input.format.name,
    ...(producer ? { producer } : {}),
    ...(model.irVersion !== undefined ? { irVersion: model.irVersion } : {}),
    opsets: model.opsets.map((o) => ({ domain: o.domain, version: o.version })),
    graphName: graph.name,
    ...(model.docString ? { docString: model.docString } : {}),
    metadata: model.metadata.map((kv) => ({ key: kv.key, value: kv.value })),
    inputs: analysis.inputs.map((t) => tensorInfo(graph, typeOf, t.id)),
    outputs: analysis.outputs.map((t) => tensorInfo(graph, typeOf, t.id)),
    nodeCount: analysis.nodeCount,
    ops,
    metrics: {
      params: analysis.params,
      weightBytes: analysis.weightBytes,
      macs: analysis.macs,
      peakActivationBytes: analysis.peakActivationBytes,
      arenaBytes: analysis.arenaBytes,
      peakStep: analysis.peakStep,
    },
    layers: analysis.layers.map((l) => ({
      nodeId: l.nodeId,
      name: displayNameOf(l.nodeId, l.name),
      op: l.op,
      params: l.params,
      weightBytes: l.weightBytes,
      macs: l.macs,
      outputBytes: l.outputBytes,
      outputShapes: l.outputShapes.map(formatShape),
    })),
    timeline: Float64Array.from(analysis.timeline),
    stepNodeIds: analysis.schedule.map((i) => graph.nodes[i]?.id ?? ''),
    warnings: warnings(analysis),
    timings: input.timings,
  };
}

/** Caveats a user should know about the figures, as sentences. */
function warnings(analysis: ModelAnalysis): string[] {
  const out: string[] = [];
  if (analysis.unknownMacsNodes > 0)
    out.push(
      `${analysis.unknownMacsNodes} node(s) have shapes that could not be inferred, so their MACs are not counted: the MAC total is a lower bound.`,
    );
  if (analysis.unknownSizeTensors > 0)
    out.push(
      `${analysis.unknownSizeTensors} activation tensor(s) have an unknown size and are left out: peak memory and arena are lower bounds.`,
    );
  const problems = analysis.shapeProblems;
  for (const p of problems.slice(0, MAX_WARNINGS)) out.push(p.message);
  if (problems.length > MAX_WARNINGS) out.push(`… and ${problems.length - MAX_WARNINGS} more shape inference notes.`);
  return out;
}
