// Small TFLite (NHWC) graphs for the channel-pruning tests, with seeded random float weights; and the
// reference a pruned TFLite model is checked against (unit tests and e2e/prune-cluster-tflite.spec.ts).
import { tfliteOptionAttributes as options } from '../../../formats/tflite/options';
import { tfliteModel } from '../../../formats/tflite/test-models';
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { seededRandom } from '../../../util/random';
import type { PruneReport } from '../types';
import { zeroChannels, type ZeroSpec } from './test-graphs';

function weights(n: number, seed: number, scale = 0.5): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (r() * 2 - 1) * scale);
}

interface ConvSpec {
  readonly name: string;
  readonly input: string;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  /** Output spatial size (SAME padding, stride 1). */
  readonly hw: number;
  readonly act?: string;
}

function conv2d(b: GraphBuilder, s: ConvSpec, seed: number): string {
  const w = b.constant(`${s.name}/w`, weights(s.cout * s.k * s.k * s.cin, seed), [s.cout, s.k, s.k, s.cin]);
  const bias = b.constant(`${s.name}/b`, weights(s.cout, seed + 1, 0.2), [s.cout]);
  const attrs = options('CONV_2D', {
    padding: 'SAME',
    stride_w: 1,
    stride_h: 1,
    fused_activation_function: s.act ?? 'NONE',
  });
  return b.op('CONV_2D', [s.input, w, bias], attrs, {
    name: s.name,
    outputs: [`${s.name}/out`],
    dtype: 'float32',
    shape: [1, s.hw, s.hw, s.cout],
  });
}

function depthwise(b: GraphBuilder, s: ConvSpec & { readonly multiplier: number }, seed: number): string {
  const c = s.cin * s.multiplier;
  const w = b.constant(`${s.name}/w`, weights(s.k * s.k * c, seed), [1, s.k, s.k, c]);
  const bias = b.constant(`${s.name}/b`, weights(c, seed + 1, 0.2), [c]);
  const attrs = options('DEPTHWISE_CONV_2D', {
    padding: 'SAME',
    stride_w: 1,
    stride_h: 1,
    depth_multiplier: s.multiplier,
    fused_activation_function: s.act ?? 'RELU',
  });
  return b.op('DEPTHWISE_CONV_2D', [s.input, w, bias], attrs, {
    name: s.name,
    outputs: [`${s.name}/out`],
    dtype: 'float32',
    shape: [1, s.hw, s.hw, c],
  });
}

function fullyConnected(b: GraphBuilder, x: string, k: number, n: number, seed: number): string {
  const w = b.constant('fc/w', weights(n * k, seed, 0.3), [n, k]);
  const bias = b.constant('fc/b', weights(n, seed + 1, 0.1), [n]);
  return b.op('FULLY_CONNECTED', [x, w, bias], options('FULLY_CONNECTED'), {
    name: 'fc',
    outputs: ['logits'],
    dtype: 'float32',
    shape: [1, n],
  });
}

/**
 * A ResNet/MobileNet mix: CONV_2D → DEPTHWISE (×1) → CONV_2D 1×1 → ADD with the first conv (residual)
 * → MAX_POOL 2×2 → RESHAPE [1, 4·4·C] (NHWC: channel c at every C-th input) → FULLY_CONNECTED.
 */
export function residualTflite(): Model {
  const b = new GraphBuilder('res-tflite');
  const x = b.input('input', 'float32', [1, 8, 8, 3]);
  const c0 = conv2d(b, { name: 'conv0', input: x, cin: 3, cout: 8, k: 3, hw: 8, act: 'RELU' }, 10);
  const d = depthwise(b, { name: 'dw', input: c0, cin: 8, cout: 8, k: 3, hw: 8, multiplier: 1 }, 20);
  const c2 = conv2d(b, { name: 'conv2', input: d, cin: 8, cout: 8, k: 1, hw: 8 }, 30);
  const sum = b.op('ADD', [c0, c2], options('ADD', { fused_activation_function: 'RELU' }), {
    name: 'add',
    outputs: ['sum'],
    dtype: 'float32',
    shape: [1, 8, 8, 8],
  });
  const pool = b.op(
    'MAX_POOL_2D',
    [sum],
    options('MAX_POOL_2D', { padding: 'VALID', stride_w: 2, stride_h: 2, filter_width: 2, filter_height: 2 }),
    { name: 'pool', outputs: ['pool'], dtype: 'float32', shape: [1, 4, 4, 8] },
  );
  const shape = b.constant('flat/shape', new Int32Array([1, 128]), [2]);
  const flat = b.op('RESHAPE', [pool, shape], options('RESHAPE', { new_shape: [1, 128] }), {
    name: 'flat',
    outputs: ['flat'],
    dtype: 'float32',
    shape: [1, 128],
  });
  b.output(fullyConnected(b, flat, 128, 4, 40));
  return tfliteModel(b);
}

/**
 * person_detect's stem: DEPTHWISE over one input channel with multiplier 6 (an ordinary conv in
 * disguise) → DEPTHWISE (×2) → CONV_2D 1×1 → MEAN over H, W → FULLY_CONNECTED.
 */
export function multiplierTflite(): Model {
  const b = new GraphBuilder('dw-tflite');
  const x = b.input('input', 'float32', [1, 6, 6, 1]);
  const d0 = depthwise(b, { name: 'stem', input: x, cin: 1, cout: 6, k: 3, hw: 6, multiplier: 6 }, 50);
  const d1 = depthwise(b, { name: 'dw', input: d0, cin: 6, cout: 12, k: 3, hw: 6, multiplier: 2 }, 60);
  const c = conv2d(b, { name: 'pw', input: d1, cin: 12, cout: 6, k: 1, hw: 6, act: 'RELU6' }, 70);
  const axes = b.constant('mean/axes', new Int32Array([1, 2]), [2]);
  const mean = b.op('MEAN', [c, axes], options('MEAN', { keep_dims: 0 }), {
    name: 'mean',
    outputs: ['mean'],
    dtype: 'float32',
    shape: [1, 6],
  });
  b.output(fullyConnected(b, mean, 6, 3, 80));
  return tfliteModel(b);
}

/**
 * The original TFLite model with the channels channel pruning removed set to zero: the filters (axis 0,
 * DEPTHWISE_CONV_2D axis 3) and bias entries of every layer that lost channels. The pruned model must
 * compute what this one computes.
 */
export function zeroedTfliteOriginal(original: Model, report: PruneReport): Model {
  const specs: ZeroSpec[] = [];
  for (const l of report.layers) {
    const channels = l.removedChannels ?? [];
    if (!channels.length) continue;
    const node = original.graph.nodes.find((n) => n.id === l.nodeId)!;
    specs.push({ tensor: node.inputs[1]!, axis: node.op === 'DEPTHWISE_CONV_2D' ? 3 : 0, channels });
    if (node.inputs[2]) specs.push({ tensor: node.inputs[2], axis: 0, channels });
  }
  return zeroChannels(original, specs);
}
