import { describe, expect, it } from 'vitest';
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { GraphBuilder } from '../../ir/builder';
import type { Model, Quantization } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { FUSING_OPS, fuseActivations, schemaHasFusedActivation } from './fuse-activations';
import { convBnModel, feedsFor, maxOutputDifference, values } from './test-graphs';

const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.op);
const activationOf = (m: Model, i: number): unknown => m.graph.nodes[i]!.attributes['fused_activation_function'];

function fuse(model: Model): ReturnType<typeof fuseActivations> {
  deepFreeze(model);
  const bytes = snapshotBytes(model);
  const result = fuseActivations(model);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  return result;
}

/** x [1, 6, 6, 2] → CONV_2D (fused NONE) → `activation` → y, or with a second reader of the conv output. */
function convThen(activation: string, producer = 'CONV_2D', extraReader = false, fused = 'NONE'): Model {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 6, 6, 2]);
  let out: string;
  if (producer === 'CONV_2D') {
    const w = b.constant('w', values(3 * 3 * 3 * 2, 1), [3, 3, 3, 2]);
    const bias = b.constant('b', values(3, 2, 0.1), [3]);
    out = b.op(
      'CONV_2D',
      [x, w, bias],
      options('CONV_2D', { padding: 'SAME', stride_w: 1, stride_h: 1, fused_activation_function: fused }),
      {
        outputs: ['conv'],
        dtype: 'float32',
        shape: [1, 6, 6, 3],
      },
    );
  } else {
    out = b.op(producer, [x, x], options(producer, { axis: 3 }), {
      outputs: ['conv'],
      dtype: 'float32',
      shape: [1, 6, 6, 4],
    });
  }
  const y = b.op(activation, [out], {}, { outputs: ['y'], dtype: 'float32' });
  b.output(y);
  if (extraReader) b.output(b.op('ABS', [out], {}, { outputs: ['z'], dtype: 'float32' }));
  return b.model({ format: 'tflite' });
}

describe('fuseActivations', () => {
  it('fuses RELU, RELU6 and RELU_N1_TO_1 into the op before; the op writes the activation’s output', async () => {
    for (const act of ['RELU', 'RELU6', 'RELU_N1_TO_1']) {
      const model = convThen(act);
      const { model: fused, report } = fuse(model);
      expect(ops(fused)).toEqual(['CONV_2D']);
      expect(activationOf(fused, 0)).toEqual({ type: 'string', value: act });
      expect(fused.graph.nodes[0]!.outputs).toEqual(['y']);
      expect(fused.graph.tensors.some((t) => t.id === 'conv')).toBe(false);
      expect(report.details).toEqual([`${act} "${act}_1" fused into CONV_2D "CONV_2D_0"`]);
      expect(await maxOutputDifference(model, fused, feedsFor(model, 3, 2))).toBe(0);
    }
  });

  it('leaves TANH, CONCATENATION producers, already-fused producers and shared outputs alone', () => {
    expect(fuse(convThen('TANH')).report.changed).toBe(0);
    expect(fuse(convThen('RELU', 'CONCATENATION')).report.changed).toBe(0);
    expect(fuse(convThen('RELU', 'CONV_2D', true)).report.changed).toBe(0);
    // A conv that already clamps with RELU: a RELU6 after it is not a NONE to replace.
    expect(fuse(convThen('RELU6', 'CONV_2D', false, 'RELU')).report.changed).toBe(0);
  });

  it('gives a quantized op the activation’s output quantization', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'int8', [1, 4]);
    const w = b.constant(
      'w',
      Int8Array.from(values(12, 4), (v) => Math.round(v * 100)),
      [3, 4],
    );
    const bias = b.constant('bias', Int32Array.of(40, -30, 5), [3]);
    const fc = b.node('FULLY_CONNECTED', [x, w, bias], options('FULLY_CONNECTED'), {
      outputs: ['fc'],
      dtype: 'int8',
      shape: [1, 3],
    })[0]!;
    b.output(b.op('RELU', [fc], {}, { outputs: ['y'], dtype: 'int8', shape: [1, 3] }));
    const model = b.model({ format: 'tflite' });
    const quant: Record<string, Quantization> = {
      x: { scale: [0.05], zeroPoint: [0] },
      w: { scale: [0.02], zeroPoint: [0] },
      bias: { scale: [0.001], zeroPoint: [0] },
      fc: { scale: [0.1], zeroPoint: [10] },
      y: { scale: [0.05], zeroPoint: [-128] },
    };
    const graph = { ...model.graph, tensors: model.graph.tensors.map((t) => ({ ...t, quant: quant[t.id]! })) };
    const quantized = { ...model, graph };
    const { model: fused } = fuse(quantized);
    expect(ops(fused)).toEqual(['FULLY_CONNECTED']);
    expect(fused.graph.tensors.find((t) => t.id === 'y')!.quant).toEqual(quant['y']);
    // Rounding once onto the finer grid instead of twice: within one step of the coarser one.
    const feeds = { x: Float32Array.of(1, -2, 3, 0.5) };
    expect(await maxOutputDifference(quantized, fused, feeds)).toBeLessThanOrEqual(0.1 + 1e-6);
  });

  it('knows only producers whose schema options carry a fused activation', () => {
    for (const op of FUSING_OPS) expect(schemaHasFusedActivation(op), op).toBe(true);
    expect(schemaHasFusedActivation('RESHAPE')).toBe(false);
  });

  it('does nothing to ONNX models', () => {
    const model = convBnModel();
    expect(fuse(model).model).toBe(model);
  });
});
