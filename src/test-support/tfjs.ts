// Runs TF.js models from our files in @tensorflow/tfjs itself (Node, pure-JS cpu backend), through an
// IOHandler over the bytes: the reference consumer for TF.js files in tests.
import * as tf from '@tensorflow/tfjs';
import { basename } from 'node:path';
import type { ModelFile } from '../core/ir/types';

type Json = Record<string, unknown>;

/** The artifacts TF.js loads: model.json's topology and the shards' bytes (matched by base name). */
export function tfjsArtifacts(files: readonly ModelFile[]): tf.io.ModelArtifacts {
  const json = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as Json;
  const groups = (json['weightsManifest'] ?? []) as { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  const parts = groups.flatMap((g) =>
    g.paths.map((p) => {
      const shard = files.find((f) => f.name === basename(p));
      if (!shard) throw new Error(`shard ${p} is not among the files`);
      return shard.bytes;
    }),
  );
  const weightData = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.byteLength;
  }
  return {
    modelTopology: json['modelTopology'] as Json,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: json['format'] as string,
    ...(json['signature'] ? { signature: json['signature'] as Json } : {}),
  };
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
