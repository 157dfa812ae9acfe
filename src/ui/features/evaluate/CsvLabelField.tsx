import { useId } from 'react';
import { studioStore } from '../../store';

/** Which CSV column holds the labels (or none: the outputs are then summarised, not scored). */
export function CsvLabelField({ columns, value }: { columns: { readonly names: readonly string[] }; value: number }) {
  const id = useId();
  return (
    <div className="sd-field">
      <label htmlFor={`${id}-label`}>Label column</label>
      <select
        id={`${id}-label`}
        value={value}
        data-testid="evaluate-label-column"
        onChange={(e) => studioStore.getState().updateEvaluateForm({ labelColumn: Number(e.target.value) })}
      >
        <option value={-1}>None (no labels: output statistics only)</option>
        {columns.names.map((name, i) => (
          <option key={i} value={i}>
            {name}
          </option>
        ))}
      </select>
      <p className="sd-field__line">Every other column is a feature, fed in file order.</p>
    </div>
  );
}
