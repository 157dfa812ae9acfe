import { studioStore } from '../../store';
import { csvColumns, guessLabelColumn } from './csv-columns';
import { headOf } from './data-files';
import { dataInputOf } from './form';

/** Values per sample the model's data input takes (its dims after the batch), when they are all fixed. */
export function featuresOf(shape: readonly unknown[] | undefined): number | undefined {
  if (!shape || shape.length < 2) return undefined;
  let n = 1;
  for (const d of shape.slice(1)) {
    if (typeof d !== 'number' || d < 1) return undefined;
    n *= d;
  }
  return n;
}

/**
 * Takes a CSV file for the panel: its columns are read from its first lines for the label picker, which
 * starts on a column named like a label, else on the last one when the model takes one value fewer.
 */
export async function chooseCsv(file: File): Promise<void> {
  const update = studioStore.getState().updateEvaluateForm;
  update({ csvFile: file, csvColumns: null, labelColumn: null });
  let head: string;
  try {
    head = await headOf(file);
  } catch {
    // The preview names the unreadable file; the picker just stays empty.
    return;
  }
  const state = studioStore.getState();
  if (state.evaluateForm.csvFile !== file) return;
  const columns = csvColumns(head);
  const model = state.model;
  const features = model ? featuresOf(dataInputOf(model)?.shape) : undefined;
  update({ csvColumns: columns, labelColumn: guessLabelColumn(columns, features) });
}
