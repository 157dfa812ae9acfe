// A layers model's topology (a Keras model config, Sequential or Functional) → IR graph. One node per
// layer call (a layer called twice — a shared layer — gives two nodes, "name" and "name@1"), op = the
// layer's class name, domain 'keras', attributes = the layer config. A node reads its inbound tensors,
// then the layer's weights in manifest order. Output t of call k of layer L is tensor "L" (k = t = 0),
// "L:t", "L@k" or "L@k:t". InputLayer nodes produce the graph inputs; a Sequential model without one gets
// an input tensor "<first layer>_input", as tfjs-layers names it.
import { ModelFormatError } from '../../errors';
import type { Graph, JsonValue, Node, Tensor } from '../../ir/types';
import { configToAttributes } from './config-attrs';
import { tfjsField, type TfjsLayersExtras, type TfjsNodeExtras } from './extras';
import { arrayOf, isObject, malformed, objectOf, otherEntries, stringOf, type JsonObject } from './json';
import { declaredInputShape, KERAS_DOMAIN, kerasDtype } from './keras';
import { missingWeight, weightsByLayer } from './layer-weights';

const LAYER_KEYS = ['class_name', 'config', 'name', 'inbound_nodes'];
const CONFIG_KEYS = ['name', 'layers', 'input_layers', 'output_layers'];

interface Layer {
  readonly entry: JsonObject;
  readonly name: string;
  readonly className: string;
  readonly config: JsonObject;
  /** Inbound tensors per call, as [layer, call, tensor, kwargs]. */
  readonly calls: readonly (readonly InboundRef[])[];
}

interface InboundRef {
  readonly layer: string;
  readonly call: number;
  readonly tensor: number;
  readonly kwargs: JsonValue;
}

/** Node id of call `call` of layer `layer`. */
export function callId(layer: string, call: number): string {
  return call === 0 ? layer : `${layer}@${call}`;
}

/** Tensor id of output `tensor` of call `call` of layer `layer`. */
export function layerTensorId(layer: string, call: number, tensor: number): string {
  const node = callId(layer, call);
  return tensor === 0 ? node : `${node}:${tensor}`;
}

function parseRefList(file: string, layer: string, value: JsonValue): InboundRef {
  if (!Array.isArray(value) || value.length < 3 || typeof value[0] !== 'string')
    throw new ModelFormatError(
      'unsupported',
      `${file}: ${layer} lists its inputs in a form this reader does not know (Keras 3 configs are not supported)`,
      file,
    );
  const [name, call, tensor, kwargs] = value as [string, JsonValue, JsonValue, JsonValue?];
  const index = (v: JsonValue) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!index(call) || !index(tensor))
    throw malformed(file, `${layer} refers to "${name}" with a call or tensor index that is not a whole number`);
  return { layer: name, call: call as number, tensor: tensor as number, kwargs: kwargs ?? {} };
}

function parseLayer(file: string, raw: JsonValue, functional: boolean): Layer {
  const entry = objectOf(file, raw, 'a layer of the model');
  const className = stringOf(file, entry['class_name'], 'the class_name of a layer');
  const config = objectOf(file, entry['config'] ?? {}, `the config of a ${className} layer`);
  const name = stringOf(file, entry['name'] ?? config['name'], `the name of a ${className} layer`);
  if (!functional) return { entry, name, className, config, calls: [[]] };
  const inbound = arrayOf(file, entry['inbound_nodes'] ?? [], `the inbound_nodes of layer "${name}"`);
  const calls = inbound.map((call) =>
    Array.isArray(call)
      ? call.map((r) => parseRefList(file, `layer "${name}"`, r))
      : [parseRefList(file, `layer "${name}"`, call)],
  );
  return { entry, name, className, config, calls: calls.length ? calls : [[]] };
}

/** The Keras model config inside a layers model's topology, and how it was wrapped. */
function unwrap(file: string, topology: JsonObject) {
  const wrapped = isObject(topology['model_config']);
  const modelConfig = wrapped ? objectOf(file, topology['model_config'], 'model_config') : topology;
  const className = stringOf(file, modelConfig['class_name'], 'the class_name of the model');
  const rest = otherEntries(topology, wrapped ? ['model_config'] : ['class_name', 'config']) ?? {};
  return { className, config: modelConfig['config'], topologyKeys: Object.keys(topology), rest };
}

/** Nodes in an order where every tensor is produced before it is read (stable: config order first). */
function topoSort(file: string, nodes: readonly Node[]): Node[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const placed = new Array<boolean>(nodes.length).fill(false);
  const out: Node[] = [];
  while (out.length < nodes.length) {
    const before = out.length;
    nodes.forEach((n, i) => {
      if (placed[i]) return;
      if (n.inputs.every((id) => producer.get(id) === undefined || placed[producer.get(id)!])) {
        placed[i] = true;
        out.push(n);
      }
    });
    if (out.length === before) {
      const stuck = nodes.find((_, i) => !placed[i])!;
      throw malformed(file, `layer "${stuck.name}" depends on its own output (the layers form a cycle)`);
    }
  }
  return out;
}

