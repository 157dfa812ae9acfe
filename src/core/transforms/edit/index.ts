// Graph editing: edits as JSON-friendly operations applied by pure transforms, the operator catalogues
// they are checked against, and validation of the edited model. See types.ts for the operations.
export { applyEdit, applyEdits, describeEdit, type EditsResult } from './apply';
export { EditError, type EditErrorReason } from './edit-error';
export { EDIT_KINDS, parseEditOp, parseEditOps } from './parse-ops';
export type {
  EditAttributeValue,
  EditContext,
  EditKind,
  EditOp,
  EditResult,
  InitializerChange,
  NpySource,
  OutputType,
} from './types';
export { hasCatalogue, operatorCatalogue, operatorSpec } from './catalogue';
export { ONNX_OPERATORS } from './catalogue-onnx';
export { TFLITE_OPERATORS } from './catalogue-tflite';
export {
  arity,
  type AttributeKind,
  type AttributeSpec,
  type OperatorCategory,
  type OperatorSpec,
  type PortSpec,
} from './catalogue-types';
export { assertExportable, isExportable, validateModel } from './validate-model';
export type { ModelProblem, ModelProblemCode } from './problems';
export { topologicalOrder } from './graph-order';
export { runEditStep, type EditStepReport } from './edit-step';
