// The schema declarations hold the published TFLite facts, and the generic codec reads back what it
// writes for every kind of field.
import { Builder } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import {
  BuiltinOperator,
  BuiltinOptions,
  BuiltinOptions2,
  checkSchema,
  defaultOptionsOf,
  tableDef,
  TensorType,
} from '../schema';
import { FlatbufferError, FlatbufferReader } from './decode';
import { FlatbufferWriter } from './encode';
import type { FbTable } from './values';

function roundTrip(table: string, value: FbTable): FbTable {
  const bytes = new FlatbufferWriter().finish(tableDef(table), value, 'TEST');
  return new FlatbufferReader(bytes).root(tableDef(table));
}

const idOf = (table: string, field: string): number => tableDef(table).fields.find((f) => f.name === field)!.id;

describe('TFLite schema declarations', () => {
  it('hang together: every union member and table reference has a table', () => {
    expect(checkSchema()).toEqual([]);
  });

  it('give the published enum values', () => {
    const code = (name: string) => BuiltinOperator.names.indexOf(name);
    expect([code('ADD'), code('CONV_2D'), code('FULLY_CONNECTED'), code('CUSTOM'), code('QUANTIZE')]).toEqual([
      0, 3, 9, 32, 114,
    ]);
    expect([
      code('BATCH_MATMUL'),
      code('PLACEHOLDER_FOR_GREATER_OP_CODES'),
      code('CUMSUM'),
      code('STABLEHLO_CASE'),
    ]).toEqual([126, 127, 128, 209]);
    expect([TensorType.names.indexOf('INT8'), TensorType.names.indexOf('INT4'), TensorType.names.length]).toEqual([
      9, 17, 19,
    ]);
    expect(BuiltinOptions.members.indexOf('Conv2DOptions') + 1).toBe(1);
    expect(BuiltinOptions.members.indexOf('BatchMatMulOptions') + 1).toBe(101);
    expect(BuiltinOptions.members.length).toBe(126);
    expect(BuiltinOptions2.members.indexOf('StablehloCaseOptions') + 1).toBe(23);
  });

  it('number fields as flatbuffers does, a union taking two ids', () => {
    expect(idOf('Operator', 'builtin_options')).toBe(4);
    expect(idOf('Operator', 'custom_options')).toBe(5);
    expect(idOf('Operator', 'large_custom_options_size')).toBe(10);
    expect(idOf('Operator', 'builtin_options_2')).toBe(12);
    expect(idOf('Operator', 'debug_metadata_index')).toBe(13);
    expect(idOf('QuantizationParameters', 'quantized_dimension')).toBe(6);
    expect(idOf('Tensor', 'shape_signature')).toBe(7);
    expect(idOf('Tensor', 'variant_tensors')).toBe(9);
    expect(idOf('Model', 'signature_defs')).toBe(7);
    expect(idOf('SignatureDef', 'subgraph_index')).toBe(4);
    expect(idOf('ResizeBilinearOptions', 'align_corners')).toBe(2);
  });

  it('pick the option table a converter writes for each op', () => {
    const table = (op: string) => defaultOptionsOf(op)?.table;
    expect([
      table('CONV_2D'),
      table('MAX_POOL_2D'),
      table('MEAN'),
      table('MINIMUM'),
      table('L2_NORMALIZATION'),
    ]).toEqual(['Conv2DOptions', 'Pool2DOptions', 'ReducerOptions', 'MaximumMinimumOptions', 'L2NormOptions']);
    expect([
      table('UNIDIRECTIONAL_SEQUENCE_RNN'),
      table('BATCH_MATMUL'),
      table('STABLEHLO_PAD'),
      table('RELU'),
    ]).toEqual(['SequenceRNNOptions', 'BatchMatMulOptions', 'StablehloPadOptions', undefined]);
    expect(defaultOptionsOf('STABLEHLO_PAD')?.union).toBe(BuiltinOptions2);
  });
});

