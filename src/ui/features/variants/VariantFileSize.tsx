import { MetaRow } from '../../components/MetaRow';
import { exact, formatBytes } from '../../format';

/** A variant's file size against its parent's, as a row of its summary (the exact bytes in the tooltip). */
export function VariantFileSize({ variant }: { variant: { parentFileBytes: number; fileBytes: number } }) {
  const { parentFileBytes: before, fileBytes: after } = variant;
  return (
    <MetaRow label="File">
      <span data-testid="variant-file-size" title={`${exact(before)} → ${exact(after)} bytes`}>
        {formatBytes(before)} → {formatBytes(after)} ({(100 * (after / before)).toFixed(1)} %)
      </span>
    </MetaRow>
  );
}
