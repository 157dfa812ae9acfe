// addGraphOutput / removeGraphOutput: choosing which tensors the model exposes. An exposed intermediate is
// declared with its inferred type when the file declared none (runtimes need a graph output's type), and
// TFLite signature defs follow the output list.
import { typeLookup } from '../../analysis/type-lookup';
import type { Model, Tensor } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { refuse } from './edit-error';
import { requireTensor, tensorOf } from './lookup';
import { editResult } from './result';
import { syncTfliteSignatures } from './tflite-extras';
import type { EditResult } from './types';

/** The declaration of `id` completed with its inferred type where the file's lacks dtype or shape. */
export function typedDeclaration(model: Model, id: string): Tensor {
  const declared = tensorOf(model.graph, id) ?? { id, name: id, dtype: 'undefined' };
  if (declared.dtype !== 'undefined' && declared.shape !== undefined) return declared;
  const type = typeLookup(model.graph, inferShapes(model))(id);
  if (!type) return declared;
  const dtype = declared.dtype !== 'undefined' ? declared.dtype : type.dtype;
  const shape = declared.shape ?? type.shape;
  return { ...declared, dtype, ...(shape ? { shape } : {}) };
}

/** addGraphOutput: `tensor` becomes the last graph output. */
export function addGraphOutput(model: Model, tensor: string): EditResult {
  const graph = model.graph;
  requireTensor(graph, tensor);
  if (graph.outputs.includes(tensor)) refuse('not-possible', `"${tensor}" is already a graph output`, tensor);
  const typed = typedDeclaration(model, tensor);
  const declared = tensorOf(graph, tensor) !== undefined;
  const tensors = declared ? graph.tensors.map((t) => (t.id === tensor ? typed : t)) : [...graph.tensors, typed];
  const notes =
    typed.dtype === 'undefined'
      ? [`the type of "${tensor}" is unknown: runtimes may refuse an output without one`]
      : [];
  const next = syncTfliteSignatures({ ...model, graph: { ...graph, tensors, outputs: [...graph.outputs, tensor] } });
  return editResult(next, { tensors: [tensor] }, {}, notes);
}

/** removeGraphOutput: `tensor` is no longer exposed (what computes it stays). */
export function removeGraphOutput(model: Model, tensor: string): EditResult {
  const graph = model.graph;
  if (!graph.outputs.includes(tensor)) refuse('unknown-tensor', `"${tensor}" is not a graph output`, tensor);
  const outputs = graph.outputs.filter((id) => id !== tensor);
  const next = syncTfliteSignatures({ ...model, graph: { ...graph, outputs } });
  return editResult(next, { tensors: [tensor] });
}
