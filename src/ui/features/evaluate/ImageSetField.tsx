import { useRef, useState, type DragEvent } from 'react';
import { studioStore } from '../../store';
import type { ImageSet } from '../../store/evaluate-slice';
import { droppedEntries, fromDirectoryInput, imageSetOf } from './data-files';

const choose = (images: ImageSet | undefined) => {
  if (images) studioStore.getState().updateEvaluateForm({ images });
};

// A folder picker is not in the DOM typings; React passes the attributes through.
const FOLDER_PICKER = { webkitdirectory: '', directory: '' } as Record<string, string>;

/**
 * A folder of images with one sub-folder per class: picked, dropped here, or given as a .zip. A drop on
 * this zone stays here (the page's own drop would open it as a model).
 */
export function ImageSetField({ images, disabled }: { images: ImageSet | null; disabled: boolean }) {
  const folder = useRef<HTMLInputElement>(null);
  const zip = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const keep = (event: DragEvent) => {
    event.preventDefault();
    event.stopPropagation();
  };
  const drop = (event: DragEvent) => {
    keep(event);
    setOver(false);
    if (disabled) return;
    void droppedEntries(event.dataTransfer)().then(choose);
  };
  return (
    <div className="sd-field">
      <span className="sd-field__label">Images</span>
      <div
        className="sd-eval-drop"
        data-over={over}
        data-testid="evaluate-image-drop"
        onDragEnter={(e) => {
          keep(e);
          setOver(true);
        }}
        onDragOver={keep}
        onDragLeave={(e) => {
          keep(e);
          setOver(false);
        }}
        onDrop={drop}
      >
        <span>Drop a folder or a .zip here, or</span>
        <span className="sd-eval-drop__pickers">
          <button type="button" className="sd-button sd-button--small" onClick={() => folder.current?.click()}>
            Choose a folder…
          </button>
          <button type="button" className="sd-button sd-button--small" onClick={() => zip.current?.click()}>
            Choose a .zip…
          </button>
          <input
            ref={folder}
            hidden
            type="file"
            multiple
            aria-label="Folder of images"
            data-testid="evaluate-image-folder"
            {...FOLDER_PICKER}
            onChange={(e) => e.target.files && choose(fromDirectoryInput(e.target.files))}
          />
          <input
            ref={zip}
            hidden
            type="file"
            accept=".zip"
            aria-label="Zip of images"
            data-testid="evaluate-image-zip"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) choose(imageSetOf([{ path: file.name, file }]));
            }}
          />
        </span>
      </div>
      {images && (
        <p className="sd-field__line" data-testid="evaluate-image-set">
          {images.zip ? images.name : `${images.name}: ${images.files.length.toLocaleString('en-US')} images`}
        </p>
      )}
    </div>
  );
}
