import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../ir/builder';
import type { Model } from '../../../ir/types';
import { inferShapes } from '../../../shape/infer';
import { typeLookup } from '../../type-lookup';
import { backPropagate, compileStage, evenSplit, hull, inputRange } from './regions';
import { spatialOp, type SpatialContext, type SpatialOp } from './spatial-ops';
import { weightTensors } from './stages';

function context(model: Model): SpatialContext {
  const inference = inferShapes(model);
  return {
    format: model.format,
    typeOf: typeLookup(model.graph, inference),
    weights: weightTensors(
      model.graph,
      model.graph.nodes.map((_, i) => i),
    ),
    intValues: (id) => inference.folded.get(id)?.values,
  };
}

function ops(model: Model): (SpatialOp | undefined)[] {
  const ctx = context(model);
  return model.graph.nodes.map((n) => spatialOp(n, ctx));
}

describe('regions', () => {
  it('splits evenly and maps output ranges through windows, clamped to the input', () => {
    expect(evenSplit(28, 4)).toEqual([
      [0, 7],
      [7, 14],
      [14, 21],
      [21, 28],
    ]);
    expect(evenSplit(8, 3)).toEqual([
      [0, 2],
      [2, 5],
      [5, 8],
    ]);
    const w = { kernel: 3, stride: 2, dilation: 1, padBegin: 1 };
    expect(inputRange([0, 7], w, 56)).toEqual([0, 14]);
    expect(inputRange([7, 14], w, 56)).toEqual([13, 28]);
    expect(inputRange([27, 28], w, 56)).toEqual([53, 56]);
    expect(inputRange([2, 3], { kernel: 3, stride: 1, dilation: 2, padBegin: 2 }, 10)).toEqual([0, 5]);
    expect(inputRange([0, 0], w, 56)).toEqual([0, 0]);
    expect(hull([2, 4], [6, 9])).toEqual([2, 9]);
    expect(hull([0, 0], [6, 9])).toEqual([6, 9]);
  });

  it('reads TFLite NHWC windows with SAME padding (the odd pad at the end)', () => {
    // x [1,8,8,1] ─CONV_2D 3×3 SAME─ c [1,8,8,4] ─DEPTHWISE_CONV_2D 3×3 stride 2 SAME─ d [1,4,4,4]
    const g = new GraphBuilder();
    const x = g.input('x', 'int8', [1, 8, 8, 1]);
    const f = g.constant('f', new Int8Array(36), [4, 3, 3, 1]);
    const dw = g.constant('dw', new Int8Array(36), [1, 3, 3, 4]);
    const same = { padding: 'SAME', stride_h: 1, stride_w: 1 };
    const c = g.op('CONV_2D', [x, f], same, { name: 'conv', outputs: ['c'], dtype: 'int8', shape: [1, 8, 8, 4] });
    const strided = { padding: 'SAME', stride_h: 2, stride_w: 2, depth_multiplier: 1 };
    g.op('DEPTHWISE_CONV_2D', [c, dw], strided, { name: 'dw', outputs: ['d'], dtype: 'int8', shape: [1, 4, 4, 4] });
    const [conv, depthwise] = ops(g.output('d').model({ format: 'tflite' })) as [SpatialOp, SpatialOp];
    // 8 → 4 with a 3×3 window at stride 2 needs one pad, which TFLite puts at the end.
    expect(depthwise.inputs[0]?.window[0]).toEqual({ kernel: 3, stride: 2, dilation: 1, padBegin: 0 });
    const stage = compileStage([conv, depthwise], 'd');
    const rows = (tile: [number, number]) => [...backPropagate(stage, 0, tile)];
    // tensors numbered c, x, d: rows [0,2) of d need c [0,5) and x [0,6); rows [2,4) need c [4,8), x [3,8).
    expect(stage.tensors).toEqual(['c', 'x', 'd']);
    expect(rows([0, 2])).toEqual([5, 6, 2]);
    expect(rows([2, 4])).toEqual([4, 5, 2]);
  });

  it('reads ONNX auto_pad, Pad, Concat and element-wise ops; refuses broadcast activations', () => {
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [1, 2, 8, 8]);
    const w = g.constant('w', new Float32Array(36), [2, 2, 3, 3]);
    const pads = g.constant('pads', BigInt64Array.from([0, 0, 1, 2, 0, 0, 1, 2], BigInt), [8]);
    const upper = g.op('Conv', [x, w], { auto_pad: 'SAME_UPPER', strides: [2, 2] }, { name: 'upper' });
    const lower = g.op('Conv', [x, w], { auto_pad: 'SAME_LOWER', strides: [2, 2] }, { name: 'lower' });
    const cat = g.op('Concat', [upper, lower], { axis: 1 }, { name: 'cat' });
    const padded = g.op('Pad', [cat, pads], {}, { name: 'pad' });
    const pooled = g.op('GlobalAveragePool', [padded], {}, { name: 'gap' });
    g.op('Mul', [padded, pooled], {}, { name: 'scale' });
    const [u, l, c, p, gap, scale] = ops(g.output('scale_out').model());
    expect([u?.inputs[0]?.window[0].padBegin, l?.inputs[0]?.window[0].padBegin]).toEqual([0, 1]);
    expect(c?.inputs.map((i) => i.id)).toEqual(['upper_out', 'lower_out']);
    expect(p?.inputs[0]?.window.map((a) => a.padBegin)).toEqual([1, 2]);
    expect(p?.size).toEqual([6, 8]);
    expect([gap, scale]).toEqual([undefined, undefined]);
  });
});
