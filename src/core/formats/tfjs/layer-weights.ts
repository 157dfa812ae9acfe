// Which manifest weights belong to which layer, and which weights a layer cannot do without. Layer weights
// are named "<layer>/<weight>" (tfjs-layers) or "<layer>/<cell>/<weight>" (Keras RNN cells), so a weight
// belongs to the layer whose name is its longest prefix ending at a '/'.
import type { JsonObject } from './json';
import type { Tensor } from '../../ir/types';

/** Weights per layer name, each list in manifest order. Weights of no layer are left out. */
export function weightsByLayer(
  weights: readonly Tensor[],
  layers: ReadonlyMap<string, unknown>,
): Map<string, Tensor[]> {
  const out = new Map<string, Tensor[]>();
  for (const w of weights) {
    let owner: string | undefined;
    for (let at = w.name.lastIndexOf('/'); at > 0; at = w.name.lastIndexOf('/', at - 1)) {
      const prefix = w.name.slice(0, at);
      if (layers.has(prefix)) {
        owner = prefix;
        break;
      }
    }
    if (owner === undefined) continue;
    const list = out.get(owner) ?? [];
    list.push(w);
    out.set(owner, list);
  }
  return out;
}

const withBias = (config: JsonObject, names: string[]): string[] =>
  config['use_bias'] === false ? names : [...names, 'bias'];

// The weights each layer class creates (Keras layer `build` methods, mirrored by tfjs-layers).
const REQUIRED: Readonly<Record<string, (config: JsonObject) => string[]>> = {
  Dense: (c) => withBias(c, ['kernel']),
  Conv1D: (c) => withBias(c, ['kernel']),
  Conv2D: (c) => withBias(c, ['kernel']),
  Conv3D: (c) => withBias(c, ['kernel']),
  Conv2DTranspose: (c) => withBias(c, ['kernel']),
  Conv3DTranspose: (c) => withBias(c, ['kernel']),
  DepthwiseConv2D: (c) => withBias(c, ['depthwise_kernel']),
  SeparableConv1D: (c) => withBias(c, ['depthwise_kernel', 'pointwise_kernel']),
  SeparableConv2D: (c) => withBias(c, ['depthwise_kernel', 'pointwise_kernel']),
  Embedding: () => ['embeddings'],
  BatchNormalization: (c) => [
    ...(c['scale'] === false ? [] : ['gamma']),
    ...(c['center'] === false ? [] : ['beta']),
    'moving_mean',
    'moving_variance',
  ],
  LSTM: (c) => withBias(c, ['kernel', 'recurrent_kernel']),
  GRU: (c) => withBias(c, ['kernel', 'recurrent_kernel']),
  SimpleRNN: (c) => withBias(c, ['kernel', 'recurrent_kernel']),
};

/** The last path segment of a weight name, without the "_1" suffixes some savers add for uniqueness. */
export function weightKind(name: string): string {
  return (name.split('/').pop() ?? name).replace(/_\d+$/, '').replace(/:\d+$/, '');
}

/** The first weight a layer needs that `owned` lacks, if any. */
export function missingWeight(className: string, config: JsonObject, owned: readonly Tensor[]): string | undefined {
  const required = REQUIRED[className]?.(config) ?? [];
  const kinds = new Set(owned.map((w) => weightKind(w.name)));
  return required.find((r) => !kinds.has(r));
}
