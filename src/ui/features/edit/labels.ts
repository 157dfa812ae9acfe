// Short words for an edit while it runs or when it fails ("Bypass relu2"); the history lists the engine's
// own labels (the core's describeEdit), so these only need to say what the user just asked for.
import type { EditOp } from '../../../core';

/** What an edit does, in a few words. */
export function editLabel(op: EditOp): string {
  switch (op.kind) {
    case 'bypassNode':
      return `Bypass ${op.node}`;
    case 'deleteNode':
      return `Delete ${op.node}`;
    case 'deleteNodeCascade':
      return `Delete ${op.node} with what only it feeds`;
    case 'addNode':
      return `Add ${op.op}`;
    case 'renameNode':
      return `Rename ${op.node} to ${op.name}`;
    case 'renameTensor':
      return `Rename tensor ${op.tensor} to ${op.name}`;
    case 'rewireInput':
      return `Rewire input ${op.input} of ${op.node}`;
    case 'setAttribute':
      return op.value === null ? `Reset ${op.name} of ${op.node}` : `Set ${op.name} of ${op.node}`;
    case 'setInputShape':
      return `Set the shape of ${op.input}`;
    case 'fixSymbolicDims':
      return 'Fix symbolic dimensions';
    case 'addGraphOutput':
      return `Expose ${op.tensor} as an output`;
    case 'removeGraphOutput':
      return `Remove output ${op.tensor}`;
    case 'editInitializer':
      return `Change the values of ${op.tensor}`;
    case 'extractSubgraph':
      return 'Extract a subgraph';
  }
}

/** The history entry's label with a capital first letter ("Bypass "relu2""). */
export function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
