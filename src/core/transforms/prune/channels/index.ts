// Structured channel pruning: removes the output channels (filters) with the smallest L1 / L2 norm from
// Conv / Gemm / MatMul (ONNX) and CONV_2D / FULLY_CONNECTED / single-channel DEPTHWISE_CONV_2D (TFLite)
// layers and rewrites every consumer, so MACs, weights and activations really shrink while graph inputs
// and outputs keep their shapes. Layers whose channels cannot be followed everywhere are kept whole.
import { analyzeModel } from '../../../analysis/analyze';
import { typeLookup } from '../../../analysis/type-lookup';
import { TransformError } from '../../../errors';
import { validateGraph } from '../../../ir/validate';
import type { Model, Node } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import type { CancelSignal } from '../../quantize/types';
import { progressCounter, throwIfCancelled } from '../../weights/report';
import { checkPruneOptions, PRUNE_DEFAULTS } from '../options';
import type { PruneOptions, PruneResult } from '../types';
import { refTensor, resolveConst } from './const-ref';
import { range } from './layout';
import { onnxRules } from './onnx-rules';
import { pruneTotals } from '../storage';
import { groupNotes, layerReports } from './report';
import { rewriteGraph } from './rewrite';
import { decideGroups } from './select';
import { tfliteRules } from './tflite-rules';
import { describeNode, traceChannels, Tracer, type FormatRules, type ProducerSpec } from './trace';

function modelName(model: Model): string {
  return model.graph.name || 'the model';
}

function checkOptions(options: PruneOptions): void {
  checkPruneOptions(options);
  if (options.method !== 'channels')
    throw new TransformError('invalid-options', `channel pruning was asked for with method "${options.method}"`);
}

function rulesFor(model: Model): FormatRules {
  if (model.format === 'onnx') {
    const opset = model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 13;
    return onnxRules(opset);
  }
  if (model.format === 'tflite') return tfliteRules();
  throw new TransformError(
    'not-applicable',
    `${modelName(model)}: structured channel pruning works on ONNX and TFLite models; convert this TF.js model first`,
  );
}

// Stages between which `signal` is checked and progress reported: trace, decide, rewrite, report.
const STAGES = 4;

/**
 * Removes the weakest output channels of every prunable layer and rewrites their consumers. The work is
 * whole-graph (tracing channels through every consumer), so `signal` is checked, and `onProgress` told,
 * between its stages rather than per layer.
 */
export function pruneChannels(
  model: Model,
  options: PruneOptions,
  signal?: CancelSignal,
  onProgress?: (fraction: number) => void,
): PruneResult {
  checkOptions(options);
  const stage = progressCounter(STAGES, onProgress);
  const next = (): void => {
    stage();
    throwIfCancelled(signal, 'pruning');
  };
  const rules = rulesFor(model);
  const graph = model.graph;
  const inference = inferShapes(model);
  const typeOf = typeLookup(graph, inference);

  // The first and last weight layers, for excludeFirstLast.
  const probe = new Tracer(graph, typeOf);
  const layerNodes = graph.nodes.map((n, i) => (rules.layer(probe, n) ? i : -1)).filter((i) => i >= 0);
  if (layerNodes.length === 0)
    throw new TransformError(
      'not-applicable',
      `${modelName(model)}: no prunable weights: no convolution or dense layer with a constant weight`,
    );
  const ends = new Set(options.excludeFirstLast ? [layerNodes[0]!, layerNodes[layerNodes.length - 1]!] : []);
  const minElements = options.minElements ?? PRUNE_DEFAULTS.minElements;
  const eligible = (node: Node, index: number, spec: ProducerSpec): string | undefined => {
    if (options.overrides?.[node.id]?.exclude) return 'excluded by an override';
    if (ends.has(index)) return 'first or last prunable layer (excludeFirstLast)';
    const ref = resolveConst(graph, node.inputs[spec.weightInput] ?? '');
    const elements = ref ? refTensor(ref).dims.reduce((a, b) => a * b, 1) : 0;
    if (elements < minElements) return `${elements} weights, fewer than minElements (${minElements})`;
    if (spec.channels < 2) return 'a single output channel';
    return undefined;
  };
  const trace = traceChannels(graph, typeOf, rules, eligible);
  next();
  const sparsityOf = (space: number): number => {
    const node = graph.nodes[trace.spaces.producers[space]!.node]!;
    return options.overrides?.[node.id]?.sparsity ?? options.sparsity ?? PRUNE_DEFAULTS.sparsity;
  };
  const decisions = decideGroups(graph, trace.spaces, {
    norm: options.norm ?? 'l1',
    channelMultiple: options.channelMultiple ?? 1,
    sparsityOf,
  });
  next();
  const structural = decisions.filter((d) => !d.reasons.some((r) => r.startsWith('sparsity ')));
  if (decisions.length > 0 && structural.length === decisions.length && decisions.every((d) => !d.kept)) {
    const why = decisions.flatMap((d) => d.reasons).slice(0, 3);
    throw new TransformError('not-applicable', `${modelName(model)}: no channel can be removed: ${why.join('; ')}`);
  }

  const keptByRoot = new Map<number, readonly number[]>();
  for (const d of decisions) if (d.kept) keptByRoot.set(trace.spaces.find(d.members[0]!), d.kept);
  const keptOf = (space: number, channels: number): readonly number[] =>
    keptByRoot.get(trace.spaces.find(space)) ?? range(channels);

  const pruned: Model = { ...model, graph: rewriteGraph(model, trace, keptOf) };
  const problems = validateGraph(pruned.graph);
  if (problems.length)
    throw new TransformError(
      'invalid-result',
      `${modelName(model)}: channel pruning produced an invalid graph: ${problems[0]!.message}`,
    );
  next();

  const reasonsOf = (layer: (typeof trace.layers)[number]): readonly string[] =>
    layer.skipped !== undefined ? [layer.skipped] : layer.space !== undefined ? trace.spaces.reasons(layer.space) : [];
  const layers = layerReports(graph, pruned.graph, trace, keptOf, reasonsOf);
  const before = analyzeModel(model, { inference });
  const after = analyzeModel(pruned);
  const notes = groupNotes(graph, trace.spaces, decisions);
  for (const l of trace.layers)
    if (l.skipped && l.spec) notes.push(`${describeNode(graph.nodes[l.node]!)}: left alone: ${l.skipped}`);
  stage();
  return {
    model: pruned,
    report: {
      method: 'channels',
      layers,
      totals: pruneTotals(layers),
      macsBefore: before.macs,
      macsAfter: after.macs,
      weightBytesBefore: before.weightBytes,
      weightBytesAfter: after.weightBytes,
      peakActivationBytesBefore: before.peakActivationBytes,
      peakActivationBytesAfter: after.peakActivationBytes,
      arenaBytesBefore: before.arenaBytes,
      arenaBytesAfter: after.arenaBytes,
      notes,
    },
  };
}
