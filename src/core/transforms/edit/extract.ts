// extractSubgraph: the part of a model between chosen tensors, as a model of its own. Walking back from the
// outputs, every node met is kept until the walk reaches a chosen input or a constant; a graph input the
// walk reaches that was not chosen joins the inputs (noted). Constants kept nodes read stay as they are.
import { nodeReads } from '../../analysis/params';
import { tfliteExtras, type TfliteNodeExtras } from '../../formats/tflite/extras';
import { indexGraph } from '../../ir/graph-index';
import type { Graph, Model } from '../../ir/types';
import { withPlainInitializers } from '../cleanup/common';
import { refuse } from './edit-error';
import { typedDeclaration } from './graph-outputs';
import { nodeLabel, requireTensor } from './lookup';
import { editResult } from './result';
import { syncTfliteSignatures } from './tflite-extras';
import type { EditResult } from './types';

interface Walk {
  readonly keep: Set<number>;
  readonly extraInputs: string[];
}

function walkBack(graph: Graph, inputs: ReadonlySet<string>, outputs: readonly string[]): Walk {
  const index = indexGraph(graph);
  const keep = new Set<number>();
  const extraInputs: string[] = [];
  const seen = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || inputs.has(id)) continue;
    seen.add(id);
    if (index.tensor.get(id)?.data) continue;
    const p = index.producer.get(id);
    if (p !== undefined) {
      if (!keep.has(p)) {
        keep.add(p);
        stack.push(...nodeReads(graph.nodes[p]!));
      }
    } else if (graph.inputs.includes(id)) {
      extraInputs.push(id);
    } else {
      refuse('not-possible', `"${id}" is needed but nothing in the graph computes it`, id);
    }
  }
  return { keep, extraInputs };
}

/** extractSubgraph (see the file comment); the model's format, opsets and metadata stay. */
export function extractSubgraph(model: Model, inputs: readonly string[], outputs: readonly string[]): EditResult {
  const base = withPlainInitializers(model).model;
  const graph = base.graph;
  if (outputs.length === 0) refuse('bad-value', 'choose at least one output for the extracted model');
  for (const id of [...inputs, ...outputs]) requireTensor(graph, id);
  const index = indexGraph(graph);
  for (const id of inputs)
    if (index.tensor.get(id)?.data)
      refuse('bad-value', `"${id}" is a constant: weights stay with the nodes that read them`, id);
  const chosen = new Set(inputs);
  const { keep, extraInputs } = walkBack(graph, chosen, outputs);
  for (const i of keep) {
    const node = graph.nodes[i]!;
    const clash = node.outputs.find((id) => chosen.has(id));
    if (clash)
      refuse(
        'not-possible',
        `"${clash}" cannot be an input: ${nodeLabel(node)} makes it and is needed for another of its outputs`,
        clash,
      );
  }
  const nodes = graph.nodes.filter((_, i) => keep.has(i));
  const allInputs = [...new Set([...inputs, ...extraInputs])];
  const used = new Set([...allInputs, ...outputs]);
  for (const n of nodes) {
    const intermediates = tfliteExtras<TfliteNodeExtras>(n.extras).intermediates ?? [];
    for (const id of [...nodeReads(n), ...n.outputs, ...intermediates]) if (id !== '') used.add(id);
  }
  const typed = new Map([...allInputs, ...outputs].map((id) => [id, typedDeclaration(base, id)]));
  const tensors = graph.tensors.filter((t) => used.has(t.id)).map((t) => typed.get(t.id) ?? t);
  for (const [id, t] of typed) if (!index.tensor.has(id)) tensors.push(t);
  const next = syncTfliteSignatures({
    ...base,
    graph: { ...graph, nodes, tensors, inputs: allInputs, outputs: [...new Set(outputs)] },
  });
  const notes: string[] = [];
  if (extraInputs.length)
    notes.push(`the outputs also need ${extraInputs.map((id) => `"${id}"`).join(', ')}, kept as input(s)`);
  const needed = new Set(nodes.flatMap((n) => nodeReads(n)));
  const unused = inputs.filter((id) => !needed.has(id) && !outputs.includes(id));
  if (unused.length) notes.push(`the outputs do not depend on ${unused.map((id) => `"${id}"`).join(', ')}`);
  const removedNodes = graph.nodes.filter((_, i) => !keep.has(i)).map((n) => n.id);
  const removedTensors = graph.tensors.filter((t) => !used.has(t.id)).map((t) => t.id);
  return editResult(
    next,
    { tensors: [...allInputs, ...outputs] },
    { nodes: removedNodes, tensors: removedTensors },
    notes,
  );
}
