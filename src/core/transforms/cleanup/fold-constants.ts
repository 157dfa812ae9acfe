// fold-constants: nodes whose inputs are all constants become constants holding their outputs.
//
// - ONNX: Constant nodes become initializers; other nodes are computed by the reference executor's kernels
//   (float32, and integers while they stay exact in float32) or, for integer results and shape arithmetic,
//   taken from shape inference's folded values (Shape of a statically shaped tensor folds too, so
//   Shape → Gather → Unsqueeze → Concat → Reshape chains disappear).
// - TFLite: nodes of unquantized float32 / integer constants, by the executor (quantized constants would
//   need re-quantizing, so they stay).
// - Generators (ConstantOfShape, Expand, Tile, Range, …: any node whose outputs are more than 256 bytes
//   larger than its constant inputs) stay, unless `foldGenerators`: ONNX's "light" models generate every
//   weight with ConstantOfShape, and storing them would grow the file a hundredfold. Nothing larger than
//   `maxFoldedElements` is folded. Random generators and quantize / dequantize nodes never fold.
import { dtypeByteLength, isIntDType, type DType } from '../../ir/dtype';
import { isQuantized } from '../../ir/quantization';
import { constantByteLength, elementCount, toFloat64 } from '../../ir/tensor';
import type { Attribute, Graph, Model, Node, Shape, Tensor } from '../../ir/types';
import { typeLookup, type TypeOf } from '../../analysis/type-lookup';
import { inferShapes } from '../../shape/infer';
import type { FoldedValue, ShapeInference } from '../../shape/types';
import { nestedGraphs } from '../../ir/graph-index';
import {
  constantTensors,
  finishRewrite,
  isDefaultDomain,
  label,
  unchanged,
  withPlainInitializers,
  type PassResult,
} from './common';
import { encodeValues, evaluateNode } from './evaluate';
import type { CleanupOptions } from './types';

const PASS = 'fold-constants';
const DEFAULT_MAX_ELEMENTS = 1 << 20;
/** A fold may add this many bytes beyond its constant inputs (Shape, small ConstantOfShape) and still count as no growth. */
const GROWTH_SLACK_BYTES = 256;
/** Integers through the float32 executor are exact up to 2^24. */
const FLOAT32_EXACT = 2 ** 24;

/** Ops that read only their input's shape, which inference knows without the value. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

const NEVER = new Set([
  'RandomNormal',
  'RandomUniform',
  'RandomNormalLike',
  'RandomUniformLike',
  'Multinomial',
  'Bernoulli',
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  // TFLite
  'QUANTIZE',
  'DEQUANTIZE',
  'MULTINOMIAL',
  'RANDOM_STANDARD_NORMAL',
  'RANDOM_UNIFORM',
]);

/** The tensor a Constant node holds, named after its output; undefined for strings and sparse values. */
function constantNodeTensor(node: Node): Tensor | undefined {
  const id = node.outputs[0] ?? '';
  const a = node.attributes;
  const value = a['value'];
  if (value?.type === 'tensor') {
    const t = value.value;
    return t.data?.bytes && t.dtype !== 'string' ? { ...t, id, name: id } : undefined;
  }
  const list = (dtype: DType, values: readonly number[], shape: number[]): Tensor | undefined => {
    const bytes = encodeValues(dtype, dtype === 'float32' ? values.map(Math.fround) : values);
    return bytes && { id, name: id, dtype, shape, data: { bytes } };
  };
  const one = (attr: Attribute | undefined): number | undefined =>
    attr?.type === 'float' || attr?.type === 'int' ? attr.value : undefined;
  const many = (attr: Attribute | undefined): readonly number[] | undefined =>
    attr?.type === 'floats' || attr?.type === 'ints' ? attr.value : undefined;
  const f = one(a['value_float']);
  if (f !== undefined) return list('float32', [f], []);
  const i = one(a['value_int']);
  if (i !== undefined) return list('int64', [i], []);
  const fs = many(a['value_floats']);
  if (fs) return list('float32', fs, [fs.length]);
  const is = many(a['value_ints']);
  return is && list('int64', is, [is.length]);
}

