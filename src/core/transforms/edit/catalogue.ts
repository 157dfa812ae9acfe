// Looking operators up in the catalogue of a model's format, at the model's opset (ONNX).
import { tfjsExtras, type TfjsModelExtras } from '../../formats/tfjs/extras';
import type { Model } from '../../ir/types';
import { defaultOpset } from '../cleanup/common';
import { ONNX_OPERATORS } from './catalogue-onnx';
import { TFJS_OPERATORS } from './catalogue-tfjs';
import { TFLITE_OPERATORS } from './catalogue-tflite';
import type { OperatorSpec } from './catalogue-types';

const isDefault = (domain: string): boolean => domain === '' || domain === 'ai.onnx';

function entries(model: Model): readonly OperatorSpec[] {
  if (model.format === 'onnx') return ONNX_OPERATORS;
  if (model.format === 'tflite') return TFLITE_OPERATORS;
  if (model.format === 'tfjs' && !isTfjsLayersModel(model)) return TFJS_OPERATORS;
  return [];
}

/** True for a TF.js layers model (Keras config), whose nodes are Keras layers, not TensorFlow ops. */
export function isTfjsLayersModel(model: Model): boolean {
  return model.format === 'tfjs' && tfjsExtras<TfjsModelExtras>(model.extras).kind === 'layers-model';
}

/** True when the studio has an operator catalogue for the model's format (ONNX, TFLite, TF.js graph models). */
export function hasCatalogue(model: Model): boolean {
  return entries(model).length > 0;
}

/** The opset the catalogue reads a model at: its default-domain import (ONNX), else 1. */
function opsetOf(model: Model): number {
  return model.format === 'onnx' ? defaultOpset(model) : 1;
}

/**
 * The spec of `op` as this model uses it (the newest version not above its opset); undefined for ops
 * outside the catalogue, other domains, or an opset older than the operator's first catalogued version.
 */
export function operatorSpec(model: Model, op: string, domain = ''): OperatorSpec | undefined {
  if (!isDefault(domain)) return undefined;
  const opset = opsetOf(model);
  let best: OperatorSpec | undefined;
  for (const spec of entries(model))
    if (spec.op === op && spec.since <= opset && (!best || spec.since > best.since)) best = spec;
  return best;
}

/** The opset from which the catalogue knows `op` (undefined when it does not know it at all). */
export function firstCatalogued(model: Model, op: string): number | undefined {
  const since = entries(model)
    .filter((s) => s.op === op)
    .map((s) => s.since);
  return since.length ? Math.min(...since) : undefined;
}

/** The operators a user can add to this model (one spec per operator, at the model's opset), by name. */
export function operatorCatalogue(model: Model): OperatorSpec[] {
  const names = [...new Set(entries(model).map((s) => s.op))].sort();
  return names.flatMap((op) => {
    const spec = operatorSpec(model, op);
    return spec ? [spec] : [];
  });
}
