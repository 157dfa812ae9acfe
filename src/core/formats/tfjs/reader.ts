// model.json + weight shards → IR Model. Parses the JSON once, reads the weights manifest, then hands the
// topology to the graph-model or layers-model reader.
import { ModelFormatError } from '../../errors';
import type { Model, ModelFile } from '../../ir/types';
import type { ReadOptions } from '../format';
import { tfjsField, type TfjsModelExtras, type TfjsModelKind } from './extras';
import { readGraphDef } from './graph-read';
import { isObject, malformed, otherEntries, type JsonObject } from './json';
import { readLayers } from './layers-read';
import { utf8Decode } from './text';
import { readWeights } from './weights-read';

const MODEL_KEYS = ['modelTopology', 'weightsManifest'];

function parseJson(file: string, bytes: Uint8Array): unknown {
  // A UTF-8 byte order mark is not JSON, but editors write one.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = utf8Decode(bytes.subarray(start));
  if (text === undefined) throw malformed(file, 'not a TF.js model.json (the file is not UTF-8 text)');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw malformed(file, `not a TF.js model.json: the file is not valid JSON (${reason})`);
  }
}

function kindOf(file: string, json: JsonObject, topology: JsonObject): TfjsModelKind {
  const format = json['format'];
  if (format === 'graph-model' || format === 'layers-model') return format;
  if (Array.isArray(topology['node'])) return 'graph-model';
  if (typeof topology['class_name'] === 'string' || isObject(topology['model_config'])) return 'layers-model';
  throw malformed(
    file,
    'this JSON file is not a TF.js model: its "modelTopology" is neither a graph nor a Keras model',
  );
}

/** Reads a TF.js model: `files[0]` is model.json, the others its weight shards (matched by base name). */
export function readTfjs(files: readonly ModelFile[], options: ReadOptions = {}): Model {
  const main = files[0];
  if (!main) throw new ModelFormatError('empty-file', 'no file was given');
  const file = main.name;
  if (main.bytes.byteLength === 0) throw new ModelFormatError('empty-file', `${file}: the file is empty`, file);
  options.onProgress?.(0);
  const json = parseJson(file, main.bytes);
  if (!isObject(json) || !isObject(json['modelTopology']))
    throw malformed(file, 'this JSON file is not a TF.js model (it has no "modelTopology" object)');
  const topology = json['modelTopology'];
  const kind = kindOf(file, json, topology);
  const weights = readWeights(file, json['weightsManifest'], files.slice(1));
  options.onProgress?.(0.5);

  const fields = otherEntries(json, MODEL_KEYS) ?? {};
  let graph: Model['graph'];
  let extras: TfjsModelExtras;
  const common = { kind, keyOrder: Object.keys(json), fields };
  if (kind === 'graph-model') {
    graph = readGraphDef(file, topology, weights, fields['signature']);
    extras = { ...common, graphDef: otherEntries(topology, ['node']) ?? {} };
  } else {
    const read = readLayers(file, topology, weights);
    graph = read.graph;
    extras = { ...common, layers: read.layers };
  }
  options.onProgress?.(1);
  const producer = [fields['convertedBy'], fields['generatedBy']].find((v) => typeof v === 'string' && v !== '');
  return {
    format: 'tfjs',
    graph,
    opsets: [],
    ...(typeof producer === 'string' ? { producer: { name: producer } } : {}),
    metadata: [],
    ...tfjsField({ ...extras }),
  };
}
