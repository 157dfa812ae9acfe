import { useRef, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../../store';
import { showVariant } from '../quantize/actions';

/**
 * The original model and its variants, as tabs near the model's name: each shows its own graph,
 * inspector and charts. Arrow keys move between tabs (one tab stop for the whole list).
 */
export function VariantTabs() {
  const { variants, shown } = useStudio(useShallow((s) => ({ variants: s.variants, shown: s.model?.summary.modelId })));
  const list = useRef<HTMLDivElement>(null);
  if (variants.length < 2) return null;
  const onKeyDown = (event: KeyboardEvent) => {
    const i = variants.findIndex((v) => v.id === shown);
    const step =
      event.key === 'ArrowRight' || event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
          ? -1
          : 0;
    const target =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? variants.length - 1
          : step
            ? (i + step + variants.length) % variants.length
            : -1;
    if (target < 0) return;
    event.preventDefault();
    const next = variants[target];
    if (!next) return;
    showVariant(next.id);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[target]?.focus();
  };
  return (
    <div className="sd-variants" role="tablist" aria-label="Model variants" ref={list} onKeyDown={onKeyDown}>
      {variants.map((v) => {
        const selected = v.id === shown;
        return (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={selected}
            tabIndex={selected ? 0 : -1}
            className="sd-variants__tab"
            title={v.model.summary.fileName}
            data-testid="variant-tab"
            data-model-id={v.id}
            onClick={() => showVariant(v.id)}
          >
            {v.label}
          </button>
        );
      })}
    </div>
  );
}
