// Small models the edit tests share, built with the IR builder (weights seeded, so runs are repeatable).
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { tfliteOptionAttributes } from '../../formats/tflite/options';
import { seededRandom } from '../../util/random';
import { applyEdit } from './apply';
import { EditError } from './edit-error';
import type { EditOp } from './types';

function weights(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => random() - 0.5);
}

/**
 * x[N,1,6,6] → Conv "conv" → Identity "id1" → Relu "relu" → Dropout "drop" → Flatten "flat" → Gemm "fc"
 * → Identity "id_out" → y[N,4]. Opset 13; the batch is the symbol N.
 */
export function onnxChain(): Model {
  const b = new GraphBuilder('chain');
  const x = b.input('x', 'float32', ['N', 1, 6, 6]);
  const w = b.constant('w', weights(2 * 9, 1), [2, 1, 3, 3]);
  const bias = b.constant('bias', weights(2, 2), [2]);
  const conv = b.op('Conv', [x, w, bias], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }, { name: 'conv' });
  const id1 = b.op('Identity', [conv], {}, { name: 'id1' });
  const relu = b.op('Relu', [id1], {}, { name: 'relu' });
  const [drop] = b.node('Dropout', [relu], {}, { name: 'drop', outputs: ['drop_out', 'drop_mask'] });
  const flat = b.op('Flatten', [drop!], { axis: 1 }, { name: 'flat' });
  const fw = b.constant('fc_w', weights(4 * 72, 3), [4, 72]);
  const fb = b.constant('fc_b', weights(4, 4), [4]);
  const fc = b.op('Gemm', [flat, fw, fb], { transB: 1 }, { name: 'fc' });
  b.node('Identity', [fc], {}, { name: 'id_out', outputs: ['y'] });
  b.declare('y', 'float32', ['N', 4]);
  return b.output('y').model({ opset: 13 });
}

/** a[1,4] → Add(a, c) "add" → Relu "relu" → out; plus a side branch Sigmoid "side" → side_out (an output). */
export function onnxBranches(): Model {
  const b = new GraphBuilder('branches');
  const a = b.input('a', 'float32', [1, 4]);
  const c = b.constant('c', Float32Array.of(1, 2, 3, 4), [1, 4]);
  const add = b.op('Add', [a, c], {}, { name: 'add', dtype: 'float32', shape: [1, 4] });
  const relu = b.op('Relu', [add], {}, { name: 'relu', outputs: ['out'], dtype: 'float32', shape: [1, 4] });
  const side = b.op('Sigmoid', [a], {}, { name: 'side', outputs: ['side_out'], dtype: 'float32', shape: [1, 4] });
  return b.output(relu, side).model({ opset: 13 });
}

/** A float TFLite model: in[1,4,4,1] → CONV_2D "conv" → RELU → RESHAPE → FULLY_CONNECTED → out[1,3]. */
export function tfliteSmall(): Model {
  const b = new GraphBuilder('main');
  const x = b.input('in', 'float32', [1, 4, 4, 1]);
  const w = b.constant('filter', weights(2 * 9, 5), [2, 3, 3, 1]);
  const bias = b.constant('conv_bias', weights(2, 6), [2]);
  const o = { dtype: 'float32' as const };
  const conv = b.op(
    'CONV_2D',
    [x, w, bias],
    tfliteOptionAttributes('CONV_2D', { padding: 'SAME', stride_w: 1, stride_h: 1 }),
    {
      ...o,
      name: 'CONV_2D_0',
      outputs: ['conv_out'],
      shape: [1, 4, 4, 2],
    },
  );
  const relu = b.op('RELU', [conv], {}, { ...o, name: 'RELU_1', outputs: ['relu_out'], shape: [1, 4, 4, 2] });
  const shape = b.constant('shape', Int32Array.of(1, 32), [2]);
  const flat = b.op('RESHAPE', [relu, shape], tfliteOptionAttributes('RESHAPE', { new_shape: [1, 32] }), {
    ...o,
    name: 'RESHAPE_2',
    outputs: ['flat'],
    shape: [1, 32],
  });
  const fw = b.constant('fc_w', weights(3 * 32, 7), [3, 32]);
  const fb = b.constant('fc_b', weights(3, 8), [3]);
  b.op('FULLY_CONNECTED', [flat, fw, fb], tfliteOptionAttributes('FULLY_CONNECTED'), {
    ...o,
    name: 'FULLY_CONNECTED_3',
    outputs: ['out'],
    shape: [1, 3],
  });
  return b.output('out').model({ format: 'tflite' });
}

/** The EditError `op` is refused with on `model` (fails the test when the edit is applied instead). */
export function refusal(model: Model, op: EditOp): EditError {
  try {
    applyEdit(model, op);
  } catch (error) {
    if (error instanceof EditError) return error;
    throw error;
  }
  throw new Error(`${op.kind} was not refused`);
}
