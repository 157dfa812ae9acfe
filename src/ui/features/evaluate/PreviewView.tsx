import { memo, useEffect, useRef } from 'react';
import type { DataPreview } from '../../../workers/protocol';
import { formatStat } from '../../format';
import { errorTitle } from '../../messages';
import type { EvaluatePreview } from '../../store/evaluate-slice';

type Thumb = DataPreview['images'][number];

/** One sample as the model sees it, drawn pixel for pixel and scaled up crisply by CSS. */
const Thumbnail = memo(function Thumbnail({ image }: { image: Thumb }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    // No 2D context in environments without a canvas (tests): the label still shows.
    const context = el && typeof el.getContext === 'function' ? safeContext(el) : null;
    if (!context) return;
    const pixels = new Uint8ClampedArray(image.rgba);
    if (pixels.length !== image.width * image.height * 4) return;
    context.putImageData(new ImageData(pixels, image.width, image.height), 0, 0);
  }, [image]);
  return (
    <figure className="sd-eval-thumb">
      <canvas ref={canvas} width={image.width} height={image.height} aria-hidden="true" />
      {image.label !== undefined && <figcaption>{image.label}</figcaption>}
    </figure>
  );
});

function safeContext(el: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return el.getContext('2d');
  } catch {
    return null;
  }
}

/**
 * What the model will see: a few samples after preprocessing, the input they feed and their shape, the
 * classes, and why the data does not fit the model when it does not.
 */
export function PreviewView({ preview, current }: { preview: EvaluatePreview; current: string }) {
  if (preview.status === 'idle') return null;
  // A preview of other data is stale: a new one is on its way.
  if (preview.status === 'loading' || preview.key !== current)
    return (
      <p className="sd-field__line" data-testid="evaluate-preview" data-status="loading">
        Reading the data…
      </p>
    );
  if (preview.status === 'failed')
    return (
      <div className="sd-run__error" role="alert" data-testid="evaluate-data-error">
        <strong>{errorTitle(preview.error.code, preview.error.fileName ?? 'the data')}</strong>
        <span>{preview.error.message}</span>
      </div>
    );
  const p = preview.preview;
  const classes = p.classes ?? [];
  return (
    <div className="sd-eval-preview" data-testid="evaluate-preview" data-status="ready">
      <p className="sd-field__line">
        {p.samples.toLocaleString('en-US')} samples
        {classes.length > 0 && (
          <>
            {' '}
            in {classes.length} classes <span className="sd-muted">({shortList(classes)})</span>
          </>
        )}
        ; each fed to <code>{p.input}</code> as {p.sampleShape}.
      </p>
      {p.images.length > 0 && (
        <div className="sd-eval-thumbs" aria-label="Samples as the model sees them">
          {p.images.map((image, i) => (
            <Thumbnail key={i} image={image} />
          ))}
        </div>
      )}
      {p.rows && p.rows.length > 0 && (
        <ul className="sd-eval-rows" aria-label="Samples as the model gets them">
          {p.rows.map((row, i) => (
            <li key={i}>
              <code>{row.values.map(formatStat).join(', ')}…</code>
              {row.label !== undefined && <span className="sd-muted"> → {row.label}</span>}
            </li>
          ))}
        </ul>
      )}
      {p.notes && p.notes.length > 0 && (
        <ul className="sd-eval-notes" aria-label="How the data is fitted to the model">
          {p.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      {p.problem && (
        <p className="sd-field__warn" role="alert" data-testid="evaluate-data-problem">
          {p.problem}
        </p>
      )}
    </div>
  );
}

/** The first class names, then how many more. */
export function shortList(names: readonly string[], max = 6): string {
  const head = names.slice(0, max).join(', ');
  return names.length > max ? `${head}, … ${names.length - max} more` : head;
}
