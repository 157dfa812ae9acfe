import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { foldBatchNorm } from './fold-batchnorm';
import { batchNorm, convBnModel, denseBnModel, feedsFor, maxOutputDifference, values } from './test-graphs';

const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.op);

/** Folds a frozen copy, checks purity and validity, and compares outputs in the executor. */
async function foldAndCompare(model: Model, tolerance = 1e-5): Promise<Model> {
  deepFreeze(model);
  const bytes = snapshotBytes(model);
  const { model: folded, report } = foldBatchNorm(model);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(folded.graph)).toEqual([]);
  expect(report.changed).toBeGreaterThan(0);
  expect(folded.graph.outputs).toEqual(model.graph.outputs);
  expect(await maxOutputDifference(model, folded, feedsFor(model))).toBeLessThanOrEqual(tolerance);
  return folded;
}

describe('foldBatchNorm', () => {
  it('folds BatchNormalization into a Conv with a bias', async () => {
    const folded = await foldAndCompare(convBnModel({ bias: true }));
    expect(ops(folded)).toEqual(['Conv', 'Relu']);
    // The weight keeps its name (nothing else reads it); the BatchNormalization parameters are gone.
    expect(folded.graph.nodes[0]!.inputs[1]).toBe('conv/w');
    expect(folded.graph.tensors.some((t) => t.id.startsWith('bn/'))).toBe(false);
  });

  it('adds a bias to a Conv without one', async () => {
    const folded = await foldAndCompare(convBnModel());
    expect(folded.graph.nodes[0]!.inputs).toHaveLength(3);
  });

  it('folds into a grouped ConvTranspose (output channels g·M/group + j)', async () => {
    const folded = await foldAndCompare(convBnModel({ op: 'ConvTranspose', group: 2, bias: true }));
    expect(ops(folded)).toEqual(['ConvTranspose', 'Relu']);
  });

  it('folds into a grouped Conv', async () => {
    await foldAndCompare(convBnModel({ group: 2 }));
  });

  it('folds into Gemm with transB, alpha, beta and a row or scalar C', async () => {
    for (const c of ['row', 'scalar'] as const)
      for (const transB of [false, true]) {
        const folded = await foldAndCompare(denseBnModel({ op: 'Gemm', transB, c }));
        expect(ops(folded)).toEqual(['Gemm']);
        expect(folded.graph.nodes[0]!.attributes['beta']).toEqual({ type: 'float', value: 1 });
        // The Gemm writes the BatchNormalization's output, which is the graph output.
        expect(folded.graph.nodes[0]!.outputs).toEqual(folded.graph.outputs);
      }
  });

  it('turns a 2-D MatMul into a Gemm with the folded bias', async () => {
    const folded = await foldAndCompare(denseBnModel({ op: 'MatMul' }));
    expect(ops(folded)).toEqual(['Gemm']);
    expect(folded.graph.nodes[0]!.attributes).toEqual({});
  });

  it('reads parameters held in Constant nodes and removes those nodes', async () => {
    const folded = await foldAndCompare(convBnModel({ constantNodes: true }));
    expect(ops(folded)).toEqual(['Conv', 'Relu']);
  });

  it('keeps a generated weight generated: Expand of per-channel values, or a ConstantOfShape', async () => {
    const dense = await foldAndCompare(convBnModel({ uniformWeight: true }));
    expect(ops(dense)).toEqual(['Expand', 'Conv', 'Relu']);
    const expand = dense.graph.tensors.find((t) => t.id === dense.graph.nodes[0]!.inputs[0])!;
    expect(expand.shape).toEqual([6, 1, 1, 1]);
    // Parameters generated too (one value per parameter): every channel scales alike.
    const uniform = await foldAndCompare(convBnModel({ uniformWeight: true, uniform: true }));
    expect(ops(uniform)).toEqual(['ConstantOfShape', 'ConstantOfShape', 'Conv', 'Relu']);
    // Nothing is stored but the generators' shapes.
    expect(uniform.graph.tensors.filter((t) => t.data).map((t) => t.dtype)).toEqual(['int64', 'int64']);
  });

  it('gives each layer its own weight when two layers share one', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 3, 4, 4]);
    const w = b.constant('w', values(2 * 3, 1), [2, 3, 1, 1]);
    const left = batchNorm(b, b.op('Conv', [x, w], {}, { name: 'left' }), 2, 'bn_left', { seed: 1 });
    const right = batchNorm(b, b.op('Conv', [x, w], {}, { name: 'right' }), 2, 'bn_right', { seed: 2 });
    b.output(b.op('Add', [left, right], {}, { outputs: ['y'] }));
    const folded = await foldAndCompare(b.model({ opset: 13 }));
    expect(ops(folded)).toEqual(['Conv', 'Conv', 'Add']);
    expect(folded.graph.tensors.some((t) => t.id === 'w')).toBe(false);
  });

  describe('leaves alone', () => {
    const unchanged = (model: Model): void => {
      const result = foldBatchNorm(deepFreeze(model));
      expect(result.report.changed).toBe(0);
      expect(result.model).toBe(model);
    };

    it('a Conv whose output has another reader', () => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [1, 2, 4, 4]);
      const conv = b.op('Conv', [x, b.constant('w', values(4, 1), [2, 2, 1, 1])]);
      b.output(batchNorm(b, conv, 2, 'bn'), b.op('Relu', [conv]));
      unchanged(b.model());
    });

    it('a BatchNormalization in training mode or with its statistics outputs used', () => {
      const training = new GraphBuilder();
      const x = training.input('x', 'float32', [1, 2, 4, 4]);
      const conv = training.op('Conv', [x, training.constant('w', values(4, 1), [2, 2, 1, 1])]);
      const p = ['s', 'b', 'm', 'v'].map((n) => training.constant(n, Float32Array.of(1, 1), [2]));
      training.output(training.op('BatchNormalization', [conv, ...p], { training_mode: 1 }));
      unchanged(training.model({ opset: 15 }));

      const stats = new GraphBuilder();
      const y = stats.input('x', 'float32', [1, 2, 4, 4]);
      const c2 = stats.op('Conv', [y, stats.constant('w', values(4, 1), [2, 2, 1, 1])]);
      const q = ['s', 'b', 'm', 'v'].map((n) => stats.constant(n, Float32Array.of(1, 1), [2]));
      const [out, mean] = stats.node('BatchNormalization', [c2, ...q], {}, { outputs: ['out', 'mean'] });
      stats.output(out!, mean!);
      unchanged(stats.model({ opset: 9 }));
    });

    it('a MatMul whose input is not 2-D, and a layer whose weight is computed', () => {
      const b = new GraphBuilder();
      const a = b.input('a', 'float32', [2, 3, 5]);
      const mm = b.op('MatMul', [a, b.constant('w', values(35, 1), [5, 7])]);
      b.output(batchNorm(b, mm, 7, 'bn'));
      unchanged(b.model({ opset: 13 }));

      const c = new GraphBuilder();
      const x = c.input('x', 'float32', [1, 2, 4, 4]);
      const w = c.input('w', 'float32', [2, 2, 1, 1]);
      c.output(batchNorm(c, c.op('Conv', [x, w]), 2, 'bn'));
      unchanged(c.model({ opset: 13 }));
    });

    it('a Gemm whose C varies along M, and TFLite models', () => {
      const b = new GraphBuilder();
      const a = b.input('a', 'float32', [3, 5]);
      const g = b.op('Gemm', [a, b.constant('w', values(15, 1), [5, 3]), b.constant('c', values(9, 2), [3, 3])]);
      b.output(batchNorm(b, g, 3, 'bn'));
      unchanged(b.model({ opset: 13 }));
      unchanged({ ...convBnModel(), format: 'tflite' });
    });
  });

  it('names the BatchNormalization and the layer in its report', () => {
    const { report } = foldBatchNorm(denseBnModel({ op: 'MatMul' }));
    expect(report).toEqual({
      pass: 'fold-batchnorm',
      changed: 1,
      details: ['BatchNormalization "bn" folded into MatMul "dense", which became a Gemm'],
    });
  });

  it('makes initializers plain constants in an IR-version-3 file (where every initializer was an input)', async () => {
    const model = convBnModel({ bias: true });
    const constants = model.graph.tensors.filter((t) => t.data).map((t) => t.id);
    const old: Model = { ...model, irVersion: 3, graph: { ...model.graph, inputs: ['x', ...constants] } };
    const folded = await foldAndCompare(old);
    expect(folded.irVersion).toBe(4);
    expect(folded.graph.inputs).toEqual(['x']);
  });
});
