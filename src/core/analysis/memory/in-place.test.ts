import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder';
import type { Graph } from '../../ir/types';
import { typeLookup } from '../type-lookup';
import { activationLifetimes } from './lifetimes';
import { shareBuffers, type BufferSharingOptions } from './in-place';
import { liveTimeline } from './timeline';

const T = { dtype: 'float32' as const, shape: [1, 4, 8, 8] };

// x ─Conv─ a ─Relu─ b ─Add(a)─ c ─Mul(x2)─ y ─Split─ s0, s1      (a is read twice; y is a graph output)
function residual(): Graph {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  const k = g.constant('k', Float32Array.of(2), []);
  const a = g.op('Conv', [x, w], {}, { name: 'conv', outputs: ['a'], ...T });
  const b = g.op('Relu', [a], {}, { name: 'relu', outputs: ['b'], ...T });
  const c = g.op('Add', [b, a], {}, { name: 'add', outputs: ['c'], ...T });
  const y = g.op('Mul', [c, k], {}, { name: 'mul', outputs: ['y'], ...T });
  g.node('Split', [y], { axis: 1 }, { name: 'split', outputs: ['s0', 's1'], dtype: 'float32', shape: [1, 2, 8, 8] });
  return g.output(y).graph();
}

// x ─Conv─ a ─Clip─ b ─Conv(depthwise, stride 2)─ d ─Relu─ y
function depthwise(): Graph {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  const dw = g.constant('dw', new Float32Array(36), [4, 1, 3, 3]);
  const a = g.op('Conv', [x, w], {}, { name: 'conv', outputs: ['a'], ...T });
  const b = g.op('Clip', [a], {}, { name: 'clip', outputs: ['b'], ...T });
  const small = { dtype: 'float32' as const, shape: [1, 4, 4, 4] };
  const attrs = { group: 4, kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] };
  const d = g.op('Conv', [b, dw], attrs, { name: 'dw', outputs: ['d'], ...small });
  const y = g.op('Relu', [d], {}, { name: 'relu', outputs: ['y'], ...small });
  return g.output(y).graph();
}

function groups(graph: Graph, options: BufferSharingOptions) {
  const sharing = shareBuffers(graph, activationLifetimes(graph, typeLookup(graph)), typeLookup(graph), options);
  return {
    buffers: sharing.buffers.map((b) => [b.members.join('+'), b.size, b.first, b.last]),
    nodes: sharing.inPlaceNodes,
  };
}

describe('shareBuffers', () => {
  it('gives every activation its own buffer by default', () => {
    expect(groups(residual(), {}).buffers.map((b) => b[0])).toEqual(['x', 'a', 'b', 'c', 'y', 's0', 's1']);
    expect(groups(residual(), {}).nodes).toEqual([]);
  });

  it('chains element-wise ops over inputs that die there, never over one read again or by two inputs', () => {
    const { buffers, nodes } = groups(residual(), { inPlace: true });
    // Relu cannot overwrite a (Add reads it later); Add overwrites b, Mul overwrites c; Split is no
    // element-wise op.
    expect(nodes).toEqual(['add', 'mul']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 0],
      ['a', 1024, 0, 2],
      ['b+c+y', 1024, 1, 4],
      ['s0', 512, 4, 4],
      ['s1', 512, 4, 4],
    ]);
  });

  it('fuses an activation only into the op producing its only-read input', () => {
    expect(groups(residual(), { fuseActivations: true }).nodes).toEqual([]);
    const fused = groups(depthwise(), { fuseActivations: true });
    // A Relu after a depthwise Conv fuses too; the depthwise itself only writes in place with inPlace.
    expect(fused.nodes).toEqual(['clip', 'relu']);
    expect(fused.buffers.map((b) => b[0])).toEqual(['x', 'a+b', 'd+y']);
  });

  it('lets a depthwise conv write its smaller output over its input', () => {
    const { buffers, nodes } = groups(depthwise(), { inPlace: true });
    expect(nodes).toEqual(['clip', 'dw', 'relu']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 0],
      ['a+b+d+y', 1024, 0, 3],
    ]);
  });
});

// Residual blocks for the fused-add rule. By default:
//   x ─Conv─ s ─Conv─ e ─Relu─ r ─Conv─ p ─Add(s, p)─ y ─Conv─ z
// `variant` breaks one condition of the rule at a time.
type Variant =
  | 'legal'
  | 'conv-reads-skip'
  | 'skip-read-late'
  | 'skip-is-output'
  | 'addend-read-twice'
  | 'not-fusable'
  | 'broadcast'
  | 'activation-in-between';
