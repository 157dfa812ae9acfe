// A tiny, slow, obviously-correct NCHW forward pass over the sample's IR (Conv, Relu, MaxPool, Flatten,
// Gemm with transB=1). It checks the Keras → IR conversion independently of TF.js and of any ONNX runtime.
import { typedView } from '../../src/core/ir/tensor';
import type { Attribute, Graph, Node } from '../../src/core/ir/types';

interface Activation {
  readonly data: Float32Array;
  /** Dims after the batch dim (batch is always 1 here). */
  readonly dims: readonly number[];
}

function constant(graph: Graph, id: string): { data: Float32Array; dims: readonly number[] } {
  const tensor = graph.tensors.find((t) => t.id === id);
  const bytes = tensor?.data?.bytes;
  if (!tensor || !bytes || tensor.dtype !== 'float32') throw new Error(`"${id}" is not a float32 constant`);
  const dims = (tensor.shape ?? []).map(Number);
  return { data: Float32Array.from(typedView('float32', bytes) as Float32Array), dims };
}

function ints(node: Node, name: string): readonly number[] {
  const a: Attribute | undefined = node.attributes[name];
  if (a?.type !== 'ints') throw new Error(`${node.name}: attribute ${name} must be a list of ints`);
  return a.value;
}

function conv(node: Node, graph: Graph, input: Activation): Activation {
  const group = node.attributes.group;
  if (group?.type !== 'int' || group.value !== 1 || ints(node, 'pads').some((p) => p !== 0))
    throw new Error(`${node.name}: only group 1, unpadded convolutions are supported here`);
  const w = constant(graph, node.inputs[1]!);
  const bias = constant(graph, node.inputs[2]!).data;
  const [outC, inC, kh, kw] = w.dims as [number, number, number, number];
  const [, h, wd] = input.dims as [number, number, number];
  const oh = h - kh + 1;
  const ow = wd - kw + 1;
  const out = new Float32Array(outC * oh * ow);
  for (let o = 0; o < outC; o++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let sum = bias[o]!;
        for (let c = 0; c < inC; c++)
          for (let dy = 0; dy < kh; dy++)
            for (let dx = 0; dx < kw; dx++)
              sum += input.data[(c * h + y + dy) * wd + x + dx]! * w.data[((o * inC + c) * kh + dy) * kw + dx]!;
        out[(o * oh + y) * ow + x] = sum;
      }
  return { data: out, dims: [outC, oh, ow] };
}

function maxPool(node: Node, input: Activation): Activation {
  const [k] = ints(node, 'kernel_shape');
  const [s] = ints(node, 'strides');
  const [c, h, w] = input.dims as [number, number, number];
  const oh = Math.floor((h - k!) / s!) + 1;
  const ow = Math.floor((w - k!) / s!) + 1;
  const out = new Float32Array(c * oh * ow);
  for (let ch = 0; ch < c; ch++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        let best = -Infinity;
        for (let dy = 0; dy < k!; dy++)
          for (let dx = 0; dx < k!; dx++) best = Math.max(best, input.data[(ch * h + y * s! + dy) * w + x * s! + dx]!);
        out[(ch * oh + y) * ow + x] = best;
      }
  return { data: out, dims: [c, oh, ow] };
}

function gemm(node: Node, graph: Graph, input: Activation): Activation {
  const b = constant(graph, node.inputs[1]!);
  const bias = constant(graph, node.inputs[2]!).data;
  const [units, inputs] = b.dims as [number, number];
  const out = new Float32Array(units);
  for (let u = 0; u < units; u++) {
    let sum = bias[u]!;
    for (let i = 0; i < inputs; i++) sum += input.data[i]! * b.data[u * inputs + i]!;
    out[u] = sum;
  }
  return { data: out, dims: [units] };
}

/** Runs the graph on one image (`[1, C, H, W]` flattened) and returns its single output. */
export function referenceForward(graph: Graph, image: Float32Array, dims: readonly number[]): Float32Array {
  const values = new Map<string, Activation>([[graph.inputs[0]!, { data: image, dims }]]);
  for (const node of graph.nodes) {
    const input = values.get(node.inputs[0]!);
    if (!input) throw new Error(`${node.name}: input "${node.inputs[0]}" has not been computed`);
    let result: Activation;
    if (node.op === 'Conv') result = conv(node, graph, input);
    else if (node.op === 'Relu') result = { data: input.data.map((v) => Math.max(0, v)), dims: input.dims };
    else if (node.op === 'MaxPool') result = maxPool(node, input);
    else if (node.op === 'Flatten') result = { data: input.data, dims: [input.data.length] };
    else if (node.op === 'Gemm') result = gemm(node, graph, input);
    else throw new Error(`${node.name}: ${node.op} is not supported by the reference forward pass`);
    values.set(node.outputs[0]!, result);
  }
  const out = values.get(graph.outputs[0]!);
  if (!out) throw new Error('the graph output was not computed');
  return out.data;
}
