import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { studioStore, useStudio } from '../../store';
import { applyPreset, exportRecipe, importRecipe, loadPresets } from './actions';
import { stepSummary } from './steps';

/** The recipe's name, presets, import / export as .json, undo and redo. */
export function RecipeToolbar({ disabled }: { disabled: boolean }) {
  const id = useId();
  const { name, canUndo, canRedo } = useStudio(
    useShallow((s) => ({
      name: s.recipeDoc.present.name,
      canUndo: s.recipeDoc.past.length > 0,
      canRedo: s.recipeDoc.future.length > 0,
    })),
  );
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="sd-recipe__toolbar">
      <div className="sd-field sd-field--inline">
        <label htmlFor={`${id}-name`}>Recipe name</label>
        <input
          id={`${id}-name`}
          type="text"
          className="sd-input"
          value={name}
          maxLength={80}
          disabled={disabled}
          onChange={(e) => studioStore.getState().editRecipe({ type: 'rename', name: e.target.value })}
        />
      </div>
      <div className="sd-recipe__tools">
        <PresetsMenu disabled={disabled} />
        <button
          type="button"
          className="sd-button sd-button--small"
          disabled={disabled}
          onClick={() => file.current?.click()}
          title="Open a recipe .json file"
        >
          Import…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="recipe-import-file"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (chosen) void importRecipe(chosen);
          }}
        />
        <button
          type="button"
          className="sd-button sd-button--small"
          onClick={() => void exportRecipe()}
          title="Save this recipe as a .json file (scaledown optimize --recipe runs it)"
        >
          Export
        </button>
        <span className="sd-header__spacer" />
        <button
          type="button"
          className="sd-icon-button"
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={disabled || !canUndo}
          onClick={() => studioStore.getState().undoRecipe()}
        >
          ↶
        </button>
        <button
          type="button"
          className="sd-icon-button"
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={disabled || !canRedo}
          onClick={() => studioStore.getState().redoRecipe()}
        >
          ↷
        </button>
      </div>
    </div>
  );
}

/** The built-in recipes: choosing one replaces the recipe being edited (Undo brings it back). */
function PresetsMenu({ disabled }: { disabled: boolean }) {
  const presets = useStudio((s) => s.recipePresets);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return (
    <div
      className="sd-menu"
      ref={root}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        // Escape closes the menu, not the panel.
        e.stopPropagation();
        e.nativeEvent.stopPropagation();
        setOpen(false);
      }}
    >
      <button
        type="button"
        className="sd-button sd-button--small"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => {
          loadPresets();
          setOpen(!open);
        }}
      >
        Presets ▾
      </button>
      {open && (
        <div className="sd-menu__popover" role="menu" aria-label="Recipe presets">
          {presets === null && <p className="sd-menu__note">Loading presets…</p>}
          {presets?.length === 0 && <p className="sd-menu__note">No presets are available.</p>}
          {presets?.map((preset) => (
            <button
              key={preset.name}
              type="button"
              role="menuitem"
              className="sd-menu__item"
              onClick={() => {
                setOpen(false);
                applyPreset(preset);
              }}
            >
              <span className="sd-menu__title">{preset.name}</span>
              <span className="sd-menu__desc">
                {preset.description ?? preset.steps.map((s) => `${s.kind}: ${stepSummary(s)}`).join(' → ')}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
