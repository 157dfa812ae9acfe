import type { GraphView } from '../../../workers/protocol';
import { EditContextMenu } from './EditContextMenu';
import { useEditUi } from './edit-ui-store';
import { EditNotice } from './EditNotice';
import { ExtractDialog } from './ExtractDialog';
import { PaletteDialog } from './PaletteDialog';
import { RenameDialog } from './RenameDialog';
import { RewireDialog } from './RewireDialog';

/** What the editing UI draws over the canvas: the context menu, the dialog open, the last edit's notice. */
export function EditOverlays({ graph }: { graph: GraphView }) {
  const dialog = useEditUi((s) => s.dialog);
  // Each dialog starts from its own values (a new one is a new component).
  const key = JSON.stringify(dialog);
  return (
    <>
      <EditContextMenu graph={graph} />
      {dialog?.kind === 'rename-node' && <RenameDialog key={key} what="node" id={dialog.nodeId} name={dialog.name} />}
      {dialog?.kind === 'rename-tensor' && (
        <RenameDialog key={key} what="tensor" id={dialog.tensorId} name={dialog.name} />
      )}
      {dialog?.kind === 'palette' && <PaletteDialog key={key} tensor={dialog.tensor} after={dialog.after} />}
      {dialog?.kind === 'extract' && (
        <ExtractDialog key={key} graph={graph} inputs={dialog.inputs} outputs={dialog.outputs} />
      )}
      {dialog?.kind === 'rewire' && (
        <RewireDialog key={key} graph={graph} source={dialog.source} target={dialog.target} />
      )}
      <EditNotice />
    </>
  );
}
