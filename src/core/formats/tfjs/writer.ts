// IR Model → model.json + weight shards. A model read from a layers model is written as one again; any
// other model is written as a graph model (its ops as a GraphDef). Top-level entries read from the
// original file (format, generatedBy, convertedBy, signature, userDefinedMetadata, …) come back in their
// original order.
import type { JsonValue, Model, ModelFile } from '../../ir/types';
import type { WriteOptions } from '../format';
import { tfjsExtras, type TfjsModelExtras, type TfjsModelKind } from './extras';
import { writeGraphDef } from './graph-write';
import type { JsonObject } from './json';
import { writeLayers } from './layers-write';
import { utf8Encode } from './text';
import { DEFAULT_SHARD_BYTES, writeWeights } from './weights-write';

export interface TfjsWriteOptions extends WriteOptions {
  /** Largest weight shard file in bytes (default 4 MiB, as tfjs-converter). */
  readonly shardBytes?: number;
}

const STUDIO = 'ScaleDown Studio';

// Key orders the TF.js tools write: tfjs-converter for graph models, tfjs-layers' save() for layers models.
const DEFAULT_ORDER: Readonly<Record<TfjsModelKind, readonly string[]>> = {
  'graph-model': ['format', 'generatedBy', 'convertedBy', 'signature', 'modelTopology', 'weightsManifest'],
  'layers-model': ['modelTopology', 'weightsManifest', 'format', 'generatedBy', 'convertedBy'],
};

/** Encodes a model as TF.js: model.json first, then group1-shard{i}of{n}.bin. */
export function writeTfjs(model: Model, options: TfjsWriteOptions = {}): ModelFile[] {
  const extras = tfjsExtras<TfjsModelExtras>(model.extras);
  const kind: TfjsModelKind = extras.kind === 'layers-model' ? 'layers-model' : 'graph-model';
  const file = options.baseName ? `${options.baseName.replace(/\.json$/i, '')}.json` : 'model.json';

  let topology: JsonObject;
  let weights: ReturnType<typeof writeGraphDef>['weights'];
  const fields: Record<string, JsonValue> = extras.kind
    ? { ...(extras.fields ?? {}) }
    : { format: kind, generatedBy: model.producer?.name ?? STUDIO, convertedBy: STUDIO };
  if (kind === 'graph-model') {
    const written = writeGraphDef(model, file);
    topology = written.topology;
    weights = written.weights;
    if (written.signature) fields['signature'] = written.signature;
  } else {
    ({ topology, weights } = writeLayers(model, file));
  }
  const { manifest, shards } = writeWeights(file, weights, options.shardBytes ?? DEFAULT_SHARD_BYTES);

  const order = extras.keyOrder ?? DEFAULT_ORDER[kind];
  // A file read without a weightsManifest (a model without weights) is written without one too.
  const omitManifest = manifest.length === 0 && !order.includes('weightsManifest');
  const parts: Record<string, JsonValue> = {
    ...fields,
    modelTopology: topology,
    ...(omitManifest ? {} : { weightsManifest: manifest }),
  };
  const json: Record<string, JsonValue> = {};
  for (const key of [...order, ...Object.keys(parts)]) if (key in parts && !(key in json)) json[key] = parts[key]!;
  return [{ name: file, bytes: utf8Encode(JSON.stringify(json)) }, ...shards];
}
