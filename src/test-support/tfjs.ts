// Runs TF.js models from our files in @tensorflow/tfjs itself (Node, pure-JS cpu backend), through an
// IOHandler over the bytes: the reference consumer for TF.js files in tests. The artifacts are built as
// the engine's TF.js runner builds them.
import * as tf from '@tensorflow/tfjs';
import type { ModelFile } from '../core/ir/types';
import { tfjsArtifacts as runnerArtifacts } from '../workers/runtimes/tfjs-runner';

/** The artifacts TF.js loads: model.json's topology and the shards' bytes (matched by name). */
export function tfjsArtifacts(files: readonly ModelFile[]): tf.io.ModelArtifacts {
  return runnerArtifacts(files, files[0]?.name ?? 'model.json');
}

export type LoadedTfjs = { kind: 'graph'; model: tf.GraphModel } | { kind: 'layers'; model: tf.LayersModel };

/** Loads a graph or layers model from our files. */
export async function loadTfjs(files: readonly ModelFile[]): Promise<LoadedTfjs> {
  const artifacts = tfjsArtifacts(files);
  const handler: tf.io.IOHandler = { load: () => Promise.resolve(artifacts) };
  return artifacts.format === 'graph-model'
    ? { kind: 'graph', model: await tf.loadGraphModel(handler) }
    : { kind: 'layers', model: await tf.loadLayersModel(handler) };
}

/** Every output of a model on the given inputs (layers models take them in insertion order). */
export function runTfjs(loaded: LoadedTfjs, inputs: tf.NamedTensorMap): { shape: number[]; values: number[] }[] {
  const result = loaded.kind === 'graph' ? loaded.model.execute(inputs) : loaded.model.predict(Object.values(inputs));
  const list = Array.isArray(result) ? result : [result as tf.Tensor];
  return list.map((t) => ({ shape: t.shape, values: Array.from(t.dataSync()) }));
}

/** The files TF.js itself writes for a layers model (model.json + weights.bin). */
export async function savedTfjsFiles(model: tf.LayersModel): Promise<ModelFile[]> {
  let files: ModelFile[] = [];
  await model.save(
    tf.io.withSaveHandler((artifacts) => {
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs }],
      };
      files = [
        { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
        { name: 'weights.bin', bytes: new Uint8Array(artifacts.weightData as ArrayBuffer) },
      ];
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  return files;
}
