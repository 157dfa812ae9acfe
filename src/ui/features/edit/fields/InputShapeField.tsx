import { useId, useState, type KeyboardEvent } from 'react';
import type { PortView } from '../../../../workers/protocol';
import { Section } from '../../../components/Section';
import { runEdit } from '../actions';
import { fixBatchEdit } from '../node-actions';
import { parseShapeText, shapeToText } from './shape-text';

/**
 * A graph input's declared shape, editable (sizes, symbolic names, ?); "Fix batch to 1" when its first
 * dimension is symbolic, as microcontroller runtimes need. Shapes downstream are inferred again.
 */
export function InputShapeField({ port }: { port: PortView }) {
  const initial = shapeToText(port.shape);
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const fix = fixBatchEdit(port.id, port.shape);
  const commit = () => {
    if (draft === initial) return;
    const parsed = parseShapeText(draft);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    void runEdit({ kind: 'setInputShape', input: port.id, shape: parsed.shape });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') commit();
  };
  return (
    <Section title="Input shape">
      <div className="sd-field">
        <label htmlFor={id}>Dimensions (sizes, names, ?)</label>
        <input
          id={id}
          type="text"
          className="sd-input"
          data-testid="input-shape"
          value={draft}
          aria-invalid={error !== null}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      {error && (
        <p className="sd-attrs__error" role="alert">
          {error}
        </p>
      )}
      <div className="sd-edit-row">
        <button type="button" className="sd-button sd-button--small" disabled={draft === initial} onClick={commit}>
          Set shape
        </button>
        {fix && (
          <button
            type="button"
            className="sd-button sd-button--small"
            data-testid="fix-batch"
            title="Replace the symbolic batch size by 1 wherever it is declared"
            onClick={() => void runEdit(fix)}
          >
            Fix batch to 1
          </button>
        )}
      </div>
    </Section>
  );
}
