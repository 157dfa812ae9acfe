// The ONNX layer operators of the catalogue (convolutions, pooling, normalisation, dense layers); see
// catalogue-onnx.ts for the sources and how versions are chosen.
import { A, onnxOperator as onnx, type OperatorSpec } from './catalogue-types';

const SAME = { keepsType: true };
const AUTO_PAD = A.enum('auto_pad', ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'], 'NOTSET');
const KERNEL = A.required(A.ints('kernel_shape'));
const CONV_ATTRS = [
  AUTO_PAD,
  A.ints('dilations'),
  A.int('group', 1),
  A.ints('kernel_shape'),
  A.ints('pads'),
  A.ints('strides'),
];
const POOL_V1 = [AUTO_PAD, KERNEL, A.ints('pads'), A.ints('strides')];
const AVG_V7 = [...POOL_V1, A.bool('count_include_pad', 0)];
const MAX_V8 = [...POOL_V1, A.int('storage_order', 0)];
const BN_V9 = [A.float('epsilon', 1e-5), A.float('momentum', 0.9)];
const GEMM = [A.float('alpha', 1), A.float('beta', 1), A.bool('transA', 0), A.bool('transB', 0)];

/** Convolution, pooling, normalisation and dense-layer entries of the ONNX catalogue. */
export const ONNX_LAYER_OPERATORS: readonly OperatorSpec[] = [
  onnx('Conv', 1, 'convolution', 'N-d convolution (NCHW), optional bias', 'X:T W:T B?:T', 'Y:T', CONV_ATTRS),
  onnx('ConvTranspose', 1, 'convolution', 'Transposed convolution (NCHW)', 'X:T W:T B?:T', 'Y:T', [
    ...CONV_ATTRS,
    A.ints('output_padding'),
    A.ints('output_shape'),
  ]),
  onnx('MaxPool', 1, 'pooling', 'Max over sliding windows', 'X:T', 'Y:T', POOL_V1),
  onnx('MaxPool', 8, 'pooling', 'Max over sliding windows', 'X:T', 'Y:T Indices?:int64', MAX_V8),
  onnx('MaxPool', 10, 'pooling', 'Max over sliding windows', 'X:T', 'Y:T Indices?:int64', [
    ...MAX_V8,
    A.bool('ceil_mode', 0),
    A.ints('dilations'),
  ]),
  onnx('AveragePool', 1, 'pooling', 'Mean over sliding windows', 'X:T', 'Y:T', POOL_V1),
  onnx('AveragePool', 7, 'pooling', 'Mean over sliding windows', 'X:T', 'Y:T', AVG_V7),
  onnx('AveragePool', 10, 'pooling', 'Mean over sliding windows', 'X:T', 'Y:T', [...AVG_V7, A.bool('ceil_mode', 0)]),
  onnx('AveragePool', 19, 'pooling', 'Mean over sliding windows', 'X:T', 'Y:T', [
    ...AVG_V7,
    A.bool('ceil_mode', 0),
    A.ints('dilations'),
  ]),
  onnx('GlobalAveragePool', 1, 'pooling', 'Mean over all spatial positions', 'X:T', 'Y:T'),
  onnx('GlobalMaxPool', 1, 'pooling', 'Max over all spatial positions', 'X:T', 'Y:T'),
  onnx(
    'BatchNormalization',
    7,
    'normalization',
    'Per-channel (x − mean) / √(var + ε) · scale + B',
    'X:T scale:T B:T mean:T var:T',
    'Y:T mean?:T var?:T saved_mean?:T saved_var?:T',
    [...BN_V9, A.int('spatial', 1)],
    SAME,
  ),
  onnx(
    'BatchNormalization',
    9,
    'normalization',
    'Per-channel (x − mean) / √(var + ε) · scale + B',
    'X:T scale:T B:T mean:T var:T',
    'Y:T mean?:T var?:T saved_mean?:T saved_var?:T',
    BN_V9,
    SAME,
  ),
  onnx(
    'BatchNormalization',
    14,
    'normalization',
    'Per-channel (x − mean) / √(var + ε) · scale + B',
    'X:T scale:T B:T input_mean:U input_var:U',
    'Y:T running_mean?:U running_var?:U',
    [...BN_V9, A.bool('training_mode', 0)],
    SAME,
  ),
  onnx(
    'BatchNormalization',
    15,
    'normalization',
    'Per-channel (x − mean) / √(var + ε) · scale + B',
    'X:T scale:T1 B:T1 input_mean:T2 input_var:T2',
    'Y:T running_mean?:T2 running_var?:T2',
    [...BN_V9, A.bool('training_mode', 0)],
    SAME,
  ),
  onnx('Gemm', 7, 'linear', 'alpha·A·B + beta·C (A, B optionally transposed)', 'A:T B:T C:T', 'Y:T', GEMM),
  onnx('Gemm', 11, 'linear', 'alpha·A·B + beta·C (A, B optionally transposed)', 'A:T B:T C?:T', 'Y:T', GEMM),
  onnx('MatMul', 1, 'linear', 'Matrix product (NumPy matmul)', 'A:T B:T', 'Y:T'),
];
