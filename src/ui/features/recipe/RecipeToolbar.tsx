import { useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DropdownMenu } from '../../components/DropdownMenu';
import { IconButton } from '../../components/IconButton';
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
        <IconButton
          label="Undo"
          title="Undo (Ctrl+Z)"
          disabled={disabled || !canUndo}
          onClick={() => studioStore.getState().undoRecipe()}
        >
          ↶
        </IconButton>
        <IconButton
          label="Redo"
          title="Redo (Ctrl+Shift+Z)"
          disabled={disabled || !canRedo}
          onClick={() => studioStore.getState().redoRecipe()}
        >
          ↷
        </IconButton>
      </div>
    </div>
  );
}

/** The built-in recipes: choosing one replaces the recipe being edited (Undo brings it back). */
function PresetsMenu({ disabled }: { disabled: boolean }) {
  const presets = useStudio((s) => s.recipePresets);
  return (
    <DropdownMenu
      label="Presets"
      menuLabel="Recipe presets"
      buttonClassName="sd-button sd-button--small"
      disabled={disabled}
      onOpen={loadPresets}
      loadingNote="Loading presets…"
      emptyNote="No presets are available."
      entries={
        presets?.map((preset) => ({
          key: preset.name,
          title: preset.name,
          description: preset.description ?? preset.steps.map((s) => `${s.kind}: ${stepSummary(s)}`).join(' → '),
          onChoose: () => applyPreset(preset),
        })) ?? null
      }
    />
  );
}
