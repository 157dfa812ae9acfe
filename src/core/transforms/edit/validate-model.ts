// validateModel: everything wrong with a model after an edit, as a list — structure (ir/validate), shapes
// and types re-inferred (shape/infer), each node against its catalogue entry, and what the format needs
// (a typed tensor everywhere in TFLite, typed graph inputs in ONNX). It never throws: a broken model is
// exactly what it must describe. assertExportable turns its errors into one TransformError.
import { typeLookup } from '../../analysis/type-lookup';
import { TransformError } from '../../errors';
import { FORMAT_NAMES } from '../../formats/format';
import type { Model } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { inferShapes } from '../../shape/infer';
import type { ShapeInference } from '../../shape/types';
import { operatorSpec } from './catalogue';
import type { ModelProblem } from './problems';
import { nodeProblems } from './validate-node';

const SHAPE_WARNINGS = new Set(['unknown-op', 'unsupported-case']);

function structural(model: Model): ModelProblem[] {
  const problems: ModelProblem[] = validateGraph(model.graph).map((p) => ({ ...p, severity: 'error' }));
  if (model.graph.outputs.length === 0)
    problems.push({
      code: 'no-outputs',
      severity: 'error',
      message: 'the model has no outputs: expose at least one tensor',
    });
  return problems;
}

function inferred(model: Model): { inference?: ShapeInference; problems: ModelProblem[] } {
  try {
    const inference = inferShapes(model);
    const problems = inference.problems.map((p): ModelProblem => ({
      code: p.code,
      severity: SHAPE_WARNINGS.has(p.code) ? 'warning' : 'error',
      nodeId: p.nodeId,
      message: p.message,
    }));
    return { inference, problems };
  } catch (error) {
    // Inference is written not to throw; if it does, the structure problems above still stand.
    const message = `shapes could not be inferred (${error instanceof Error ? error.message : String(error)})`;
    return { problems: [{ code: 'unsupported-case', severity: 'warning', message }] };
  }
}

function typing(model: Model, typeOf: ReturnType<typeof typeLookup>): ModelProblem[] {
  const graph = model.graph;
  const problems: ModelProblem[] = [];
  const declared = new Map(graph.tensors.map((t) => [t.id, t]));
  // Sequences, maps and optionals carry their type in valueType, not in dtype.
  const untyped = (id: string): boolean =>
    declared.get(id)?.valueType === undefined && (typeOf(id)?.dtype ?? 'undefined') === 'undefined';
  if (model.format === 'tflite') {
    const used = new Set([
      ...graph.inputs,
      ...graph.outputs,
      ...graph.nodes.flatMap((n) => [...n.inputs, ...n.outputs]),
    ]);
    for (const id of used)
      if (id !== '' && untyped(id))
        problems.push({
          code: 'untyped-tensor',
          severity: 'error',
          tensorId: id,
          message: `tensor "${id}" has no element type; TFLite needs one for every tensor (give the new node's outputs a type)`,
        });
    return problems;
  }
  for (const id of graph.inputs)
    if (untyped(id))
      problems.push({
        code: 'untyped-tensor',
        severity: 'error',
        tensorId: id,
        message: `graph input "${id}" has no element type`,
      });
  for (const id of graph.outputs)
    if (untyped(id))
      problems.push({
        code: 'untyped-tensor',
        severity: 'warning',
        tensorId: id,
        message: `graph output "${id}" has no known element type; runtimes may refuse it`,
      });
  return problems;
}

function problemKey(p: ModelProblem): string {
  return `${p.code}\u0000${p.nodeId ?? ''}\u0000${p.tensorId ?? ''}\u0000${p.message}`;
}

/** Every problem of the model (errors first, then warnings; each once). */
export function validateModel(model: Model): ModelProblem[] {
  const { inference, problems: shapeProblems } = inferred(model);
  const typeOf = typeLookup(model.graph, inference);
  const problems = [...structural(model), ...shapeProblems, ...typing(model, typeOf)];
  for (const node of model.graph.nodes) {
    const spec = operatorSpec(model, node.op, node.domain);
    if (spec) problems.push(...nodeProblems(node, spec, typeOf));
  }
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = problemKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...unique.filter((p) => p.severity === 'error'), ...unique.filter((p) => p.severity === 'warning')];
}

/** True when validation finds no error (warnings allowed). */
export function isExportable(model: Model): boolean {
  return validateModel(model).every((p) => p.severity !== 'error');
}

/**
 * Throws TransformError 'invalid-result' listing the model's errors (the first few, numbered) when it has
 * any: export refuses an invalid model. `what` names the model in the message.
 */
export function assertExportable(model: Model, what = `the ${FORMAT_NAMES[model.format]} model`): void {
  const errors = validateModel(model).filter((p) => p.severity === 'error');
  if (errors.length === 0) return;
  const shown = errors.slice(0, 5).map((p, i) => `(${i + 1}) ${p.message}`);
  const more = errors.length > shown.length ? `; and ${errors.length - shown.length} more` : '';
  const subject = errors[0]!.nodeId ?? errors[0]!.tensorId;
  throw new TransformError(
    'invalid-result',
    `${what} cannot be exported: it has ${errors.length} problem${errors.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`,
    subject,
  );
}
