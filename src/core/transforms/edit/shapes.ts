// setInputShape and fixSymbolicDims. MCU runtimes need static shapes: batch 1, no dynamic dims. After the
// graph inputs change, declared shapes downstream (ONNX value_info and outputs) that no longer agree with
// what inference computes are replaced by the inferred ones, so the file stays self-consistent.
import { indexGraph } from '../../ir/graph-index';
import type { Dim, Graph, Model, Shape, Tensor } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { refuse } from './edit-error';
import { editResult } from './result';
import { shapeSignature, withShapeSignature } from './tflite-extras';
import type { EditResult } from './types';

const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

function checkSize(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) refuse('bad-value', `${what} must be a whole number from 1, not ${value}`);
}

/**
 * The graph with declared shapes of non-input tensors replaced where inference (from the inputs alone)
 * says otherwise; dims inference leaves unknown keep their declared value. Returns the ids changed.
 */
export function refreshDeclaredShapes(model: Model): { graph: Graph; changed: string[] } {
  const graph = model.graph;
  if (model.format === 'tflite') return { graph, changed: [] };
  const inputs = new Set(graph.inputs);
  const bare = graph.tensors.map((t) => {
    if (t.data || inputs.has(t.id) || t.shape === undefined) return t;
    const { shape: _shape, ...rest } = t;
    return rest;
  });
  const inferred = inferShapes({ ...model, graph: { ...graph, tensors: bare } }).types;
  const changed: string[] = [];
  const tensors = graph.tensors.map((t) => {
    const shape = inferred.get(t.id)?.shape;
    if (t.data || inputs.has(t.id) || !t.shape || !shape) return t;
    const merged =
      shape.length === t.shape.length ? shape.map((d, i) => (d === null ? (t.shape![i] ?? null) : d)) : shape;
    if (sameShape(merged, t.shape)) return t;
    changed.push(t.id);
    return { ...t, shape: merged };
  });
  return { graph: changed.length ? { ...graph, tensors } : graph, changed };
}

/** setInputShape: declares `shape` for graph input `input` and refreshes the shapes declared downstream. */
export function setInputShape(model: Model, input: string, shape: readonly Dim[]): EditResult {
  const graph = model.graph;
  const tensor = indexGraph(graph).tensor.get(input);
  if (!graph.inputs.includes(input) || !tensor || tensor.data)
    refuse('unknown-tensor', `"${input}" is not an input of the graph`, input);
  if (model.format === 'tflite')
    refuse(
      'not-possible',
      'TFLite files declare every tensor\'s shape and the studio cannot re-infer them yet: fix dynamic dimensions with "fix symbolic dimensions" instead',
      input,
    );
  for (const d of shape) {
    if (typeof d === 'number') checkSize(d, `a dimension of "${input}"`);
    else if (d !== null && (typeof d !== 'string' || d.trim() === ''))
      refuse('bad-value', `a dimension of "${input}" must be a size, a name or null, not ${JSON.stringify(d)}`, input);
  }
  const tensors = graph.tensors.map((t) => (t.id === input ? { ...t, shape: [...shape] } : t));
  const next: Model = { ...model, graph: { ...graph, tensors } };
  const refreshed = refreshDeclaredShapes(next);
  return editResult({ ...next, graph: refreshed.graph }, { tensors: [input, ...refreshed.changed] });
}

function fixTensor(t: Tensor, dims: Readonly<Record<string, number>>, unknown: number | undefined): Tensor {
  const signature = shapeSignature(t);
  if (signature) {
    // TFLite: -1 in shape_signature is a dynamic dim (the shape holds 1 there); no names exist.
    if (unknown === undefined || !signature.includes(-1)) return t;
    const shape = (t.shape ?? []).map((d, i) => (signature[i] === -1 ? unknown : d));
    const fixed = signature.map((d) => (d === -1 ? unknown : d));
    return withShapeSignature({ ...t, shape }, sameShape(fixed, shape) ? undefined : fixed);
  }
  if (!t.shape) return t;
  const shape = t.shape.map((d) => {
    if (typeof d === 'string' && dims[d] !== undefined) return dims[d];
    if (d === null && unknown !== undefined) return unknown;
    return d;
  });
  return sameShape(shape, t.shape) ? t : { ...t, shape };
}

/** fixSymbolicDims: named dims → sizes (`dims`), unnamed dynamic dims → `unknown`, everywhere declared. */
export function fixSymbolicDims(
  model: Model,
  dims: Readonly<Record<string, number>> = {},
  unknown?: number,
): EditResult {
  for (const [name, value] of Object.entries(dims)) checkSize(value, `the size for "${name}"`);
  if (unknown !== undefined) checkSize(unknown, 'the size for unnamed dimensions');
  const graph = model.graph;
  const changed: string[] = [];
  const tensors = graph.tensors.map((t) => {
    const fixed = fixTensor(t, dims, unknown);
    if (fixed !== t) changed.push(t.id);
    return fixed;
  });
  const notes: string[] = [];
  if (changed.length === 0) {
    const names = Object.keys(dims);
    notes.push(
      names.length
        ? `no tensor declares a dimension named ${names.map((n) => `"${n}"`).join(', ')}: nothing changed`
        : 'no tensor declares a dynamic dimension: nothing changed',
    );
    return editResult(model, {}, {}, notes);
  }
  const next: Model = { ...model, graph: { ...graph, tensors } };
  const refreshed = refreshDeclaredShapes(next);
  return editResult({ ...next, graph: refreshed.graph }, { tensors: [...changed, ...refreshed.changed] }, {}, notes);
}
