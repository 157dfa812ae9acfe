// Recurrent layers: RNN, GRU, LSTM. Output shapes follow the `layout` attribute (opset 14): 0 puts the
// sequence first, 1 the batch first.
import type { Dim } from '../../ir/types';
import { intAttr, stringAttr } from '../attrs';
import type { ShapeRule } from '../context';
import { fail } from '../context';
import { out } from './common';

function recurrent(gates: number, outputs: number): ShapeRule {
  return (ctx) => {
    const dtype = ctx.dtype(0);
    const x = ctx.shape(0);
    const w = ctx.shape(1);
    const layout = ctx.opset >= 14 ? intAttr(ctx.node, 'layout', 0) : 0;
    const direction = stringAttr(ctx.node, 'direction', 'forward');
    const directions: Dim = direction === 'bidirectional' ? 2 : (w?.[0] ?? 1);
    const rows = w?.[1];
    const hidden: Dim = intAttr(ctx.node, 'hidden_size') ?? (typeof rows === 'number' ? rows / gates : null);
    if (x && x.length !== 3) fail('shape-mismatch', `the input has rank ${x.length}, expected 3`);
    const seq: Dim = x ? ((layout === 0 ? x[0] : x[1]) ?? null) : null;
    const batch: Dim = x ? ((layout === 0 ? x[1] : x[0]) ?? null) : null;
    const y = layout === 0 ? [seq, directions, batch, hidden] : [batch, seq, directions, hidden];
    const state = layout === 0 ? [directions, batch, hidden] : [batch, directions, hidden];
    return [out(dtype, y), ...Array.from({ length: outputs - 1 }, () => out(dtype, state))];
  };
}

/** Rules of the recurrent layers (default domain). */
export const recurrentRules: Readonly<Record<string, ShapeRule>> = {
  RNN: recurrent(1, 2),
  GRU: recurrent(3, 2),
  LSTM: recurrent(4, 3),
};
