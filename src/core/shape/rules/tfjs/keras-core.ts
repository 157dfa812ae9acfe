// Keras core, merge, embedding and recurrent layers of layers models. A node's first inputs are the
// layer's inbound tensors and its weights follow; these rules read input 0 (merges: every input) and the
// config, never the weights.
import type { Dim, Shape } from '../../../ir/types';
import { isObject } from '../../../formats/tfjs/json';
import { declaredInputShape, kerasDtype } from '../../../formats/tfjs/keras';
import type { RuleContext, ShapeRule } from '../../context';
import { fail } from '../../context';
import { broadcastShapes, dimProduct, isNum, mergeDim } from '../../dims';
import { out } from '../common';
import { axisIn } from './tf-attrs';
import { cfg, cfgBool, cfgNumber, configOf, layerDtype } from './keras-config';

const inputLayer: ShapeRule = (ctx) => [
  out(kerasDtype(cfg(ctx.node, 'dtype')) ?? 'float32', declaredInputShape(configOf(ctx.node))),
];

const sameAsInput: ShapeRule = (ctx) => [out(layerDtype(ctx), ctx.shape(0))];

const dense: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const units = cfgNumber(ctx.node, 'units', NaN);
  if (Number.isNaN(units)) fail('bad-attribute', 'config entry "units" is missing');
  if (x && x.length < 1) fail('shape-mismatch', 'Dense needs an input of rank 1 or more');
  return [out(layerDtype(ctx), x ? [...x.slice(0, -1), units] : undefined)];
};

const flatten: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  return [out(layerDtype(ctx), x ? [x[0] ?? null, dimProduct(x.slice(1))] : undefined)];
};

/** Reshape: target_shape excludes the batch; one −1 is inferred from the input's size. */
const reshape: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const target = cfg(ctx.node, 'target_shape');
  if (!Array.isArray(target) || !target.every((d) => typeof d === 'number'))
    return fail('bad-attribute', 'config entry "target_shape" should be a list of numbers');
  const dims: Dim[] = [...(target as number[])];
  const at = dims.indexOf(-1);
  if (at >= 0) {
    const size = x ? dimProduct(x.slice(1)) : null;
    const rest = dimProduct(dims.filter((_, i) => i !== at));
    dims[at] = isNum(size) && isNum(rest) && rest !== 0 ? size / rest : null;
  }
  return [out(layerDtype(ctx), [x?.[0] ?? 'batch', ...dims])];
};

const permute: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dims = cfg(ctx.node, 'dims');
  if (!Array.isArray(dims)) return fail('bad-attribute', 'config entry "dims" should be a list');
  if (!x) return [out(layerDtype(ctx))];
  // dims are 1-based and leave out the batch dim.
  return [
    out(layerDtype(ctx), [x[0] ?? null, ...dims.map((d) => x[axisIn(Number(d), x.length, 'dims entry')] ?? null)]),
  ];
};

const repeatVector: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  return [out(layerDtype(ctx), x ? [x[0] ?? null, cfgNumber(ctx.node, 'n', NaN), ...x.slice(1)] : undefined)];
};

function inboundShapes(ctx: RuleContext): Shape[] | undefined {
  const shapes = ctx.node.inputs.map((_, i) => ctx.shape(i));
  return shapes.every((s): s is Shape => s !== undefined) ? shapes : undefined;
}

const merge: ShapeRule = (ctx) => {
  const shapes = inboundShapes(ctx);
  return [out(layerDtype(ctx), shapes ? broadcastShapes(shapes) : undefined)];
};

const concatenate: ShapeRule = (ctx) => {
  const shapes = inboundShapes(ctx);
  if (!shapes || shapes.length === 0) return [out(layerDtype(ctx))];
  const rank = shapes[0]!.length;
  const axis = axisIn(cfgNumber(ctx.node, 'axis', -1), rank);
  const shape = shapes[0]!.map((_, d): Dim => {
    if (d === axis) return shapes.every((s) => isNum(s[d])) ? shapes.reduce((n, s) => n + (s[d] as number), 0) : null;
    return shapes.reduce<Dim>(
      (dim, s) => mergeDim(dim, s[d] ?? null, () => fail('shape-mismatch', `inputs differ in dim ${d}`)),
      null,
    );
  });
  return [out(layerDtype(ctx), shape)];
};

const embedding: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const dtype = kerasDtype(cfg(ctx.node, 'dtype')) ?? 'float32';
  return [out(dtype, x ? [...x, cfgNumber(ctx.node, 'output_dim', NaN)] : undefined)];
};

/** LSTM / GRU / SimpleRNN over [batch, time, features]; return_state adds the final states. */
function recurrent(states: number): ShapeRule {
  return (ctx) => {
    const x = ctx.shape(0);
    const dtype = layerDtype(ctx);
    const units = cfgNumber(ctx.node, 'units', NaN);
    if (x && x.length !== 3)
      fail('shape-mismatch', `a recurrent layer needs [batch, time, features], got rank ${x.length}`);
    const batch = x?.[0] ?? null;
    const sequence = cfgBool(ctx.node, 'return_sequences', false);
    const main = out(dtype, x ? (sequence ? [batch, x[1] ?? null, units] : [batch, units]) : undefined);
    if (!cfgBool(ctx.node, 'return_state', false)) return [main];
    return [main, ...Array.from({ length: states }, () => out(dtype, [batch, units]))];
  };
}

/** Bidirectional wraps a recurrent layer; merge_mode 'concat' (default) doubles its units. */
const bidirectional: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const layer = cfg(ctx.node, 'layer');
  const inner = isObject(layer) ? layer['config'] : undefined;
  const innerConfig = isObject(inner) ? inner : {};
  const units = typeof innerConfig['units'] === 'number' ? innerConfig['units'] : null;
  const mode = cfg(ctx.node, 'merge_mode') ?? 'concat';
  const width = units === null ? null : mode === 'concat' ? 2 * units : units;
  if (!x) return [out(layerDtype(ctx))];
  return [
    out(
      layerDtype(ctx),
      innerConfig['return_sequences'] === true ? [x[0] ?? null, x[1] ?? null, width] : [x[0] ?? null, width],
    ),
  ];
};

const SAME_SHAPE = (
  'Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D GaussianNoise GaussianDropout AlphaDropout ' +
  'Activation ReLU LeakyReLU PReLU ELU ThresholdedReLU Softmax BatchNormalization LayerNormalization Masking ' +
  'ActivityRegularization Rescaling'
).split(' ');

const rules: Record<string, ShapeRule> = {
  InputLayer: inputLayer,
  Dense: dense,
  Flatten: flatten,
  Reshape: reshape,
  Permute: permute,
  RepeatVector: repeatVector,
  Add: merge,
  Subtract: merge,
  Multiply: merge,
  Average: merge,
  Maximum: merge,
  Minimum: merge,
  Concatenate: concatenate,
  Embedding: embedding,
  LSTM: recurrent(2),
  GRU: recurrent(1),
  SimpleRNN: recurrent(1),
  Bidirectional: bidirectional,
};
for (const op of SAME_SHAPE) rules[op] = sameAsInput;

/** Keras core, merge, embedding and recurrent layers. */
export const kerasCoreRules: Readonly<Record<string, ShapeRule>> = rules;
