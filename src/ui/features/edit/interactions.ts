// The canvas's edit gestures: right click (a menu), a drag between handles (rewire), the Delete key, and
// choosing a menu entry (an edit at once, or a dialog first).
import type { MouseEvent as ReactMouseEvent } from 'react';
import { studioStore } from '../../store';
import { runEdit } from './actions';
import { connectionEdit } from './connect';
import { editUi } from './edit-ui-store';
import { deleteKeyEdit, type MenuAction } from './node-actions';

/** Opens the edit menu of a node or of an edge's tensor where the pointer is (a node is selected too). */
export function openContextMenu(event: ReactMouseEvent | MouseEvent, kind: 'node' | 'edge', id: string): void {
  event.preventDefault();
  if (kind === 'node') studioStore.getState().select(id);
  editUi.getState().openMenu({ kind, id, x: event.clientX, y: event.clientY });
}

/** Does what a menu entry says: its edit, or the dialog that asks for what the edit needs. */
export function chooseAction(action: MenuAction): void {
  editUi.getState().openMenu(null);
  if (action.disabledReason) return;
  if (action.dialog) editUi.getState().openDialog(action.dialog);
  else if (action.edit) void runEdit(action.edit);
}

/** A connection dragged from `source` to `target`: rewires at once, or asks which output goes where. */
export function connectNodes(source: string, target: string): void {
  const graph = studioStore.getState().model?.graph;
  if (!graph) return;
  const result = connectionEdit(graph, source, target);
  if ('edit' in result) void runEdit(result.edit);
  else if ('dialog' in result) editUi.getState().openDialog(result.dialog);
  else
    studioStore.getState().setEditJob({
      status: 'failed',
      label: 'Rewire',
      error: { code: 'not-applicable', message: result.refused },
    });
}

/** The Delete key on the selected node: bypass when it has one data input, else delete. */
export function deleteSelected(): boolean {
  const state = studioStore.getState();
  const node = state.model?.graph.nodes.find((n) => n.id === state.selectedNodeId);
  const edit = node ? deleteKeyEdit(node) : undefined;
  if (!edit) return false;
  void runEdit(edit);
  return true;
}

/** The add-node palette for the node selected: the new node reads its first output and takes its readers. */
export function openPalette(): void {
  const state = studioStore.getState();
  const node = state.model?.graph.nodes.find((n) => n.id === state.selectedNodeId);
  const port = node?.kind === 'output' ? undefined : node?.outputs[0];
  editUi.getState().openDialog({ kind: 'palette', tensor: port?.id ?? null, after: port && node ? node.id : null });
}

/** The extract dialog, ending at the selected node's outputs. */
export function openExtract(): void {
  const state = studioStore.getState();
  const node = state.model?.graph.nodes.find((n) => n.id === state.selectedNodeId);
  const outputs = node ? (node.kind === 'output' ? node.inputs : node.outputs).map((p) => p.id) : [];
  editUi.getState().openDialog({ kind: 'extract', inputs: [], outputs });
}