interface Folder {
  readonly model: Model;
  readonly graph: Graph;
  readonly constants: Map<string, Tensor>;
  readonly inference: ShapeInference | undefined;
  readonly declared: ReadonlyMap<string, Tensor>;
  /** Output types known before folding (inference, declarations): undefined dtype or shape → unknown. */
  readonly typeOf: (id: string) => { dtype: DType; shape?: Shape } | undefined;
  readonly maxElements: number;
  readonly foldGenerators: boolean;
}

/** A fold that cannot happen, and why (for the report when the reason is worth telling). */
type Outcome = { readonly tensors: Tensor[] } | { readonly skipped: string } | undefined;

function integerInputsExact(inputs: readonly Tensor[]): boolean {
  return inputs.every((t) => {
    if (!isIntDType(t.dtype)) return true;
    const values = t.data?.bytes && toFloat64(t.dtype, t.data.bytes);
    return values !== undefined && values.every((v) => Math.abs(v) <= FLOAT32_EXACT);
  });
}

/** Output tensors from shape inference's exact values, when it folded every output. */
function fromInference(f: Folder, node: Node): Tensor[] | undefined {
  const folded = node.outputs.map((id) => f.inference?.folded.get(id));
  if (folded.some((v) => v === undefined)) return undefined;
  const tensors: Tensor[] = [];
  for (const [k, v] of (folded as FoldedValue[]).entries()) {
    if (v.dtype === 'float32' || v.dtype === 'float64' || isIntDType(v.dtype) || v.dtype === 'bool') {
      const values = v.dtype === 'float32' ? v.values.map(Math.fround) : v.values;
      const bytes = encodeValues(v.dtype, values);
      if (!bytes) return undefined;
      tensors.push(outputTensor(f, node.outputs[k]!, v.dtype, v.shape, bytes));
    } else return undefined;
  }
  return tensors;
}

function outputTensor(f: Folder, id: string, dtype: DType, shape: readonly number[], bytes: Uint8Array): Tensor {
  const declared = f.declared.get(id);
  if (f.model.format === 'tflite' && declared) return { ...declared, data: { bytes } };
  return { ...(declared ?? {}), id, name: declared?.name ?? id, dtype, shape: [...shape], data: { bytes } };
}

/** Output tensors computed by the executor. */
function fromExecutor(f: Folder, node: Node, inputs: readonly Tensor[]): Tensor[] | undefined {
  if (!integerInputsExact(inputs)) return undefined;
  const results = evaluateNode(f.model, node, inputs);
  if (!results) return undefined;
  const ids = node.outputs.filter((id) => id !== '');
  const tensors: Tensor[] = [];
  for (const [k, r] of results.entries()) {
    const dtype = r.dtype;
    // float64 / float16 results would only carry float32 precision.
    if (dtype !== 'float32' && !isIntDType(dtype) && dtype !== 'bool') return undefined;
    const bytes = encodeValues(dtype, r.data, FLOAT32_EXACT);
    if (!bytes) return undefined;
    tensors.push(outputTensor(f, ids[k]!, dtype, r.shape, bytes));
  }
  return tensors;
}

function foldNode(f: Folder, node: Node, outputs: ReadonlySet<string>): Outcome {
  if (node.outputs.length === 0 || node.outputs.some((id) => id === '' || outputs.has(id))) return undefined;
  if (NEVER.has(node.op) || nestedGraphs(node).length > 0) return undefined;
  const onnx = f.model.format === 'onnx';
  if (onnx && !isDefaultDomain(node)) return undefined;
  if (onnx && node.op === 'Constant') {
    const t = constantNodeTensor(node);
    return t && { tensors: [t] };
  }
  const ids = node.inputs.filter((id) => id !== '');
  const inputs = ids.map((id) => f.constants.get(id));
  const allConstant = inputs.every((t) => t !== undefined);
  if (!onnx) {
    // TFLite: quantized values would have to be re-quantized onto the output's grid.
    const quantized = [...inputs, ...node.outputs.map((id) => f.declared.get(id))].some((t) => t && isQuantized(t));
    if (!allConstant || quantized) return undefined;
  }
  // Inference also folds values of inputs a caller may feed; only a shape can be trusted from those.
  if (!allConstant && !SHAPE_ONLY.has(node.op)) return undefined;
  const constants = inputs.filter((t): t is Tensor => t !== undefined);
  const inBytes = constants.reduce((n, t) => n + constantByteLength(t), 0);
  // Sizes known before computing anything spare materialising a generator only to drop it.
  const known = node.outputs.map((id) => f.typeOf(id));
  if (known.every((t) => t !== undefined)) {
    const why = tooLarge(f, node, known, inBytes);
    if (why) return { skipped: why };
  }
  // Integer results and shape arithmetic come exactly from inference; float math from the executor.
  const exact = onnx ? fromInference(f, node) : undefined;
  const preferExact = exact?.every((t) => t.dtype !== 'float32') ?? false;
  const tensors =
    (preferExact ? exact : undefined) ?? (allConstant ? fromExecutor(f, node, constants) : undefined) ?? exact;
  if (!tensors) return undefined;
  const why = tooLarge(f, node, tensors, inBytes);
  return why ? { skipped: why } : { tensors };
}

