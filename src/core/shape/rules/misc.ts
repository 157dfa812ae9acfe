// Everything else with a shape rule: losses, detection helpers (RoiAlign, NonMaxSuppression, GridSample),
// signal ops (DFT, STFT), text ops, Det, CenterCropPad, and the sequence / optional ops, whose values are
// not tensors and so stay unknown without being reported as unknown operators.
import type { Dim } from '../../ir/types';
import { intAttr, intsAttr, stringAttr, stringsAttrLength } from '../attrs';
import type { ShapeRule } from '../context';
import { fail } from '../context';
import { isNum, normAxes, normAxis } from '../dims';
import { out, scalarInput } from './common';

function loss(ctx: Parameters<ShapeRule>[0], withLogProb: boolean) {
  const reduction = stringAttr(ctx.node, 'reduction', 'mean');
  const dtype = ctx.dtype(0);
  const target = ctx.shape(1);
  const lossShape = reduction === 'none' ? target : [];
  return withLogProb ? [out(dtype, lossShape), out(dtype, ctx.shape(0))] : [out(dtype, lossShape)];
}

const gridSample: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const grid = ctx.shape(1);
  if (!x || !grid) return [out(ctx.dtype(0))];
  return [out(ctx.dtype(0), [x[0] ?? grid[0] ?? null, x[1] ?? null, ...grid.slice(1, -1)])];
};

const roiAlign: ShapeRule = (ctx) => {
  const rois: Dim = ctx.shape(1)?.[0] ?? ctx.shape(2)?.[0] ?? null;
  const h = intAttr(ctx.node, 'output_height', 1);
  const w = intAttr(ctx.node, 'output_width', 1);
  return [out(ctx.dtype(0), [rois, ctx.shape(0)?.[1] ?? null, h, w])];
};

const tfIdf: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const indexes = intsAttr(ctx.node, 'ngram_indexes') ?? [];
  const size = indexes.length > 0 ? Math.max(...indexes) + 1 : null;
  if (!x) return [out('float32')];
  if (x.length === 1) return [out('float32', [size])];
  if (x.length === 2) return [out('float32', [x[0] ?? null, size])];
  return fail('shape-mismatch', `the input has rank ${x.length}, expected 1 or 2`);
};

const stringNormalizer: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  // Stop words may remove elements, so the last dim is only kept without them.
  if (!x || stringsAttrLength(ctx.node, 'stopwords') === 0) return [out('string', x)];
  return [
    out(
      'string',
      x.map((d, i) => (i === x.length - 1 ? null : d)),
    ),
  ];
};

const det: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (x && x.length < 2) fail('shape-mismatch', `the input has rank ${x.length}; Det needs square matrices`);
  return [out(ctx.dtype(0), x?.slice(0, -2))];
};

const dft: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out(ctx.dtype(0))];
  const axis = normAxis(ctx.opset >= 20 ? (scalarInput(ctx, 2) ?? -2) : intAttr(ctx.node, 'axis', 1), x.length);
  const length: Dim = ctx.has(1) ? (scalarInput(ctx, 1) ?? null) : (x[axis] ?? null);
  const onesided = intAttr(ctx.node, 'onesided', 0) === 1;
  const shape = x.map((d, i) => (i === axis ? (onesided && isNum(length) ? Math.floor(length / 2) + 1 : length) : d));
  shape[shape.length - 1] = 2;
  return [out(ctx.dtype(0), shape)];
};

const stft: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [out(ctx.dtype(0))];
  const step = scalarInput(ctx, 1);
  const frame = ctx.has(3) ? scalarInput(ctx, 3) : ctx.shape(2)?.[0];
  const signal = x[1];
  const frames = isNum(signal) && isNum(frame) && step ? Math.floor((signal - frame) / step) + 1 : null;
  const onesided = intAttr(ctx.node, 'onesided', 1) === 1;
  const bins = isNum(frame) ? (onesided ? Math.floor(frame / 2) + 1 : frame) : null;
  return [out(ctx.dtype(0), [x[0] ?? null, frames, bins, 2])];
};

const centerCropPad: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const sizes = ctx.value(1)?.values;
  if (!x || !sizes) return [out(ctx.dtype(0))];
  const axes = normAxes(intsAttr(ctx.node, 'axes') ?? x.map((_, i) => i), x.length);
  const shape: Dim[] = [...x];
  axes.forEach((a, i) => (shape[a] = sizes[i] ?? null));
  return [out(ctx.dtype(0), shape)];
};

const col2Im: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const image = ctx.value(1)?.values;
  const block = ctx.numbers(2);
  if (!x || !image) return [out(ctx.dtype(0))];
  const perBlock = block?.reduce((a, b) => a * b, 1);
  const c = x[1];
  const channels = isNum(c) && perBlock ? c / perBlock : null;
  return [out(ctx.dtype(0), [x[0] ?? null, Number.isInteger(channels) ? channels : null, ...image])];
};

const affineGrid: ShapeRule = (ctx) => {
  const size = ctx.value(1)?.values;
  if (!size) return [out(ctx.dtype(0))];
  // size is N, C, H, W (2-D) or N, C, D, H, W (3-D); the grid holds one coordinate tuple per output point.
  return [out(ctx.dtype(0), [size[0] ?? null, ...size.slice(2), size.length - 2])];
};

const opaque: ShapeRule = () => [];

const rules: Record<string, ShapeRule> = {
  SoftmaxCrossEntropyLoss: (ctx) => loss(ctx, true),
  NegativeLogLikelihoodLoss: (ctx) => loss(ctx, false),
  GridSample: gridSample,
  RoiAlign: roiAlign,
  NonMaxSuppression: () => [out('int64', [null, 3])],
  TfIdfVectorizer: tfIdf,
  StringNormalizer: stringNormalizer,
  Det: det,
  DFT: dft,
  STFT: stft,
  CenterCropPad: centerCropPad,
  Col2Im: col2Im,
  AffineGrid: affineGrid,
  SequenceLength: () => [out('int64', [])],
  OptionalHasElement: () => [out('bool', [])],
};
// Their outputs are sequences or optionals (or tensors taken out of one), which TensorType cannot describe.
for (const op of [
  'SequenceConstruct',
  'SequenceEmpty',
  'SequenceInsert',
  'SequenceErase',
  'SequenceAt',
  'SplitToSequence',
  'ConcatFromSequence',
  'SequenceMap',
  'Optional',
  'OptionalGetElement',
])
  rules[op] = opaque;

/** Rules of the remaining default-domain ops. */
export const miscRules: Readonly<Record<string, ShapeRule>> = rules;
