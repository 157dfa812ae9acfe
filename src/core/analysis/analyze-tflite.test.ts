import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../ir/builder';
import type { Model } from '../ir/types';
import { analyzeModel } from './analyze';

/**
 * TFLM's test conv model (tflite-micro testing/test_conv_model.cc, corpus tflm_test_conv_model.tflite)
 * transcribed tensor by tensor in its own tensor order: QUANTIZE → 2 × CONV_2D → MAX_POOL_2D → RESHAPE →
 * FULLY_CONNECTED → DEQUANTIZE. TFLM's memory_arena_threshold_test plans 7,744 B of activations for it.
 */
function tflmTestConvModel(): Model {
  const b = new GraphBuilder('test_conv_model');
  b.declare('t0_input_int8', 'int8', [1, 16, 16, 1]);
  b.constant('t1_conv_bias', new Int32Array(16), [16]);
  b.constant('t2_conv1_bias', new Int32Array(32), [32]);
  b.constant('t3_dense_bias', new Int32Array(10), [10]);
  b.constant('t4_flatten_shape', new Int32Array([-1, 1152]), [2]);
  b.constant('t5_dense_weights', new Int8Array(10 * 1152), [10, 1152]);
  b.constant('t6_conv_weights', new Int8Array(16 * 9), [16, 3, 3, 1]);
  b.constant('t7_conv1_weights', new Int8Array(32 * 9 * 16), [32, 3, 3, 16]);
  b.declare('t8_conv', 'int8', [1, 14, 14, 16]);
  b.declare('t9_conv1', 'int8', [1, 12, 12, 32]);
  b.declare('t10_pool', 'int8', [1, 6, 6, 32]);
  b.declare('t11_flat', 'int8', [1, 1152]);
  b.declare('t12_logits_int8', 'int8', [1, 10]);
  b.input('t13_input', 'float32', [1, 16, 16, 1]);
  b.declare('t14_logits', 'float32', [1, 10]);
  b.node('QUANTIZE', ['t13_input'], {}, { outputs: ['t0_input_int8'] });
  b.node('CONV_2D', ['t0_input_int8', 't6_conv_weights', 't1_conv_bias'], {}, { outputs: ['t8_conv'] });
  b.node('CONV_2D', ['t8_conv', 't7_conv1_weights', 't2_conv1_bias'], {}, { outputs: ['t9_conv1'] });
  b.node('MAX_POOL_2D', ['t9_conv1'], {}, { outputs: ['t10_pool'] });
  b.node('RESHAPE', ['t10_pool', 't4_flatten_shape'], {}, { outputs: ['t11_flat'] });
  b.node('FULLY_CONNECTED', ['t11_flat', 't5_dense_weights', 't3_dense_bias'], {}, { outputs: ['t12_logits_int8'] });
  b.node('DEQUANTIZE', ['t12_logits_int8'], {}, { outputs: ['t14_logits'] });
  return b.output('t14_logits').model({ format: 'tflite', opsets: [] });
}

describe('analyzeModel on a TFLite graph', () => {
  it("reproduces the corpus figures and TFLM's 7,744-byte arena for its test conv model", () => {
    const a = analyzeModel(tflmTestConvModel());
    expect(a).toMatchObject({ params: 16_332, weightBytes: 16_512, macs: 703_296, arenaBytes: 7_744 });
    // 14·14·16 outputs × 3·3·1, then 12·12·32 × 3·3·16, then 10 × 1152
    expect(a.layers.map((l) => l.macs)).toEqual([0, 28_224, 663_552, 0, 0, 11_520, 0]);
    expect(a.opsHistogram).toEqual({
      QUANTIZE: 1,
      CONV_2D: 2,
      MAX_POOL_2D: 1,
      RESHAPE: 1,
      FULLY_CONNECTED: 1,
      DEQUANTIZE: 1,
    });
    expect(a.peakActivationBytes).toBeLessThanOrEqual(a.arenaBytes);
  });
});
