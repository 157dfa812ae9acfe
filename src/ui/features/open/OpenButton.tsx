import { useRef } from 'react';
import { openFiles } from './actions';

/** Id of the hidden file input, so the Ctrl/Cmd+O shortcut can open the same picker. */
export const FILE_INPUT_ID = 'sd-open-file';

/** Opens model files with the system file picker (several at once: a model and its data files). */
export function OpenButton() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="sd-button sd-button--primary" onClick={() => input.current?.click()}>
        Open…
      </button>
      <input
        ref={input}
        id={FILE_INPUT_ID}
        type="file"
        multiple
        hidden
        aria-label="Open model files"
        accept=".onnx,.data,.bin,.tflite,.json,.pb"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          // Reset so picking the same file again still fires a change.
          event.currentTarget.value = '';
          void openFiles(files);
        }}
      />
    </>
  );
}
