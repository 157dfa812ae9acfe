// setInputShape, fixSymbolicDims, addGraphOutput / removeGraphOutput, editInitializer and extractSubgraph.
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../../data/npy';
import { base64Encode } from '../../formats/tfjs/text';
import { GraphBuilder } from '../../ir/builder';
import { toFloat64 } from '../../ir/tensor';
import type { Model, Tensor } from '../../ir/types';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { applyEdit } from './apply';
import { onnxBranches, onnxChain, tfliteSmall, refusal } from './test-models';
import type { EditOp } from './types';
import { validateModel } from './validate-model';
import { withShapeSignature } from './tflite-extras';

const chain = (): Model => deepFreeze(onnxChain());
const errors = (m: Model) => validateModel(m).filter((p) => p.severity === 'error');
const tensor = (m: Model, id: string): Tensor => m.graph.tensors.find((t) => t.id === id)!;
const values = (t: Tensor): number[] => Array.from(toFloat64(t.dtype, t.data!.bytes!)!);

describe('fixSymbolicDims and setInputShape', () => {
  it('replaces a named dim everywhere it is declared', () => {
    const { model, affected } = applyEdit(chain(), { kind: 'fixSymbolicDims', dims: { N: 1 } });
    expect(tensor(model, 'x').shape).toEqual([1, 1, 6, 6]);
    expect(tensor(model, 'y').shape).toEqual([1, 4]);
    expect(affected.tensors).toEqual(['x', 'y']);
    expect(errors(model)).toEqual([]);
  });

  it('says so when no tensor has the dim, and refuses sizes below 1', () => {
    expect(applyEdit(chain(), { kind: 'fixSymbolicDims', dims: { batch: 1 } }).notes).toEqual([
      'no tensor declares a dimension named "batch": nothing changed',
    ]);
    expect(refusal(chain(), { kind: 'fixSymbolicDims', dims: { N: 0 } }).reason).toBe('bad-value');
  });

  it('fixes TFLite dynamic dims through shape_signature', () => {
    const m = tfliteSmall();
    const dynamic = {
      ...m,
      graph: {
        ...m.graph,
        tensors: m.graph.tensors.map((t) => (t.id === 'in' ? withShapeSignature(t, [-1, 4, 4, 1]) : t)),
      },
    };
    const fixed = applyEdit(deepFreeze(dynamic), { kind: 'fixSymbolicDims', unknown: 1 }).model;
    expect(tensor(fixed, 'in')).toEqual({ id: 'in', name: 'in', dtype: 'float32', shape: [1, 4, 4, 1] });
    expect(refusal(m, { kind: 'setInputShape', input: 'in', shape: [2, 4, 4, 1] }).reason).toBe('not-possible');
  });

  it('sets an input shape and re-infers declared shapes that no longer agree', () => {
    const { model } = applyEdit(chain(), { kind: 'setInputShape', input: 'x', shape: [3, 1, 6, 6] });
    expect(tensor(model, 'x').shape).toEqual([3, 1, 6, 6]);
    expect(tensor(model, 'y').shape).toEqual([3, 4]);
    expect(errors(model)).toEqual([]);
    expect(refusal(chain(), { kind: 'setInputShape', input: 'w', shape: [1] }).reason).toBe('unknown-tensor');
  });

  it('reports a shape that no longer fits the weights', () => {
    const { model } = applyEdit(chain(), { kind: 'setInputShape', input: 'x', shape: [1, 1, 5, 5] });
    expect(errors(model).map((p) => [p.code, p.nodeId])).toEqual([['shape-mismatch', 'fc']]);
  });
});

describe('addGraphOutput and removeGraphOutput', () => {
  it('exposes an intermediate with its inferred type and hides it again', () => {
    const exposed = applyEdit(chain(), { kind: 'addGraphOutput', tensor: 'relu_out' }).model;
    expect(exposed.graph.outputs).toEqual(['y', 'relu_out']);
    expect(tensor(exposed, 'relu_out')).toMatchObject({ dtype: 'float32', shape: ['N', 2, 6, 6] });
    const hidden = applyEdit(exposed, { kind: 'removeGraphOutput', tensor: 'relu_out' }).model;
    expect(hidden.graph.outputs).toEqual(['y']);
    expect(refusal(exposed, { kind: 'addGraphOutput', tensor: 'relu_out' }).message).toBe(
      '"relu_out" is already a graph output',
    );
    expect(refusal(chain(), { kind: 'removeGraphOutput', tensor: 'relu_out' }).reason).toBe('unknown-tensor');
  });
});

