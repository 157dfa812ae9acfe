import { describe, expect, it } from 'vitest';
import { classifyOp, OP_FAMILIES } from './op-family';

describe('classifyOp', () => {
  it.each([
    ['Conv', 'conv'],
    ['CONV_2D', 'conv'],
    ['DEPTHWISE_CONV_2D', 'conv'],
    ['DepthwiseConv2dNative', 'conv'],
    ['_FusedConv2D', 'conv'],
    ['QLinearConv', 'conv'],
    ['Gemm', 'linear'],
    ['MatMul', 'linear'],
    ['FULLY_CONNECTED', 'linear'],
    ['Dense', 'linear'],
    ['LSTM', 'linear'],
    ['Relu', 'activation'],
    ['RELU6', 'activation'],
    ['LOGISTIC', 'activation'],
    ['Softmax', 'activation'],
    ['BatchNormalization', 'normalization'],
    ['FusedBatchNormV3', 'normalization'],
    ['LRN', 'normalization'],
    ['MaxPool', 'pooling'],
    ['AVERAGE_POOL_2D', 'pooling'],
    ['GlobalAveragePool', 'pooling'],
    ['ReduceMean', 'pooling'],
    ['Add', 'elementwise'],
    ['Sum', 'elementwise'],
    ['MUL', 'elementwise'],
    ['BiasAdd', 'elementwise'],
    ['Reshape', 'reshape'],
    ['Concat', 'reshape'],
    ['CONCATENATION', 'reshape'],
    ['Flatten', 'reshape'],
    ['Dropout', 'reshape'],
    ['QuantizeLinear', 'quantization'],
    ['DEQUANTIZE', 'quantization'],
    ['Constant', 'constant'],
    ['ConstantOfShape', 'constant'],
    ['Const', 'constant'],
    ['If', 'control'],
    ['WHILE', 'control'],
    ['Loop', 'control'],
    ['MyCustomOp', 'other'],
    ['', 'other'],
  ])('%s is %s', (op, family) => {
    expect(classifyOp(op)).toBe(family);
  });

  it('lists every family once, "other" last', () => {
    expect(new Set(OP_FAMILIES).size).toBe(OP_FAMILIES.length);
    expect(OP_FAMILIES.at(-1)).toBe('other');
  });
});