function block(variant: Variant): Graph {
  const g = new GraphBuilder();
  const x = g.input('x', 'float32', [1, 4, 8, 8]);
  const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
  const conv = (name: string, input: string, shape = T.shape) =>
    g.op('Conv', [input, w], {}, { name, outputs: [name.replace('conv_', '')], dtype: 'float32', shape });
  const s = conv('conv_s', x);
  const e = conv('conv_e', s);
  const r = g.op('Relu', [e], {}, { name: 'relu', outputs: ['r'], ...T });
  let p = conv('conv_p', variant === 'conv-reads-skip' ? s : r);
  if (variant === 'not-fusable') p = g.op('Sigmoid', [p], {}, { name: 'sigmoid', outputs: ['q'], ...T });
  if (variant === 'activation-in-between') p = g.op('Clip', [p], {}, { name: 'clip', outputs: ['q'], ...T });
  if (variant === 'skip-read-late') g.op('Neg', [s], {}, { name: 'neg', outputs: ['n'], ...T });
  const skip =
    variant === 'broadcast'
      ? g.op('Conv', [x, w], {}, { name: 'conv_b', outputs: ['b'], dtype: 'float32', shape: [1, 4, 1, 8] })
      : s;
  const y = g.op('Add', [skip, p], {}, { name: 'add', outputs: ['y'], ...T });
  const z = conv(
    'conv_z',
    variant === 'addend-read-twice' ? g.op('Mul', [y, p], {}, { name: 'mul', outputs: ['m'], ...T }) : y,
  );
  if (variant === 'skip-is-output') g.output(s);
  if (variant === 'skip-read-late') g.output('n');
  return g.output(z).graph();
}

describe('shareBuffers: a residual Add fused into the convolution producing one addend', () => {
  it('accumulates into the skip: skip, conv output and sum are one buffer spanning all of them', () => {
    const { buffers, nodes } = groups(block('legal'), { inPlace: true });
    expect(nodes).toEqual(['relu', 'add']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 0],
      ['s+p+y', 1024, 0, 5],
      ['e+r', 1024, 1, 3],
      ['z', 1024, 5, 5],
    ]);
    // Live bytes: the skip's buffer is held from its conv on, but p no longer needs a buffer of its own.
    const lifetimes = activationLifetimes(block('legal'), typeLookup(block('legal')));
    const plain = shareBuffers(block('legal'), lifetimes, typeLookup(block('legal')), {});
    const fused = shareBuffers(block('legal'), lifetimes, typeLookup(block('legal')), { inPlace: true });
    const peak = (b: readonly { size: number; first: number; last: number }[]) =>
      liveTimeline(
        b.map((x) => ({ bytes: x.size, first: x.first, last: x.last })),
        lifetimes.steps,
      ).peakBytes;
    expect([peak(plain.buffers), peak(fused.buffers)]).toEqual([3072, 2048]);
  });

  it('takes fused activations after the convolution into the same kernel', () => {
    const { buffers, nodes } = groups(block('activation-in-between'), { inPlace: true });
    expect(nodes).toEqual(['relu', 'clip', 'add']);
    expect(buffers.map((b) => b[0])).toContain('s+p+q+y');
  });

  it('reads TFLite spellings too (CONV_2D, RELU6, ADD)', () => {
    const rename: Record<string, string> = { Conv: 'CONV_2D', Relu: 'RELU6', Add: 'ADD' };
    const onnx = block('legal');
    const tflite = { ...onnx, nodes: onnx.nodes.map((n) => ({ ...n, op: rename[n.op] ?? n.op })) };
    expect(groups(tflite, { inPlace: true }).buffers.map((b) => b[0])).toEqual(['x', 's+p+y', 'e+r', 'z']);
  });

  it('needs the in-place option: fused activations alone keep skip and sum apart', () => {
    expect(groups(block('legal'), { fuseActivations: true }).nodes).toEqual(['relu']);
  });

  it.each([
    ['conv-reads-skip', 'the convolution reads the skip (it would read its own partial sums)'],
    ['skip-read-late', 'the skip is read after the convolution runs'],
    ['skip-is-output', 'the skip is a graph output'],
    ['addend-read-twice', 'the convolution output is read by another node'],
    ['not-fusable', 'a Sigmoid between the convolution and the Add (no runtime fuses it)'],
    ['broadcast', 'the skip is broadcast (smaller than the sum)'],
  ] as const)('does not fuse when %s: %s', (variant, _why) => {
    const graph = block(variant);
    const { bufferOf } = shareBuffers(graph, activationLifetimes(graph, typeLookup(graph)), typeLookup(graph), {
      inPlace: true,
    });
    expect(bufferOf.get(variant === 'broadcast' ? 'b' : 's')).not.toBe(bufferOf.get('y'));
  });

  it('picks the addend produced last when both addends come from convolutions', () => {
    // x ─Conv─ c ; x ─Conv─ d ; Add(d, c): c exists before d's conv runs, so d's conv accumulates into c.
    const g = new GraphBuilder();
    const x = g.input('x', 'float32', [1, 4, 8, 8]);
    const w = g.constant('w', new Float32Array(16), [4, 4, 1, 1]);
    const c = g.op('Conv', [x, w], {}, { name: 'conv_c', outputs: ['c'], ...T });
    const d = g.op('Conv', [x, w], {}, { name: 'conv_d', outputs: ['d'], ...T });
    const y = g.op('Add', [d, c], {}, { name: 'add', outputs: ['y'], ...T });
    const z = g.op('Conv', [y, w], {}, { name: 'conv_z', outputs: ['z'], ...T });
    const { buffers, nodes } = groups(g.output(z).graph(), { inPlace: true });
    expect(nodes).toEqual(['add']);
    expect(buffers).toEqual([
      ['x', 1024, 0, 1],
      ['c+d+y', 1024, 0, 3],
      ['z', 1024, 3, 3],
    ]);
  });
});
