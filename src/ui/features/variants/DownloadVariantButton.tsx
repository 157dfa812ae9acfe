import { downloadModel } from '../quantize/actions';

/** Saves a variant's file(s) through the browser's downloads. */
export function DownloadVariantButton({ modelId, fileName }: { modelId: string; fileName: string }) {
  return (
    <button
      type="button"
      className="sd-button sd-button--small"
      onClick={() => void downloadModel(modelId)}
      data-testid="variant-download"
    >
      Download {fileName}
    </button>
  );
}
