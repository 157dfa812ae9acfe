// One entry point for every edit: applyEdit dispatches an EditOp to its transform; applyEdits runs a list
// in order (what a recipe's 'edit' step and a saved history replay); describeEdit labels an op for the
// history panel and reports.
import { tfjsExtras, type TfjsModelExtras } from '../../formats/tfjs/extras';
import type { Model } from '../../ir/types';
import { addNode } from './add-node';
import { bypassNode, deleteNode } from './bypass';
import { deleteNodeCascade } from './delete-cascade';
import { EditError } from './edit-error';
import { extractSubgraph } from './extract';
import { addGraphOutput, removeGraphOutput } from './graph-outputs';
import { editInitializer } from './initializer';
import { renameNode, renameTensor } from './rename';
import { rewireInput } from './rewire';
import { setAttribute } from './set-attribute';
import { fixSymbolicDims, setInputShape } from './shapes';
import { syncTfjs } from './tfjs-extras';
import type { EditContext, EditOp, EditResult } from './types';

/**
 * Applies one edit to the model's main graph and returns the new model with what changed; the input model
 * is never modified. Throws EditError (a TransformError) naming the node or tensor when the edit is
 * impossible; edits that leave the model invalid but well-formed (a dangling input, a cycle) are applied,
 * and `validateModel` reports what is wrong.
 */
export function applyEdit(model: Model, op: EditOp, context: EditContext = {}): EditResult {
  const result = dispatch(model, op, context);
  const synced = syncTfjs(result.model);
  const notes = LAYERS_KEEP.has(op.kind) && isLayersModel(model) ? [...result.notes, LAYERS_NOTE] : result.notes;
  return synced === result.model && notes === result.notes ? result : { ...result, model: synced, notes };
}

// A TF.js layers model stores layer names and input shapes inside each layer's Keras config, which the
// writer takes as read: these edits show in the studio but are not written to the file.
const LAYERS_KEEP: ReadonlySet<EditOp['kind']> = new Set([
  'renameNode',
  'renameTensor',
  'setInputShape',
  'fixSymbolicDims',
]);
const LAYERS_NOTE =
  'TF.js layers models keep names and input shapes in their Keras config: the file keeps the old ones';

function isLayersModel(model: Model): boolean {
  return model.format === 'tfjs' && tfjsExtras<TfjsModelExtras>(model.extras).kind === 'layers-model';
}

function dispatch(model: Model, op: EditOp, context: EditContext): EditResult {
  switch (op.kind) {
    case 'bypassNode':
      return bypassNode(model, op.node, op.input ?? 0);
    case 'deleteNode':
      return deleteNode(model, op.node);
    case 'deleteNodeCascade':
      return deleteNodeCascade(model, op.node);
    case 'addNode':
      return addNode(model, op);
    case 'renameNode':
      return renameNode(model, op.node, op.name);
    case 'renameTensor':
      return renameTensor(model, op.tensor, op.name);
    case 'rewireInput':
      return rewireInput(model, op.node, op.input, op.tensor);
    case 'setAttribute':
      return setAttribute(model, op.node, op.name, op.value);
    case 'setInputShape':
      return setInputShape(model, op.input, op.shape);
    case 'fixSymbolicDims':
      return fixSymbolicDims(model, op.dims, op.unknown);
    case 'addGraphOutput':
      return addGraphOutput(model, op.tensor);
    case 'removeGraphOutput':
      return removeGraphOutput(model, op.tensor);
    case 'editInitializer':
      return editInitializer(model, op.tensor, op.change, context);
    case 'extractSubgraph':
      return extractSubgraph(model, op.inputs, op.outputs);
  }
}

/** The result of a list of edits: the final model and each edit's own result, in order. */
export interface EditsResult {
  readonly model: Model;
  readonly results: readonly EditResult[];
}

/** Applies `ops` in order; an impossible one throws its EditError with its position ("edit 3 of 5: …"). */
export function applyEdits(model: Model, ops: readonly EditOp[], context: EditContext = {}): EditsResult {
  const results: EditResult[] = [];
  let current = model;
  ops.forEach((op, i) => {
    try {
      const result = applyEdit(current, op, context);
      results.push(result);
      current = result.model;
    } catch (error) {
      if (error instanceof EditError && ops.length > 1)
        throw new EditError(
          error.reason,
          `edit ${i + 1} of ${ops.length} (${describeEdit(op)}): ${error.message}`,
          error.subject,
        );
      throw error;
    }
  });
  return { model: current, results };
}

const quoted = (s: string): string => `"${s}"`;

/** A short sentence for an edit, for the history panel and reports: `bypass "dropout1"`. */
export function describeEdit(op: EditOp): string {
  switch (op.kind) {
    case 'bypassNode':
      return `bypass ${quoted(op.node)}`;
    case 'deleteNode':
      return `delete ${quoted(op.node)}`;
    case 'deleteNodeCascade':
      return `delete ${quoted(op.node)} with what only it feeds and what only feeds it`;
    case 'addNode':
      return `add ${op.op}${op.name ? ` ${quoted(op.name)}` : ''} reading ${op.inputs.filter(Boolean).map(quoted).join(', ') || 'nothing'}`;
    case 'renameNode':
      return `rename node ${quoted(op.node)} to ${quoted(op.name)}`;
    case 'renameTensor':
      return `rename tensor ${quoted(op.tensor)} to ${quoted(op.name)}`;
    case 'rewireInput':
      return `input ${op.input} of ${quoted(op.node)} reads ${op.tensor ? quoted(op.tensor) : 'nothing'}`;
    case 'setAttribute':
      return op.value === null
        ? `remove attribute ${op.name} of ${quoted(op.node)}`
        : `set ${op.name} of ${quoted(op.node)} to ${JSON.stringify(typeof op.value === 'object' && !Array.isArray(op.value) && 'value' in op.value ? op.value.value : op.value)}`;
    case 'setInputShape':
      return `input ${quoted(op.input)} shape [${op.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
    case 'fixSymbolicDims': {
      const parts = Object.entries(op.dims ?? {}).map(([k, v]) => `${k} = ${v}`);
      if (op.unknown !== undefined) parts.push(`unnamed = ${op.unknown}`);
      return `fix dimensions ${parts.join(', ') || '(none)'}`;
    }
    case 'addGraphOutput':
      return `expose ${quoted(op.tensor)} as an output`;
    case 'removeGraphOutput':
      return `stop exposing ${quoted(op.tensor)}`;
    case 'editInitializer': {
      const c = op.change;
      const what = c.kind === 'scale' ? `scale by ${c.factor}` : c.kind === 'zero' ? 'set to zero' : 'load from .npy';
      return `${what}: ${quoted(op.tensor)}`;
    }
    case 'extractSubgraph':
      return `extract from ${op.inputs.map(quoted).join(', ') || 'the inputs'} to ${op.outputs.map(quoted).join(', ')}`;
  }
}
