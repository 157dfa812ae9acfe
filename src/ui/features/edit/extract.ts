// Extracting a subgraph as a model file of its own: the engine writes it, the browser downloads it.
import { getEngine } from '../../app/engine';
import { studioStore } from '../../store';
import { saveFile } from '../export/actions';
import { toUserError } from '../open/actions';

/** Downloads the subgraph of the member shown between `inputs` and `outputs`; a failure shows as a notice. */
export async function extractToFile(inputs: readonly string[], outputs: readonly string[], fileName: string) {
  const model = studioStore.getState().model;
  if (!model) return;
  const label = 'Extract a subgraph';
  studioStore.getState().setEditJob({ status: 'running', label });
  try {
    const files = await getEngine().extractModel(model.summary.modelId, inputs, outputs);
    for (const file of files) saveFile(file.name, file.bytes);
    studioStore.getState().setEditJob({
      status: 'done',
      label,
      notes: [`Saved ${files.map((f) => f.name).join(', ')}.`],
    });
  } catch (error) {
    studioStore.getState().setEditJob({ status: 'failed', label, error: toUserError(error, fileName) });
  }
}
