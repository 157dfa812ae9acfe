// Option tables become attributes by field name, one attribute kind per schema type, and come back.
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from '../../ir/builder';
import { diffIR } from '../../ir/equal';
import type { Attribute, Model, Node } from '../../ir/types';
import { FlatbufferReader } from './codec/decode';
import { tablesOf } from './codec/values';
import { readTflite, tfliteOptionAttributes, writeTflite } from './index';
import { tableDef } from './schema';
import { tfliteModel } from './test-models';

function oneOp(op: string, attributes: Record<string, Attribute>, extras?: Node['extras']): Model {
  const b = new GraphBuilder('g');
  const x = b.input('x', 'float32', [4]);
  b.output(b.op(op, [x], {}, { outputs: ['y'], dtype: 'float32', shape: [4] }));
  const model = tfliteModel(b);
  const node: Node = { ...model.graph.nodes[0]!, attributes, ...(extras ? { extras } : {}) };
  return { ...model, graph: { ...model.graph, nodes: [node] } };
}

function back(model: Model): Model {
  return readTflite(writeTflite(model));
}

function firstOperator(model: Model) {
  const root = new FlatbufferReader(writeTflite(model)[0]!.bytes).root(tableDef('Model'));
  return { op: tablesOf(tablesOf(root['subgraphs'])[0]!['operators'])[0]!, codes: tablesOf(root['operator_codes']) };
}

describe('TFLite option attributes', () => {
  it('fills every field of the option table, enums by name and booleans as 0/1', () => {
    expect(tfliteOptionAttributes('CONV_2D', { stride_w: 2 })).toEqual({
      padding: attr.string('SAME'),
      stride_w: attr.int(2),
      stride_h: attr.int(0),
      fused_activation_function: attr.string('NONE'),
      dilation_w_factor: attr.int(1),
      dilation_h_factor: attr.int(1),
      quantized_bias_type: attr.string('FLOAT32'),
    });
    expect(tfliteOptionAttributes('BATCH_MATMUL', { adj_x: 1 })).toEqual({
      adj_x: attr.int(1),
      adj_y: attr.int(0),
      asymmetric_quantize_inputs: attr.int(0),
    });
    // An int given for a float field becomes a float, as it reads back.
    expect(tfliteOptionAttributes('SOFTMAX', { beta: 1 })).toEqual({ beta: attr.float(1) });
    expect(tfliteOptionAttributes('RELU')).toEqual({});
  });

  const cases: Array<[string, string, Record<string, Attribute>, Record<string, Attribute>]> = [
    ['floats and a float', 'BUCKETIZE', { boundaries: attr.floats([0.5, 1.5, 2.5]) }, {}],
    ['a float', 'LEAKY_RELU', { alpha: attr.float(0.25) }, {}],
    [
      'strings (TensorType and strings)',
      'VAR_HANDLE',
      { container: attr.string('c'), shared_name: attr.string('v') },
      {},
    ],
    [
      'a 64-bit seed beyond 2^53 (kept as its digits)',
      'RANDOM_UNIFORM',
      { seed: attr.string('9007199254740993'), seed2: attr.int(-5) },
      {},
    ],
    [
      'int64 lists, bool lists and enum lists (BuiltinOptions2)',
      'STABLEHLO_CONVOLUTION',
      {
        window_strides: attr.ints([1, 2]),
        window_reversal: attr.ints([0, 1]),
        feature_group_count: attr.int(1),
        precision_config: attr.strings(['DEFAULT', 'HIGHEST']),
      },
      {},
    ],
    [
      'bytes, a string and subgraph lists',
      'STABLEHLO_CUSTOM_CALL',
      {
        call_target_name: attr.string('my_target'),
        has_side_effect: attr.int(1),
        called_computations: attr.ints([1]),
        custom_attributes: { type: 'bytes', value: new Uint8Array([1, 2, 3]) },
      },
      {},
    ],
    [
      'uint32 enums',
      'STABLEHLO_COMPARE',
      {
        comparison_direction: attr.string('STABLEHLO_COMPARISON_DIRECTION_LT'),
        compare_type: attr.string('STABLEHLO_COMPARISON_TYPE_FLOAT'),
      },
      {},
    ],
  ];

  it.each(cases)('keeps %s (%s)', (_, op, given, extra) => {
    const attributes = tfliteOptionAttributes(op, given);
    const model = oneOp(op, { ...attributes, ...extra });
    const read = back(model);
    expect(diffIR(model, read)).toBeUndefined();
    for (const [name, value] of Object.entries(given)) expect(read.graph.nodes[0]!.attributes[name]).toEqual(value);
  });

  it('writes a 64-bit seed exactly', () => {
    const { op } = firstOperator(
      oneOp('RANDOM_UNIFORM', tfliteOptionAttributes('RANDOM_UNIFORM', { seed: attr.string('9007199254740993') })),
    );
    expect(op['builtin_options']).toEqual({ type: 'RandomOptions', value: { seed: 9007199254740993n } });
  });

  it('keeps a custom op with its custom options verbatim', () => {
    const options = new Uint8Array([0x6b, 0x65, 0x79, 0, 1, 2, 0xff, 0x24, 0x01]);
    const model = oneOp(
      'TFLite_Detection_PostProcess',
      {
        custom_options: { type: 'opaque', format: 'flexbuffers', value: options },
      },
      { tflite: { version: 2 } },
    );
    const read = back(model);
    expect(diffIR(model, read)).toBeUndefined();
    const { op, codes } = firstOperator(model);
    expect(op['custom_options']).toEqual(options);
    expect(codes[0]).toMatchObject({ builtin_code: 32, custom_code: 'TFLite_Detection_PostProcess', version: 2 });
  });

  it('keeps a custom op named like a builtin apart from the builtin', () => {
    const model = oneOp('ADD', {}, { tflite: { custom: true } });
    expect(diffIR(model, back(model))).toBeUndefined();
    expect(firstOperator(model).codes[0]).toMatchObject({ builtin_code: 32, custom_code: 'ADD' });
  });

  it('keeps builtin codes newer than the schema by their code', () => {
    const model = oneOp('BUILTIN_OP_250', {}, { tflite: { version: 3 } });
    const read = back(model);
    expect(read.graph.nodes[0]!.op).toBe('BUILTIN_OP_250');
    expect(diffIR(model, read)).toBeUndefined();
    expect(firstOperator(model).codes[0]).toMatchObject({
      deprecated_builtin_code: 127,
      builtin_code: 250,
      version: 3,
    });
  });
});
