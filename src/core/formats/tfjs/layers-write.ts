// IR graph → Keras model config for a layers model: layers in the order of their first node, each
// config rebuilt from its node's attributes in order, inbound_nodes and the model's input/output layers
// recomputed from which node produces each tensor.
import { ModelFormatError } from '../../errors';
import type { Graph, JsonValue, Model, Node } from '../../ir/types';
import { attributeToConfigValue } from './config-attrs';
import { tfjsExtras, type TfjsLayersExtras, type TfjsModelExtras, type TfjsNodeExtras } from './extras';
import { compact, type JsonObject } from './json';
import type { NamedWeight } from './weights-write';

function unsupported(file: string, problem: string): ModelFormatError {
  return new ModelFormatError('unsupported', `${file}: cannot be written as a TF.js layers model: ${problem}`, file);
}

function configOf(file: string, node: Node): JsonObject {
  const config: Record<string, JsonValue> = {};
  for (const [key, a] of Object.entries(node.attributes)) {
    const value = attributeToConfigValue(a);
    if (value === undefined) throw unsupported(file, `attribute "${key}" of layer "${node.name}" is a ${a.type}`);
    config[key] = value;
  }
  return config;
}

/** [layer, call, tensor] of the node output `id`, from the producing node's place among its layer's calls. */
function refResolver(file: string, graph: Graph) {
  const where = new Map<string, [string, number, number]>();
  const calls = new Map<string, number>();
  for (const n of graph.nodes) {
    const call = calls.get(n.name) ?? 0;
    calls.set(n.name, call + 1);
    n.outputs.forEach((id, t) => where.set(id, [n.name, call, t]));
  }
  return (id: string): [string, number, number] => {
    const ref = where.get(id);
    if (!ref) throw unsupported(file, `tensor "${id}" is read, but no layer produces it`);
    return ref;
  };
}

/** The model config, wrapped as the original was, and the weights in tensor order. */
export function writeLayers(model: Model, file: string): { topology: JsonObject; weights: NamedWeight[] } {
  const graph = model.graph;
  const ex = tfjsExtras<TfjsModelExtras>(model.extras).layers ?? defaultLayersExtras();
  const constants = new Set(graph.tensors.filter((t) => t.data).map((t) => t.id));
  const sequential = ex.className === 'Sequential';
  const resolve = refResolver(file, graph);

  const byLayer = new Map<string, Node[]>();
  for (const n of graph.nodes) byLayer.set(n.name, [...(byLayer.get(n.name) ?? []), n]);
  const layers = [...byLayer.values()].map((calls) => {
    const first = calls[0]!;
    const nx = tfjsExtras<TfjsNodeExtras>(first.extras);
    const config = configOf(file, first);
    if (sequential)
      return compact([['class_name', first.op], ['config', config], ...Object.entries(nx.layerRest ?? {})]);
    const inbound = calls.map((call) => {
      const kwargs = tfjsExtras<TfjsNodeExtras>(call.extras).kwargs;
      return call.inputs
        .filter((id) => id !== '' && !constants.has(id))
        .map((id, i): JsonValue => [...resolve(id), kwargs?.[i] ?? {}]);
    });
    const hasInbound = inbound.some((refs) => refs.length > 0);
    return compact([
      ['class_name', first.op],
      ['config', config],
      ['name', first.name],
      ['inbound_nodes', hasInbound ? inbound : []],
      ...Object.entries(nx.layerRest ?? {}),
    ]);
  });

  const refs = (ids: readonly string[]): JsonValue => ids.map((id) => resolve(id));
  const parts: Record<string, JsonValue | undefined> = {
    name: graph.name,
    layers,
    input_layers: sequential ? undefined : refs(graph.inputs),
    output_layers: sequential ? undefined : refs(graph.outputs),
  };
  const configKeys = ex.configKeys ?? [];
  const config: JsonValue =
    ex.configKeys === undefined
      ? layers
      : compact([
          ...configKeys.map((k): [string, JsonValue | undefined] => [k, k in parts ? parts[k] : ex.configRest[k]]),
          ...Object.entries(ex.configRest).filter(([k]) => !configKeys.includes(k)),
        ]);
  const modelConfig: JsonObject = { class_name: ex.className, config };
  const wrapped = ex.topologyKeys.includes('model_config');
  const topologyParts: Record<string, JsonValue | undefined> = wrapped
    ? { model_config: modelConfig }
    : { class_name: ex.className, config };
  const topology = compact([
    ...ex.topologyKeys.map((k): [string, JsonValue | undefined] => [
      k,
      k in topologyParts ? topologyParts[k] : ex.topologyRest[k],
    ]),
    ...Object.entries(topologyParts).filter(([k]) => !ex.topologyKeys.includes(k)),
    ...Object.entries(ex.topologyRest).filter(([k]) => !ex.topologyKeys.includes(k)),
  ]);
  const weights = graph.tensors.filter((t) => t.data).map((t) => ({ name: t.name, tensor: t }));
  return { topology, weights };
}

/** How a layers model is wrapped when nothing was read: a tfjs-layers Functional model. */
function defaultLayersExtras(): TfjsLayersExtras {
  return {
    className: 'Functional',
    topologyKeys: ['class_name', 'config', 'keras_version', 'backend'],
    topologyRest: { keras_version: 'tfjs-layers', backend: 'tensor_flow.js' },
    configKeys: ['name', 'layers', 'input_layers', 'output_layers'],
    configRest: {},
  };
}
