// Where validation's problems show on the canvas: a problem about a node marks that node; one about a
// tensor marks the graph input or output pseudo node carrying it, else the nodes reading it (a dangling
// input shows on its reader), else the node writing it.
import type { GraphView, ModelProblem } from '../../../workers/protocol';
import type { StudioState } from '../../store';

/** What one node is marked with: the worst severity and every problem's sentence. */
export interface ProblemMark {
  readonly severity: 'error' | 'warning';
  readonly messages: readonly string[];
}

/** The nodes of the view a problem is about (pseudo nodes included). */
export function problemNodes(problem: ModelProblem, graph: GraphView): string[] {
  // Problems inside a nested graph (If/Loop body) show on the node that holds it.
  const outer = problem.path?.[0];
  if (outer !== undefined) return graph.nodes.some((n) => n.id === outer) ? [outer] : [];
  if (problem.nodeId !== undefined && graph.nodes.some((n) => n.id === problem.nodeId)) return [problem.nodeId];
  const tensor = problem.tensorId;
  if (tensor === undefined) return [];
  const io = graph.nodes.filter(
    (n) => (n.kind === 'output' && n.inputs[0]?.id === tensor) || (n.kind === 'input' && n.outputs[0]?.id === tensor),
  );
  if (io.length > 0) return io.map((n) => n.id);
  const readers = graph.nodes.filter((n) => n.kind === 'op' && n.inputs.some((p) => p.id === tensor));
  if (readers.length > 0) return readers.map((n) => n.id);
  return graph.nodes.filter((n) => n.outputs.some((p) => p.id === tensor)).map((n) => n.id);
}

/** Marks of every node with a problem. */
export function problemMarks(problems: readonly ModelProblem[], graph: GraphView): Map<string, ProblemMark> {
  const marks = new Map<string, ProblemMark>();
  for (const problem of problems) {
    for (const id of problemNodes(problem, graph)) {
      const mark = marks.get(id);
      marks.set(id, {
        severity: mark?.severity === 'error' || problem.severity === 'error' ? 'error' : 'warning',
        messages: [...(mark?.messages ?? []), problem.message],
      });
    }
  }
  return marks;
}

const NONE: readonly ModelProblem[] = [];
const cache = new WeakMap<readonly ModelProblem[], { graph: GraphView; marks: Map<string, ProblemMark> }>();

/** The problems of the member shown (none when it was never edited). */
export function shownProblems(state: Pick<StudioState, 'model' | 'problems'>): readonly ModelProblem[] {
  const id = state.model?.summary.modelId;
  return (id === undefined ? undefined : state.problems[id]) ?? NONE;
}

/** The mark of one node of the graph shown (computed once per outcome, for every node's selector). */
export function markOf(state: Pick<StudioState, 'model' | 'problems'>, nodeId: string): ProblemMark | undefined {
  const problems = shownProblems(state);
  const graph = state.model?.graph;
  if (problems.length === 0 || !graph) return undefined;
  let hit = cache.get(problems);
  if (!hit || hit.graph !== graph) {
    hit = { graph, marks: problemMarks(problems, graph) };
    cache.set(problems, hit);
  }
  return hit.marks.get(nodeId);
}
