// Normalizations: BatchNormalization (opset-dependent extra outputs), InstanceNormalization,
// LayerNormalization (Mean / InvStdDev outputs), GroupNormalization, LRN.
import { dtypeAttr, intAttr } from '../attrs';
import type { ShapeRule } from '../context';
import { normAxis } from '../dims';
import { like, out } from './common';

const batchNormalization: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  // Extra outputs are per-channel statistics shaped like the mean input (opset < 9 with spatial = 0
  // allowed C × D1 × ...); from opset 14 only running_mean and running_var remain.
  const statShape = ctx.shape(3) ?? (x && x.length > 1 ? [x[1] ?? null] : undefined);
  const statType = ctx.opset >= 14 ? (ctx.dtype(3) ?? ctx.dtype(0)) : ctx.dtype(0);
  const extra = ctx.opset >= 14 ? 2 : 4;
  return [like(ctx), ...Array.from({ length: extra }, () => out(statType, statShape))];
};

const layerNormalization: ShapeRule = (ctx) => {
  const x = ctx.shape(0);
  const stash = dtypeAttr(ctx.node, 'stash_type') ?? 'float32';
  if (!x) return [like(ctx), out(stash), out(stash)];
  const axis = normAxis(intAttr(ctx.node, 'axis', -1), x.length);
  const reduced = x.map((d, i) => (i < axis ? d : 1));
  return [like(ctx), out(stash, reduced), out(stash, reduced)];
};

/** Rules of the normalization ops (default domain). */
export const normalizationRules: Readonly<Record<string, ShapeRule>> = {
  BatchNormalization: batchNormalization,
  InstanceNormalization: (ctx) => [like(ctx)],
  LayerNormalization: layerNormalization,
  GroupNormalization: (ctx) => [like(ctx)],
  LRN: (ctx) => [like(ctx)],
};
