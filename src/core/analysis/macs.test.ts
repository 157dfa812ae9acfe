import { describe, expect, it } from 'vitest';
import { GraphBuilder, type AttributeInput } from '../ir/builder';
import type { FormatId, Shape } from '../ir/types';
import { nodeMacs } from './macs';
import { typeLookup } from './type-lookup';

interface Case {
  readonly name: string;
  readonly op: string;
  /** Input shapes; the first is a graph input, the others constants (declared types suffice). */
  readonly inputs: readonly Shape[];
  readonly output?: Shape;
  readonly attributes?: Record<string, AttributeInput>;
  readonly format?: FormatId;
  readonly domain?: string;
  readonly macs: number;
  readonly known?: boolean;
}

function macsOf(c: Case): { macs: number; known: boolean } {
  const b = new GraphBuilder();
  const ids = c.inputs.map((shape, i) =>
    i === 0 ? b.input('x0', 'float32', shape) : b.declare(`x${i}`, 'float32', shape),
  );
  const options = {
    name: 'n',
    dtype: 'float32' as const,
    ...(c.output ? { shape: c.output } : {}),
    ...(c.domain !== undefined ? { domain: c.domain } : {}),
  };
  const y = b.op(c.op, ids, c.attributes ?? {}, options);
  const graph = b.output(y).graph();
  return nodeMacs(graph.nodes[0]!, typeLookup(graph), c.format ?? 'onnx');
}