/** The IR graph of a Keras model config, and what the writer needs to wrap it again. */
export function readLayers(
  file: string,
  topology: JsonObject,
  weights: readonly Tensor[],
): { graph: Graph; layers: TfjsLayersExtras } {
  const { className, config, topologyKeys, rest } = unwrap(file, topology);
  const functional = className !== 'Sequential';
  const list = Array.isArray(config) ? config : isObject(config) ? config['layers'] : undefined;
  if (!Array.isArray(list))
    throw new ModelFormatError(
      'unsupported',
      `${file}: a ${className} model whose config has no layers is not supported`,
      file,
    );
  const layers = list.map((l) => parseLayer(file, l, functional));
  const byName = new Map<string, Layer>();
  for (const l of layers) {
    if (byName.has(l.name)) throw malformed(file, `two layers are named "${l.name}"`);
    byName.set(l.name, l);
  }
  const owned = weightsByLayer(weights, byName);
  for (const l of layers) {
    const missing = missingWeight(l.className, l.config, owned.get(l.name) ?? []);
    if (missing)
      throw new ModelFormatError(
        'malformed',
        `${file}: layer "${l.name}" (${l.className}) needs a "${missing}" weight, which the weights manifest does not list`,
        file,
      );
  }
  const configObject = isObject(config) ? config : undefined;
  const graphRefs = (key: string): InboundRef[] =>
    configObject && Array.isArray(configObject[key])
      ? (configObject[key] as JsonValue[]).map((r) => parseRefList(file, `the model's ${key}`, r))
      : [];
  const inputRefs = graphRefs('input_layers');
  const outputRefs = graphRefs('output_layers');

  // Outputs per call: as many as the highest tensor index anything refers to.
  const outputCount = new Map<string, number>();
  for (const l of layers) l.calls.forEach((_, k) => outputCount.set(callId(l.name, k), 1));
  for (const ref of [...layers.flatMap((l) => l.calls.flat()), ...inputRefs, ...outputRefs]) {
    const id = callId(ref.layer, ref.call);
    const count = outputCount.get(id);
    if (count === undefined)
      throw malformed(file, `the model refers to call ${ref.call} of layer "${ref.layer}", which does not exist`);
    outputCount.set(id, Math.max(count, ref.tensor + 1));
  }

  const tensors: Tensor[] = [...weights];
  const inputs: string[] = [];
  let previous: string | undefined;
  if (!functional && layers[0] && layers[0].className !== 'InputLayer') {
    const first = layers[0];
    previous = `${first.name}_input`;
    const shape = declaredInputShape(first.config);
    const dtype = kerasDtype(first.config['dtype']) ?? 'float32';
    tensors.push(shape ? { id: previous, name: previous, dtype, shape } : { id: previous, name: previous, dtype });
    inputs.push(previous);
  }
  const nodes: Node[] = [];
  for (const l of layers) {
    const layerWeights = (owned.get(l.name) ?? []).map((w) => w.id);
    l.calls.forEach((call, k) => {
      const id = callId(l.name, k);
      const outputs = Array.from({ length: outputCount.get(id) ?? 1 }, (_, t) => layerTensorId(l.name, k, t));
      for (const o of outputs) tensors.push(outputTensor(o, l));
      const inbound = functional
        ? call.map((r) => layerTensorId(r.layer, r.call, r.tensor))
        : previous
          ? [previous]
          : [];
      if (!functional) previous = outputs[0];
      if (l.className === 'InputLayer' && !functional) inputs.push(outputs[0]!);
      const kwargs = call.map((r) => r.kwargs);
      const extras: TfjsNodeExtras = {
        ...(k === 0 && otherEntries(l.entry, LAYER_KEYS) ? { layerRest: otherEntries(l.entry, LAYER_KEYS)! } : {}),
        ...(kwargs.some((kw) => !isObject(kw) || Object.keys(kw).length > 0) ? { kwargs } : {}),
      };
      nodes.push({
        id,
        name: l.name,
        op: l.className,
        domain: KERAS_DOMAIN,
        inputs: [...inbound, ...layerWeights],
        outputs,
        attributes: configToAttributes(l.config),
        ...tfjsField({ ...extras }),
      });
    });
  }
  const ids = (refs: readonly InboundRef[]) => refs.map((r) => layerTensorId(r.layer, r.call, r.tensor));
  const graph: Graph = {
    name: typeof configObject?.['name'] === 'string' ? configObject['name'] : '',
    nodes: topoSort(file, nodes),
    tensors,
    inputs: functional ? ids(inputRefs) : inputs,
    outputs: functional ? ids(outputRefs) : previous ? [previous] : [],
  };
  const extras: TfjsLayersExtras = {
    className,
    topologyKeys,
    topologyRest: rest,
    ...(configObject ? { configKeys: Object.keys(configObject) } : {}),
    configRest: (configObject && otherEntries(configObject, CONFIG_KEYS)) ?? {},
  };
  return { graph, layers: extras };
}

/** An InputLayer's output declares its dtype and shape; other outputs are left to inference. */
function outputTensor(id: string, layer: Layer): Tensor {
  if (layer.className !== 'InputLayer' || id !== layer.name) return { id, name: id, dtype: 'undefined' };
  const dtype = kerasDtype(layer.config['dtype']) ?? 'float32';
  const shape = declaredInputShape(layer.config);
  return shape ? { id, name: id, dtype, shape } : { id, name: id, dtype };
}
