// The TFLite details an edit must keep consistent: signature defs name the main graph's inputs and outputs
// by tensor id, quantization details and operator intermediates point at tensors, and dynamic dimensions
// live in a tensor's shape_signature (the IR shape holds 1 there).
import type { Model, Node, Quantization, Tensor } from '../../ir/types';
import {
  tfliteExtras,
  type QuantizationDetails,
  type SignatureDefinition,
  type TfliteModelExtras,
  type TfliteNodeExtras,
  type TfliteQuantizationExtras,
  type TfliteTensorExtras,
} from '../../formats/tflite/extras';

type WithExtras = { readonly extras?: Readonly<Record<string, unknown>> };

/** `object` with its TFLite extras replaced by `tflite` (dropped when empty), other formats' extras kept. */
export function withTflite<T extends WithExtras>(object: T, tflite: Record<string, unknown>): T {
  const kept = Object.fromEntries(Object.entries(tflite).filter(([, v]) => v !== undefined));
  const { tflite: _old, ...others } = object.extras ?? {};
  const extras = Object.keys(kept).length ? { ...others, tflite: kept } : others;
  const { extras: _drop, ...rest } = object;
  return (Object.keys(extras).length ? { ...rest, extras } : rest) as T;
}

const renamed = (rename: ReadonlyMap<string, string>, id: string): string => rename.get(id) ?? id;

/** The model's TFLite signature defs (main graph entries) with tensor ids renamed. */
export function renameTfliteModelRefs(model: Model, rename: ReadonlyMap<string, string>): Model {
  const extras = tfliteExtras<TfliteModelExtras>(model.extras);
  if (!extras.signatureDefs?.length) return model;
  const signatureDefs = extras.signatureDefs.map((sig): SignatureDefinition =>
    sig.subgraph !== 0
      ? sig
      : {
          ...sig,
          inputs: sig.inputs.map((m) => ({ ...m, tensor: renamed(rename, m.tensor) })),
          outputs: sig.outputs.map((m) => ({ ...m, tensor: renamed(rename, m.tensor) })),
        },
  );
  return withTflite(model, { ...extras, signatureDefs });
}

/** A node's operator intermediates renamed. */
export function renameNodeRefs(node: Node, rename: ReadonlyMap<string, string>): Node {
  const extras = tfliteExtras<TfliteNodeExtras>(node.extras);
  if (!extras.intermediates?.some((id) => rename.has(id))) return node;
  return withTflite(node, { ...extras, intermediates: extras.intermediates.map((id) => renamed(rename, id)) });
}

/** A tensor's quantization details (blockwise scales / zero points tensors) renamed. */
export function renameQuantRefs(tensor: Tensor, rename: ReadonlyMap<string, string>): Tensor {
  const q = tensor.quant;
  const details = tfliteExtras<TfliteQuantizationExtras>(q?.extras).details;
  if (!q || details?.type !== 'BlockwiseQuantization') return tensor;
  const next: QuantizationDetails = {
    ...details,
    scales: renamed(rename, details.scales),
    zeroPoints: renamed(rename, details.zeroPoints),
  };
  const quant: Quantization = withTflite(q, { ...tfliteExtras<TfliteQuantizationExtras>(q.extras), details: next });
  return { ...tensor, quant };
}

/**
 * Signature defs of the main graph brought in line with its inputs and outputs: entries of tensors that
 * stay keep their names, new ones are named after their tensor, removed ones go.
 */
export function syncTfliteSignatures(model: Model): Model {
  const extras = tfliteExtras<TfliteModelExtras>(model.extras);
  if (model.format !== 'tflite' || !extras.signatureDefs?.length) return model;
  const graph = model.graph;
  const nameOf = (id: string): string => graph.tensors.find((t) => t.id === id)?.name || id;
  const sync = (
    entries: SignatureDefinition['inputs'],
    ids: readonly string[],
  ): { readonly name?: string; readonly tensor: string }[] =>
    ids.map((id) => entries.find((e) => e.tensor === id) ?? { name: nameOf(id), tensor: id });
  const signatureDefs = extras.signatureDefs.map((sig) =>
    sig.subgraph !== 0
      ? sig
      : { ...sig, inputs: sync(sig.inputs, graph.inputs), outputs: sync(sig.outputs, graph.outputs) },
  );
  return withTflite(model, { ...extras, signatureDefs });
}

/** A TFLite tensor's shape_signature (-1 marks a dynamic dimension), if it has one. */
export function shapeSignature(tensor: Tensor): readonly number[] | undefined {
  return tfliteExtras<TfliteTensorExtras>(tensor.extras).shapeSignature;
}

/** The tensor with another shape_signature (undefined drops it: the shape is then fully static). */
export function withShapeSignature(tensor: Tensor, signature: readonly number[] | undefined): Tensor {
  return withTflite(tensor, { ...tfliteExtras<TfliteTensorExtras>(tensor.extras), shapeSignature: signature });
}
