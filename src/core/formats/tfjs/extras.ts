// What the TF.js reader keeps beside the IR for write-back, under `extras.tfjs` of models, nodes and
// tensors. Everything is plain JSON, so it survives structured cloning to and from workers.
import type { JsonValue } from '../../ir/types';
import type { AttrKind } from './attr-value';
import type { JsonObject } from './json';
import { formatExtras, formatExtrasField, type Extras } from '../extras';

/** Which of the two model.json kinds a model came from. */
export type TfjsModelKind = 'graph-model' | 'layers-model';

export interface TfjsModelExtras {
  readonly kind: TfjsModelKind;
  /** Top-level keys of model.json in their order (modelTopology and weightsManifest included). */
  readonly keyOrder: readonly string[];
  /** Top-level entries other than modelTopology and weightsManifest: format, generatedBy, convertedBy,
   * signature, userDefinedMetadata, trainingConfig, modelInitializer, … exactly as read. */
  readonly fields: JsonObject;
  /** Graph models: modelTopology entries other than `node` (library, versions, …), in order. */
  readonly graphDef?: JsonObject;
  /** Layers models: how the Keras config was wrapped. */
  readonly layers?: TfjsLayersExtras;
}

export interface TfjsLayersExtras {
  /** Sequential, Model or Functional. */
  readonly className: string;
  /** modelTopology's keys in order; `model_config` when the converter wrapped the config (Keras .h5). */
  readonly topologyKeys: readonly string[];
  /** modelTopology entries other than class_name/config/model_config (keras_version, backend, …). */
  readonly topologyRest: JsonObject;
  /** The config's keys in order (absent for a pre-2.2 Sequential whose config is the layer list). */
  readonly configKeys?: readonly string[];
  /** Config entries other than name/layers/input_layers/output_layers. */
  readonly configRest: JsonObject;
}

export interface TfjsNodeExtras {
  /** The AttrValue field each attribute came from (graph models). */
  readonly attrKinds?: Readonly<Record<string, AttrKind>>;
  /** Control inputs ("^name" in GraphDef), by node name. */
  readonly control?: readonly string[];
  /** NodeDef entries other than name/op/input/attr (device, experimental_debug_info, …). */
  readonly nodeRest?: JsonObject;
  /** A Const node's `value.tensor` when it holds more than its dtype and shape say. */
  readonly constValue?: JsonObject;
  /** Layers: keys of the layer entry other than class_name/config/name/inbound_nodes (module, …). */
  readonly layerRest?: JsonObject;
  /** Layers: per inbound tensor, the call kwargs when any is not empty. */
  readonly kwargs?: readonly JsonValue[];
}

/** The TF.js part of an IR object's extras (empty when there is none). */
export function tfjsExtras<T extends object>(extras: Extras): Partial<T> {
  return formatExtras<T>(extras, 'tfjs');
}

/** `{ extras: { tfjs } }` keeping only defined, non-empty entries; `{}` when nothing is left. */
export function tfjsField(tfjs: Record<string, unknown>): { extras?: { tfjs: Record<string, unknown> } } {
  return formatExtrasField('tfjs', tfjs);
}