describe('editInitializer', () => {
  it('scales and zeroes float data without touching the input model', () => {
    const m = chain();
    const before = values(tensor(m, 'bias'));
    const scaled = applyEdit(m, {
      kind: 'editInitializer',
      tensor: 'bias',
      change: { kind: 'scale', factor: 2 },
    }).model;
    values(tensor(scaled, 'bias')).forEach((v, i) => expect(v).toBeCloseTo(2 * before[i]!, 6));
    expect(values(tensor(m, 'bias'))).toEqual(before);
    const zero = applyEdit(m, { kind: 'editInitializer', tensor: 'fc_w', change: { kind: 'zero' } }).model;
    expect(values(tensor(zero, 'fc_w')).every((v) => v === 0)).toBe(true);
  });

  it('scales a quantized tensor through its scale and zeroes it to its zero points per channel', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2]);
    b.constant('q', Int8Array.of(1, 2, 3, 4), [2, 2]);
    const m = b.output(x).model({ format: 'tflite' });
    const quant = { scale: [0.5, 0.25], zeroPoint: [3, -2], axis: 0 };
    const model = deepFreeze({
      ...m,
      graph: { ...m.graph, tensors: m.graph.tensors.map((t) => (t.id === 'q' ? { ...t, quant } : t)) },
    });
    const scaled = applyEdit(model, {
      kind: 'editInitializer',
      tensor: 'q',
      change: { kind: 'scale', factor: 2 },
    }).model;
    expect(tensor(scaled, 'q').quant!.scale).toEqual([1, 0.5]);
    expect(values(tensor(scaled, 'q'))).toEqual([1, 2, 3, 4]);
    const zero = applyEdit(model, { kind: 'editInitializer', tensor: 'q', change: { kind: 'zero' } }).model;
    expect(values(tensor(zero, 'q'))).toEqual([3, 3, -2, -2]);
    expect(refusal(model, { kind: 'editInitializer', tensor: 'q', change: { kind: 'scale', factor: -1 } }).reason).toBe(
      'bad-value',
    );
  });

  it('loads values from .npy (inline or a file), converting floats and checking the shape', () => {
    const npy = writeNpy({ dtype: 'float64', shape: [2], data: Float64Array.of(7, -1) });
    const op: EditOp = {
      kind: 'editInitializer',
      tensor: 'bias',
      change: { kind: 'npy', npy: { base64: base64Encode(npy) } },
    };
    expect(values(tensor(applyEdit(chain(), op).model, 'bias'))).toEqual([7, -1]);
    const viaFile = applyEdit(
      chain(),
      { ...op, change: { kind: 'npy', npy: { file: 'b.npy' } } },
      { readFile: () => npy },
    );
    expect(tensor(viaFile.model, 'bias').dtype).toBe('float32');
    const wrong = writeNpy({ dtype: 'float32', shape: [3], data: Float32Array.of(1, 2, 3) });
    const bad: EditOp = {
      kind: 'editInitializer',
      tensor: 'bias',
      change: { kind: 'npy', npy: { base64: base64Encode(wrong) } },
    };
    expect(refusal(chain(), bad).message).toBe('the .npy data holds shape 3, but "bias" is 2');
    const ints = writeNpy({ dtype: 'int32', shape: [2], data: Int32Array.of(1, 2) });
    const typed: EditOp = {
      kind: 'editInitializer',
      tensor: 'bias',
      change: { kind: 'npy', npy: { base64: base64Encode(ints) } },
    };
    expect(refusal(chain(), typed).message).toMatch(/holds int32 values, but "bias" is float32/);
    expect(refusal(chain(), { kind: 'editInitializer', tensor: 'x', change: { kind: 'zero' } }).message).toMatch(
      /not a constant/,
    );
  });
});

describe('extractSubgraph', () => {
  it('keeps what lies between the chosen tensors, inputs typed by inference', () => {
    const { model, removed } = applyEdit(chain(), {
      kind: 'extractSubgraph',
      inputs: ['id1_out'],
      outputs: ['flat_out'],
    });
    expect(model.graph.nodes.map((n) => n.id)).toEqual(['relu', 'drop', 'flat']);
    expect(model.graph.inputs).toEqual(['id1_out']);
    expect(tensor(model, 'id1_out')).toMatchObject({ dtype: 'float32', shape: ['N', 2, 6, 6] });
    expect(tensor(model, 'flat_out')).toMatchObject({ dtype: 'float32', shape: ['N', 72] });
    expect(model.graph.tensors.some((t) => t.data)).toBe(false);
    expect(removed.nodes).toEqual(['conv', 'id1', 'fc', 'id_out']);
    expect(errors(model)).toEqual([]);
  });

  it('adds graph inputs the outputs need, and refuses a constant as an input', () => {
    const { model, notes } = applyEdit(deepFreeze(onnxBranches()), {
      kind: 'extractSubgraph',
      inputs: [],
      outputs: ['out'],
    });
    expect(model.graph.inputs).toEqual(['a']);
    expect(notes).toEqual(['the outputs also need "a", kept as input(s)']);
    expect(refusal(chain(), { kind: 'extractSubgraph', inputs: ['w'], outputs: ['y'] }).message).toMatch(
      /"w" is a constant/,
    );
  });
});
