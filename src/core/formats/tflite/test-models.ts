// Builder-made TFLite models for tests (here and in src/cli): small, but each exercises what real
// converters emit — per-axis int8 weights, option tables, several subgraphs, variables, metadata.
import { attr, GraphBuilder } from '../../ir/builder';
import type { Graph, Model, Quantization, Tensor } from '../../ir/types';
import { tfliteOptionAttributes as options } from './options';

/** A graph with some tensors changed (quantization, extras, …), in place of the builder's. */
export function patchTensors(graph: Graph, patches: Readonly<Record<string, Partial<Tensor>>>): Graph {
  return { ...graph, tensors: graph.tensors.map((t) => (patches[t.id] ? { ...t, ...patches[t.id] } : t)) };
}

/**
 * The builder's model as TFLite stores it: unnamed operators (TFLite has no operator names; the reader ids
 * them `<op>_<index>`, as the builder does).
 */
export function tfliteModel(b: GraphBuilder, producer?: string): Model {
  const model = b.model({ format: 'tflite', ...(producer ? { producer } : {}) });
  const graph = { ...model.graph, nodes: model.graph.nodes.map((n) => ({ ...n, name: '' })) };
  return { ...model, graph, producer: producer ? { name: producer } : undefined };
}

// TFLite stores scales as float32: the test values are float32 already, so they read back equal.
const f32 = (values: readonly number[]): number[] => values.map(Math.fround);
const perTensor = (scale: number, zeroPoint: number): Quantization => ({ scale: f32([scale]), zeroPoint: [zeroPoint] });

/** QUANTIZE → CONV_2D (per-axis int8 weights, int32 bias) → RESHAPE → FULLY_CONNECTED → SOFTMAX. */
export function tinyConvModel(): Model {
  const b = new GraphBuilder('tiny_conv');
  const x = b.input('input', 'float32', [1, 8, 8, 3]);
  const q = b.op('QUANTIZE', [x], {}, { outputs: ['input_int8'], dtype: 'int8', shape: [1, 8, 8, 3] });
  const w = b.constant(
    'conv/weights',
    new Int8Array(4 * 3 * 3 * 3).map((_, i) => (i % 255) - 127),
    [4, 3, 3, 3],
  );
  const bias = b.constant('conv/bias', new Int32Array([100, -200, 300, -400]), [4]);
  const conv = b.op(
    'CONV_2D',
    [q, w, bias],
    options('CONV_2D', { padding: 'SAME', stride_w: 2, stride_h: 2, fused_activation_function: 'RELU6' }),
    { outputs: ['conv'], dtype: 'int8', shape: [1, 4, 4, 4] },
  );
  const shape = b.constant('flatten/shape', new Int32Array([1, 64]), [2]);
  const flat = b.op('RESHAPE', [conv, shape], options('RESHAPE', { new_shape: [1, 64] }), {
    outputs: ['flat'],
    dtype: 'int8',
    shape: [1, 64],
  });
  const fcW = b.constant(
    'fc/weights',
    new Int8Array(10 * 64).map((_, i) => (i * 7) % 100),
    [10, 64],
  );
  const logits = b.node('FULLY_CONNECTED', [flat, fcW, ''], options('FULLY_CONNECTED'), {
    outputs: ['logits'],
    dtype: 'int8',
    shape: [1, 10],
  })[0]!;
  const probs = b.op('SOFTMAX', [logits], options('SOFTMAX', { beta: attr.float(1) }), {
    outputs: ['probs'],
    dtype: 'int8',
    shape: [1, 10],
  });
  b.output(probs);
  const model = tfliteModel(b, 'scaledown tests');
  const graph = patchTensors(model.graph, {
    input_int8: { quant: perTensor(0.5, -1) },
    'conv/weights': { quant: { scale: f32([0.01, 0.02, 0.03, 0.04]), zeroPoint: [0, 0, 0, 0], axis: 0 } },
    'conv/bias': { quant: { scale: f32([0.005, 0.01, 0.015, 0.02]), zeroPoint: [0, 0, 0, 0], axis: 0 } },
    conv: { quant: { ...perTensor(0.1, -128), min: [0], max: [6] } },
    flat: { quant: perTensor(0.1, -128) },
    'fc/weights': { quant: perTensor(0.02, 0) },
    logits: { quant: perTensor(0.2, 3) },
    probs: { quant: perTensor(1 / 256, -128) },
  });
  return { ...model, graph };
}

function subgraph(name: string, build: (b: GraphBuilder) => void): Graph {
  const b = new GraphBuilder(name);
  build(b);
  return tfliteModel(b).graph;
}

/**
 * Main graph: WHILE (cond = subgraph 1, body = subgraph 2) counting i up to 10 while doubling x, then
 * IF (then = 3, else = 4) on a flag. Subgraph indices are attributes, as the option tables hold them.
 */
export function controlFlowModel(): Model {
  const b = new GraphBuilder('main');
  const i0 = b.input('i', 'int32', [1]);
  const x0 = b.input('x', 'float32', [2]);
  const flag = b.input('flag', 'bool', []);
  const [iN, xN] = b.node('WHILE', [i0, x0], options('WHILE', { cond_subgraph_index: 1, body_subgraph_index: 2 }), {
    outputs: ['i_out', 'x_out'],
  });
  const y = b.op('IF', [flag, xN!], options('IF', { then_subgraph_index: 3, else_subgraph_index: 4 }), {
    outputs: ['y'],
    dtype: 'float32',
    shape: [2],
  });
  b.output(iN!, y);
  const model = tfliteModel(b);
  const graph = patchTensors(model.graph, {
    i_out: { dtype: 'int32', shape: [1] },
    x_out: { dtype: 'float32', shape: [2] },
  });
  const cond = subgraph('cond', (g) => {
    const i = g.input('i', 'int32', [1]);
    g.input('x', 'float32', [2]);
    const limit = g.constant('limit', new Int32Array([10]), [1]);
    g.output(g.op('LESS', [i, limit], {}, { outputs: ['go'], dtype: 'bool', shape: [1] }));
  });
  const body = subgraph('body', (g) => {
    const i = g.input('i', 'int32', [1]);
    const x = g.input('x', 'float32', [2]);
    const one = g.constant('one', new Int32Array([1]), [1]);
    const next = g.op('ADD', [i, one], options('ADD'), { outputs: ['i_next'], dtype: 'int32', shape: [1] });
    const twice = g.op('ADD', [x, x], options('ADD'), { outputs: ['x_next'], dtype: 'float32', shape: [2] });
    g.output(next, twice);
  });
  const branch = (name: string, op: 'RELU' | 'NEG') =>
    subgraph(name, (g) => {
      const x = g.input('x', 'float32', [2]);
      g.output(g.op(op, [x], {}, { outputs: ['out'], dtype: 'float32', shape: [2] }));
    });
  return { ...model, graph, subgraphs: [cond, body, branch('then', 'RELU'), branch('else', 'NEG')] };
}
