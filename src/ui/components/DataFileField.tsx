import { useId } from 'react';

/** A .npz / .npy file of samples (x, and optional labels y), with the name of the one chosen. */
export function DataFileField({
  file,
  onChange,
  testId,
  nameTestId,
}: {
  file: File | null;
  /** The file picked; undefined when the picker was dismissed. */
  onChange: (file: File | undefined) => void;
  testId: string;
  /** Test id of the chosen file's name. */
  nameTestId?: string;
}) {
  const id = useId();
  return (
    <div className="sd-field">
      <label htmlFor={id}>Data file (.npz / .npy)</label>
      <input
        id={id}
        type="file"
        accept=".npz,.npy"
        data-testid={testId}
        onChange={(e) => onChange(e.target.files?.[0])}
      />
      {file && (
        <p className="sd-field__line" data-testid={nameTestId}>
          {file.name}
        </p>
      )}
    </div>
  );
}
