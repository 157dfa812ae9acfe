// The public surface of the core: what src/ui, src/workers and src/cli import.
// Each section belongs to one folder; keep the exports of a folder together.

// --- ir ---
/** Element types and their widths. */
export { ALL_DTYPES, dtypeBits, dtypeByteLength, isFloatDType, isIntDType, type DType } from './ir/dtype';
/** The graph IR: models, graphs, nodes, tensors, attributes. */
export type {
  Attribute,
  AttributeType,
  Dim,
  ExternalRef,
  FormatId,
  Graph,
  KeyValue,
  Model,
  ModelFile,
  Node,
  OpsetImport,
  Quantization,
  Shape,
  Tensor,
  TensorData,
  ValueType,
} from './ir/types';
/** Shapes, element counts and typed views over constant data. */
export {
  bytesOf,
  constantByteLength,
  constantElementCount,
  elementCount,
  formatShape,
  isStaticShape,
  toFloat64,
  typedView,
} from './ir/tensor';
/** Memoised lookups (producers, consumers) and nested-graph traversal. */
export { forEachGraph, indexGraph, nestedGraphs, type GraphIndex } from './ir/graph-index';
/** Builds graphs for tests and generators. */
export { attr, GraphBuilder, toAttribute, type AttributeInput } from './ir/builder';
/** Structural checks of a graph. */
export { validateGraph, type Problem, type ProblemCode } from './ir/validate';
/** Deep comparison of IR values (round-trip tests). */
export { diffIR, modelsEqual } from './ir/equal';

// --- errors ---
/** Typed errors with stable codes. */
export { isCoreError, ModelFormatError, ShapeError, TransformError, type KnownCoreError } from './errors';

// --- formats ---
/** The format interface and the registry that detects, reads and writes models. */
export type { ModelFormat, ReadOptions, WriteOptions } from './formats/format';
export { detectFormat, formatById, FORMATS, readModel, writeModel } from './formats/registry';

// --- shape ---
/** Shape inference: the type of every tensor, with shape arithmetic folded. */
export { inferShapes } from './shape/infer';
export type { FoldedValue, ShapeInference, ShapeInferenceOptions, ShapeProblem, TensorType } from './shape/types';

// --- analysis ---
