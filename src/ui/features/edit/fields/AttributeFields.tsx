import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { AttributeKind, AttributeSpec } from '../../../../core';
import type { AttributeView, GraphNodeView, ModelId } from '../../../../workers/protocol';
import { Section } from '../../../components/Section';
import { runEdit } from '../actions';
import { DTYPE_CHOICES, editorKind, initialText, parseAttributeText } from '../attribute-input';
import { loadPalette, operatorOf, useEditUi } from '../edit-ui-store';

interface RowProps {
  readonly nodeId: string;
  readonly name: string;
  readonly view: AttributeView | undefined;
  readonly spec: AttributeSpec | undefined;
}

/** The choices of a select editor (enum values, 0/1, element types), with the current value kept. */
function choices(kind: AttributeKind, spec: AttributeSpec | undefined, current: string): readonly string[] {
  const list = kind === 'bool' ? ['0', '1'] : kind === 'dtype' ? DTYPE_CHOICES : (spec?.values ?? []);
  return current === '' || list.includes(current) ? list : [current, ...list];
}

/** One attribute with the editor its type calls for; a change is an edit of the model (undoable). */
function AttributeRow({ nodeId, name, view, spec }: RowProps) {
  const kind = editorKind(view, spec);
  const initial = initialText(view, spec);
  const [draft, setDraft] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  // Enter then leaving the field must not send the same edit twice.
  const [sent, setSent] = useState<string | null>(null);
  const id = useId();
  if (!kind)
    return (
      <div className="sd-attrs__row">
        <dt>{name}</dt>
        <dd title={view?.type}>{view?.value ?? '—'}</dd>
      </div>
    );
  const commit = (text: string) => {
    if ((view && text === initial) || text === sent) return;
    if (!view && text.trim() === '') return;
    const parsed = parseAttributeText(kind, text, spec);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setSent(text);
    void runEdit({ kind: 'setAttribute', node: nodeId, name, value: parsed.value });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit(draft);
    else if (event.key === 'Escape' && draft !== initial) {
      // Escape first drops the typing; the next one is the page's.
      event.nativeEvent.stopPropagation();
      setDraft(initial);
      setError(null);
    }
  };
  const select = kind === 'enum' || kind === 'bool' || kind === 'dtype';
  return (
    <div className="sd-attrs__row sd-attrs__row--edit" data-testid="attribute-row" data-name={name} data-kind={kind}>
      <dt>
        <label htmlFor={id}>{name}</label>
      </dt>
      <dd>
        {select ? (
          <select id={id} value={draft} className="sd-attr-input" onChange={(e) => commit(e.target.value)}>
            {!view && (
              <option value="">default{spec?.default !== undefined ? ` (${String(spec.default)})` : ''}</option>
            )}
            {choices(kind, spec, view ? initial : '').map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            type="text"
            className="sd-attr-input"
            value={draft}
            placeholder={view ? undefined : 'default'}
            title={`${kind}: Enter applies`}
            aria-invalid={error !== null}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => commit(draft)}
          />
        )}
        {view && !spec?.required && (
          <button
            type="button"
            className="sd-icon-button sd-attrs__reset"
            aria-label={`Remove ${name}`}
            title={spec?.default !== undefined ? `Back to the default (${String(spec.default)})` : 'Remove'}
            onClick={() => void runEdit({ kind: 'setAttribute', node: nodeId, name, value: null })}
          >
            ↺
          </button>
        )}
        {error && (
          <span className="sd-attrs__error" role="alert">
            {error}
          </span>
        )}
      </dd>
    </div>
  );
}

/**
 * A node's attributes, each with a typed editor (int, float, lists, string, a choice for enums); below,
 * those the operator has but the node does not set, at their defaults.
 */
export function AttributeFields({ node, modelId }: { node: GraphNodeView; modelId: ModelId }) {
  const palette = useEditUi((s) => s.palettes[modelId]);
  useEffect(() => loadPalette(modelId), [modelId]);
  const spec = operatorOf(palette, node.op, node.domain);
  const unset = spec?.attributes.filter((a) => !node.attributes.some((v) => v.name === a.name)) ?? [];
  if (node.attributes.length === 0 && unset.length === 0) return null;
  const specOf = (name: string) => spec?.attributes.find((a) => a.name === name);
  return (
    <Section title="Attributes">
      <dl className="sd-attrs">
        {node.attributes.map((a) => (
          <AttributeRow key={`${a.name}:${a.value}`} nodeId={node.id} name={a.name} view={a} spec={specOf(a.name)} />
        ))}
      </dl>
      {unset.length > 0 && (
        <details className="sd-attrs__unset">
          <summary>Not set ({unset.length})</summary>
          <dl className="sd-attrs">
            {unset.map((a) => (
              <AttributeRow key={a.name} nodeId={node.id} name={a.name} view={undefined} spec={a} />
            ))}
          </dl>
        </details>
      )}
    </Section>
  );
}
