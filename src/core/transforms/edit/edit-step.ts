// A recipe's 'edit' step: its operations applied in order, the result validated as a whole (edits in
// between may be invalid — add a node, then rewire — but the step's result must be exportable).
import type { Model } from '../../ir/types';
import { applyEdits, describeEdit } from './apply';
import type { EditContext, EditOp } from './types';
import { assertExportable, validateModel } from './validate-model';

/** What an edit step did. */
export interface EditStepReport {
  readonly operations: number;
  /** One line per edit (what it did, then its notes), and the warnings validation left. */
  readonly details: readonly string[];
  readonly nodesBefore: number;
  readonly nodesAfter: number;
}

/**
 * Applies `ops` and checks the result: throws the first impossible edit's EditError, or TransformError
 * 'invalid-result' listing what is wrong with the edited model.
 */
export function runEditStep(
  model: Model,
  ops: readonly EditOp[],
  context: EditContext = {},
): { model: Model; report: EditStepReport } {
  const { model: edited, results } = applyEdits(model, ops, context);
  assertExportable(edited, 'the edited model');
  const details: string[] = [];
  results.forEach((r, i) => {
    details.push(describeEdit(ops[i]!));
    for (const note of r.notes) details.push(`  ${note}`);
  });
  for (const p of validateModel(edited)) details.push(`warning: ${p.message}`);
  return {
    model: edited,
    report: {
      operations: ops.length,
      details,
      nodesBefore: model.graph.nodes.length,
      nodesAfter: edited.graph.nodes.length,
    },
  };
}