describe('generic flatbuffer codec', () => {
  it('reads back scalars, enums, strings, vectors, nested tables and unions', () => {
    const tensor: FbTable = {
      shape: [1, 224, 224, 3],
      type: 9,
      buffer: 4_000_000_000,
      name: 'ünïcode/name',
      quantization: {
        min: [-1.5],
        max: [2.5],
        scale: [0.25, 0.5],
        zero_point: [3, -4, 9007199254740993n],
        details: { type: 'CustomQuantization', value: { custom: new Uint8Array([1, 2, 3]) } },
        quantized_dimension: 3,
      },
      is_variable: true,
      sparsity: {
        traversal_order: [0, 1],
        dim_metadata: [
          { dense_size: 4 },
          {
            format: 1,
            array_segments: { type: 'Uint16Vector', value: { values: [0, 2, 4] } },
            array_indices: { type: 'Uint8Vector', value: { values: new Uint8Array([1, 3, 0, 2]) } },
          },
        ],
      },
      shape_signature: [-1, 224, 224, 3],
      has_rank: true,
      variant_tensors: [{ shape: [2], type: 1, has_rank: true }],
    };
    expect(roundTrip('Tensor', tensor)).toEqual(tensor);
  });

  it('reads 64-bit fields as numbers when exact and bigints beyond 2^53', () => {
    const value = { large_custom_options_offset: 2 ** 40, large_custom_options_size: 2n ** 63n + 5n };
    expect(roundTrip('Operator', value)).toEqual(value);
    expect(
      roundTrip('StablehloConvolutionOptions', { window_strides: [-1, 2n ** 62n], window_reversal: [true, false] }),
    ).toEqual({
      window_strides: [-1, 2n ** 62n],
      window_reversal: [true, false],
    });
  });

  it('omits fields equal to their default and never writes deprecated fields', () => {
    expect(roundTrip('Tensor', { type: 0, is_variable: false, buffer: 0 })).toEqual({});
    expect(roundTrip('OperatorCode', { version: 1, builtin_code: 0 })).toEqual({});
    expect(roundTrip('Operator', { debug_metadata_index: -1 })).toEqual({});
    expect(roundTrip('ResizeBilinearOptions', { new_height: 5, align_corners: true })).toEqual({ align_corners: true });
  });

  it('aligns force_align vectors in the finished buffer', () => {
    for (let pad = 0; pad < 20; pad++) {
      const bytes = new FlatbufferWriter().finish(
        tableDef('Buffer'),
        { data: new Uint8Array(pad + 1).fill(7), offset: pad },
        'TFL3',
      );
      const data = new FlatbufferReader(bytes).root(tableDef('Buffer'))['data'] as Uint8Array;
      expect((data.byteOffset - bytes.byteOffset) % 16).toBe(0);
    }
  });

  it('reads an unknown union member as its type code', () => {
    const b = new Builder(64);
    b.startObject(0);
    const options = b.endObject();
    b.startObject(14);
    b.addFieldInt8(3, 200, 0);
    b.addFieldOffset(4, options, 0);
    b.finish(b.endObject());
    expect(new FlatbufferReader(b.asUint8Array()).root(tableDef('Operator'))).toEqual({
      builtin_options: { type: 200 },
    });
  });

  it('stops at anything outside the buffer, naming the field', () => {
    const bytes = new FlatbufferWriter().finish(tableDef('Tensor'), { name: 'abc', shape: [1, 2] }, 'TFL3');
    const probe = (mutate: (b: Uint8Array) => void): FlatbufferError => {
      const copy = bytes.slice();
      mutate(copy);
      try {
        new FlatbufferReader(copy).root(tableDef('Tensor'));
      } catch (error) {
        expect(error).toBeInstanceOf(FlatbufferError);
        return error as FlatbufferError;
      }
      throw new Error('read without error');
    };
    expect(probe((b) => b.set([0xf0, 0xff, 0xff, 0x0f], 0))).toMatchObject({ problem: 'past-end', path: '' });
    const cut = bytes.subarray(0, bytes.length - 6);
    expect(() => new FlatbufferReader(cut).root(tableDef('Tensor'))).toThrow(FlatbufferError);
  });
});