const CASES: readonly Case[] = [
  // 16 outputs × 30×30 positions × (3 channels × 3×3 kernel)
  {
    name: 'Conv',
    op: 'Conv',
    inputs: [
      [1, 3, 32, 32],
      [16, 3, 3, 3],
    ],
    output: [1, 16, 30, 30],
    macs: 16 * 900 * 27,
  },
  {
    name: 'Conv, 2 groups',
    op: 'Conv',
    inputs: [
      [1, 8, 10, 10],
      [16, 4, 3, 3],
    ],
    output: [1, 16, 8, 8],
    attributes: { group: 2 },
    macs: 16 * 64 * 36,
  },
  {
    name: 'depthwise Conv',
    op: 'Conv',
    inputs: [
      [1, 8, 10, 10],
      [8, 1, 3, 3],
    ],
    output: [1, 8, 8, 8],
    attributes: { group: 8 },
    macs: 8 * 64 * 9,
  },
  {
    name: 'Conv with symbolic batch',
    op: 'Conv',
    inputs: [
      ['N', 2, 4],
      [3, 2, 3],
    ],
    output: ['N', 3, 2],
    macs: 3 * 2 * 6,
  },
  {
    name: 'ConvTranspose',
    op: 'ConvTranspose',
    inputs: [
      [1, 4, 5, 5],
      [4, 2, 3, 3],
    ],
    output: [1, 2, 7, 7],
    macs: 100 * 18,
  },
  {
    name: 'QLinearConv',
    op: 'QLinearConv',
    inputs: [[1, 3, 8, 8], [], [], [4, 3, 1, 1], [], [], [], []],
    output: [1, 4, 8, 8],
    macs: 256 * 3,
  },
  {
    name: 'ConvInteger',
    op: 'ConvInteger',
    inputs: [
      [1, 1, 3, 3],
      [1, 1, 2, 2],
    ],
    output: [1, 1, 2, 2],
    macs: 4 * 4,
  },
  {
    name: 'Gemm',
    op: 'Gemm',
    inputs: [
      [2, 5],
      [5, 3],
    ],
    macs: 2 * 3 * 5,
  },
  {
    name: 'Gemm transB',
    op: 'Gemm',
    inputs: [
      [2, 5],
      [3, 5],
    ],
    attributes: { transB: 1 },
    macs: 2 * 3 * 5,
  },
  {
    name: 'Gemm transA',
    op: 'Gemm',
    inputs: [
      [5, 2],
      [5, 3],
    ],
    attributes: { transA: 1 },
    macs: 2 * 3 * 5,
  },
  {
    name: 'MatMul 2-D',
    op: 'MatMul',
    inputs: [
      [4, 5],
      [5, 6],
    ],
    macs: 4 * 5 * 6,
  },
  {
    name: 'MatMul batched with broadcast',
    op: 'MatMul',
    inputs: [
      [4, 1, 3, 5],
      [2, 5, 6],
    ],
    macs: 8 * 3 * 6 * 5,
  },
  { name: 'MatMul vector × matrix', op: 'MatMul', inputs: [[5], [5, 6]], macs: 30 },
  { name: 'MatMul matrix × vector', op: 'MatMul', inputs: [[3, 5], [5]], macs: 15 },
  {
    name: 'MatMul symbolic batch as 1',
    op: 'MatMul',
    inputs: [
      ['N', 1],
      [1, 16],
    ],
    macs: 16,
  },
  {
    name: 'MatMulInteger',
    op: 'MatMulInteger',
    inputs: [
      [2, 3],
      [3, 4],
    ],
    macs: 24,
  },
  { name: 'QLinearMatMul', op: 'QLinearMatMul', inputs: [[2, 3], [], [], [3, 4], [], [], [], []], macs: 24 },
  // seq 7 × batch 1 × 1 direction × 4 gates × hidden 20 × (input 10 + hidden 20)
  {
    name: 'LSTM',
    op: 'LSTM',
    inputs: [
      [7, 1, 10],
      [1, 80, 10],
      [1, 80, 20],
    ],
    attributes: { hidden_size: 20 },
    macs: 7 * 4 * 20 * 30,
  },
  {
    name: 'LSTM bidirectional',
    op: 'LSTM',
    inputs: [
      [7, 1, 10],
      [2, 80, 10],
      [2, 80, 20],
    ],
    attributes: { hidden_size: 20, direction: 'bidirectional' },
    macs: 2 * 7 * 4 * 20 * 30,
  },
  {
    name: 'LSTM batch-first layout',
    op: 'LSTM',
    inputs: [
      [2, 7, 10],
      [1, 80, 10],
      [1, 80, 20],
    ],
    attributes: { layout: 1 },
    macs: 2 * 7 * 4 * 20 * 30,
  },
  {
    name: 'GRU',
    op: 'GRU',
    inputs: [
      [5, 2, 8],
      [1, 48, 8],
      [1, 48, 16],
    ],
    attributes: { hidden_size: 16 },
    macs: 5 * 2 * 3 * 16 * 24,
  },
  {
    name: 'RNN',
    op: 'RNN',
    inputs: [
      [3, 1, 4],
      [1, 6, 4],
      [1, 6, 6],
    ],
    attributes: { hidden_size: 6 },
    macs: 3 * 6 * 10,
  },
  {
    name: 'element-wise op',
    op: 'Add',
    inputs: [
      [1, 64],
      [1, 64],
    ],
    output: [1, 64],
    macs: 0,
  },
  {
    name: 'Conv of a custom domain',
    op: 'Conv',
    domain: 'com.example',
    inputs: [
      [1, 3, 4, 4],
      [1, 3, 1, 1],
    ],
    output: [1, 1, 4, 4],
    macs: 0,
  },
  {
    name: 'Conv with unknown output shape',
    op: 'Conv',
    inputs: [
      [1, 3, 4, 4],
      [1, 3, 1, 1],
    ],
    macs: 0,
    known: false,
  },
  {
    name: 'MatMul with unknown rank',
    op: 'MatMul',
    inputs: [
      [1, 3],
      ['N', null],
    ],
    macs: 0,
    known: false,
  },
  // TFLite (NHWC): CONV_2D filter [O, kh, kw, I]
  {
    name: 'CONV_2D',
    format: 'tflite',
    op: 'CONV_2D',
    inputs: [[1, 10, 10, 3], [8, 3, 3, 3], [8]],
    output: [1, 8, 8, 8],
    macs: 512 * 27,
  },
  {
    name: 'DEPTHWISE_CONV_2D multiplier 2',
    format: 'tflite',
    op: 'DEPTHWISE_CONV_2D',
    inputs: [[1, 10, 10, 4], [1, 3, 3, 8], [8]],
    output: [1, 8, 8, 8],
    macs: 512 * 9,
  },
  {
    name: 'FULLY_CONNECTED',
    format: 'tflite',
    op: 'FULLY_CONNECTED',
    inputs: [[1, 16], [10, 16], [10]],
    output: [1, 10],
    macs: 160,
  },
  {
    name: 'FULLY_CONNECTED from input',
    format: 'tflite',
    op: 'FULLY_CONNECTED',
    inputs: [
      [2, 4, 4],
      [10, 16],
    ],
    macs: 2 * 160,
  },
  {
    name: 'TRANSPOSE_CONV',
    format: 'tflite',
    op: 'TRANSPOSE_CONV',
    inputs: [[4], [2, 3, 3, 4], [1, 5, 5, 4]],
    output: [1, 7, 7, 2],
    macs: 100 * 18,
  },
  {
    name: 'BATCH_MATMUL',
    format: 'tflite',
    op: 'BATCH_MATMUL',
    inputs: [
      [2, 3, 4],
      [2, 4, 5],
    ],
    macs: 2 * 3 * 5 * 4,
  },
  {
    name: 'BATCH_MATMUL adj_y',
    format: 'tflite',
    op: 'BATCH_MATMUL',
    inputs: [
      [2, 3, 4],
      [2, 5, 4],
    ],
    attributes: { adj_y: 1 },
    macs: 2 * 3 * 5 * 4,
  },
  {
    name: 'SVDF',
    format: 'tflite',
    op: 'SVDF',
    inputs: [[2, 10], [8, 10], [8, 4], [4], [2, 32]],
    attributes: { rank: 2 },
    macs: 2 * 8 * 14,
  },
  {
    name: 'ONNX op name in a TFLite model',
    format: 'tflite',
    op: 'Conv',
    inputs: [
      [1, 3, 4, 4],
      [1, 3, 1, 1],
    ],
    output: [1, 1, 4, 4],
    macs: 0,
  },
];

describe('nodeMacs', () => {
  it.each(CASES)('$name', (c) => {
    expect(macsOf(c)).toEqual({ macs: c.macs, known: c.known ?? true });
  });
});
