import { useId, useState } from 'react';
import { runEdit } from './actions';
import { DialogFrame } from './DialogFrame';

interface Props {
  /** A node (its stored name) or a tensor (its name everywhere it is used). */
  readonly what: 'node' | 'tensor';
  readonly id: string;
  readonly name: string;
}

/** Asks for a new name of a node or a tensor. */
export function RenameDialog({ what, id, name }: Props) {
  const [value, setValue] = useState(name);
  const inputId = useId();
  const trimmed = value.trim();
  return (
    <DialogFrame
      title={what === 'node' ? `Rename node ${name || id}` : `Rename tensor ${name}`}
      testId="rename-dialog"
      submitLabel="Rename"
      ready={trimmed !== '' && trimmed !== name}
      onSubmit={() =>
        void runEdit(
          what === 'node'
            ? { kind: 'renameNode', node: id, name: trimmed }
            : { kind: 'renameTensor', tensor: id, name: trimmed },
        )
      }
    >
      <div className="sd-field">
        <label htmlFor={inputId}>New name</label>
        <input id={inputId} type="text" value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
    </DialogFrame>
  );
}