/** Why outputs of these types are not stored (too many elements, or a generator), or undefined. */
function tooLarge(
  f: Folder,
  node: Node,
  outputs: readonly { dtype: DType; shape?: Shape }[],
  inBytes: number,
): string | undefined {
  const counts = outputs.map((t) => elementCount(t.shape, NaN) ?? NaN);
  if (counts.some((n) => Number.isNaN(n))) return undefined;
  const largest = Math.max(...counts);
  if (largest > f.maxElements)
    return `${label(node)} stays: its output has ${largest} elements (maxFoldedElements ${f.maxElements})`;
  const outBytes = outputs.reduce((n, t, k) => n + dtypeByteLength(t.dtype, counts[k]!), 0);
  if (!f.foldGenerators && outBytes > inBytes + GROWTH_SLACK_BYTES)
    return `${label(node)} stays: it generates ${outBytes} bytes from ${inBytes} (foldGenerators stores them)`;
  return undefined;
}

/** Folds every node it can (see the file comment). */
export function foldConstants(model: Model, options: CleanupOptions = {}): PassResult {
  if (model.format !== 'onnx' && model.format !== 'tflite') return unchanged(model, PASS);
  const plain = withPlainInitializers(model);
  const base = plain.model;
  const graph = base.graph;
  const inference = base.format === 'onnx' ? inferShapes(base) : undefined;
  const lookup: TypeOf = typeLookup(graph, inference);
  const f: Folder = {
    model: base,
    graph,
    constants: constantTensors(graph),
    inference,
    declared: new Map(graph.tensors.map((t) => [t.id, t])),
    typeOf: (id) => {
      const t = lookup(id);
      return t && t.dtype !== 'undefined' && t.shape !== undefined ? t : undefined;
    },
    maxElements: options.maxFoldedElements ?? DEFAULT_MAX_ELEMENTS,
    foldGenerators: options.foldGenerators ?? false,
  };
  const outputs = new Set(graph.outputs);
  const replaced = new Map<string, Tensor>();
  const nodes: Node[] = [];
  const details: string[] = [];
  const skipped: string[] = [];
  let changed = 0;
  for (const node of graph.nodes) {
    const outcome = foldNode(f, node, outputs);
    if (!outcome || 'skipped' in outcome) {
      if (outcome) skipped.push(outcome.skipped);
      nodes.push(node);
      continue;
    }
    for (const t of outcome.tensors) {
      replaced.set(t.id, t);
      f.constants.set(t.id, t);
    }
    changed++;
    details.push(`${label(node)} folded into ${outcome.tensors.map((t) => `"${t.id}"`).join(', ')}`);
  }
  if (changed === 0) return unchanged(model, PASS, summarise(skipped));
  const known = new Set(graph.tensors.map((t) => t.id));
  const tensors = [
    ...graph.tensors.map((t) => replaced.get(t.id) ?? t),
    ...[...replaced.values()].filter((t) => !known.has(t.id)),
  ];
  return finishRewrite(plain, graph, { ...graph, nodes, tensors }, PASS, changed, [...details, ...summarise(skipped)]);
}

// Light models have hundreds of generators: name a few, count the rest.
function summarise(skipped: readonly string[]): string[] {
  const shown = skipped.slice(0, 5);
  if (skipped.length > shown.length) shown.push(`… and ${skipped.length - shown.length} more node(s) left unfolded`);
  return shown;
}
