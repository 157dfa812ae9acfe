import { describe, expect, it } from 'vitest';
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { attr, GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { removeIdentities } from './remove-identities';
import { feedsFor, maxOutputDifference } from './test-graphs';

const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.op);

function remove(model: Model): ReturnType<typeof removeIdentities> {
  deepFreeze(model);
  const bytes = snapshotBytes(model);
  const result = removeIdentities(model);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  return result;
}

describe('removeIdentities', () => {
  it('removes a chain of Identity nodes before a graph output, keeping the output name', async () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const relu = b.op('Relu', [x], {}, { name: 'relu' });
    const id1 = b.op('Identity', [relu]);
    b.output(b.op('Identity', [id1], {}, { outputs: ['y'] }));
    const model = b.model();
    const { model: out, report } = remove(model);
    expect(ops(out)).toEqual(['Relu']);
    expect(out.graph.nodes[0]!.outputs).toEqual(['y']);
    expect(report.changed).toBe(2);
    expect(out.graph.tensors.map((t) => t.id).sort()).toEqual(['x', 'y']);
    expect(await maxOutputDifference(model, out, feedsFor(model))).toBe(0);
  });

  it('keeps an Identity from a graph input straight to a graph output (both names must stay)', () => {
    const b = new GraphBuilder();
    b.output(b.op('Identity', [b.input('x', 'float32', [2])], {}, { outputs: ['y'] }));
    expect(remove(b.model()).report.changed).toBe(0);
  });

  it('rewires readers, including those inside nested graphs', () => {
    const body = new GraphBuilder('then');
    body.output(body.op('Neg', ['copy'], {}, { outputs: ['neg'] }));
    const els = new GraphBuilder('else');
    els.output(els.op('Abs', ['copy'], {}, { outputs: ['abs'] }));
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const cond = b.input('cond', 'bool', []);
    const copy = b.op('Identity', [x], {}, { outputs: ['copy'] });
    const sum = b.op('Relu', [copy]);
    const branch = b.op('If', [cond], { then_branch: attr.graph(body.graph()), else_branch: attr.graph(els.graph()) });
    b.output(sum, branch);
    const { model } = remove(b.model());
    expect(ops(model)).toEqual(['Relu', 'If']);
    expect(model.graph.nodes[0]!.inputs).toEqual(['x']);
    const then = model.graph.nodes[1]!.attributes['then_branch'];
    expect(then?.type === 'graph' && then.value.nodes[0]!.inputs).toEqual(['x']);
  });

  describe('Dropout', () => {
    const dropout = (opset: number, attributes: Record<string, number>, extra: string[] = [], mask = false): Model => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 3]);
      const outs = b.node('Dropout', [x, ...extra], attributes, { outputs: mask ? ['d', 'mask'] : ['d'] });
      b.output(b.op('Relu', [outs[0]!], {}, { outputs: ['y'] }));
      if (mask) b.output('mask');
      return b.model({ opset });
    };

    it('goes at inference (opset 7–11, opset ≥ 12 without training, opset < 7 with is_test)', () => {
      expect(ops(remove(dropout(9, { ratio: 0.5 } as Record<string, number>)).model)).toEqual(['Relu']);
      expect(ops(remove(dropout(6, { is_test: 1 })).model)).toEqual(['Relu']);
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 3]);
      const ratio = b.constant('ratio', Float32Array.of(0.5), []);
      const training = b.constant('training', Uint8Array.of(0), [], 'bool');
      b.output(b.op('Dropout', [x, ratio, training], {}, { outputs: ['y'] }));
      // Its output is the graph output and its input a graph input: it has to stay.
      expect(remove(b.model({ opset: 13 })).report.changed).toBe(0);
    });

    it('stays in training mode or when its mask is used', () => {
      expect(remove(dropout(6, {})).report.changed).toBe(0);
      expect(remove(dropout(9, {}, [], true)).report.changed).toBe(0);
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [2, 3]);
      const training = b.constant('training', Uint8Array.of(1), [], 'bool');
      const d = b.op('Dropout', [x, '', training]);
      b.output(b.op('Relu', [d]));
      expect(remove(b.model({ opset: 13 })).report.changed).toBe(0);
    });
  });

  it('removes Reshape / Flatten / Squeeze to the same shape and Cast to the same dtype, not real ones', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2, 3]);
    const same = b.op('Reshape', [x, b.constant('s1', BigInt64Array.of(2n, -1n), [2])], {}, { name: 'same' });
    const flat = b.op('Flatten', [same], { axis: 1 }, { name: 'flat' });
    const squeeze = b.op('Squeeze', [flat], {}, { name: 'squeeze' });
    const cast = b.op('Cast', [squeeze], { to: 1 }, { name: 'cast' });
    const other = b.op('Reshape', [cast, b.constant('s2', BigInt64Array.of(3n, 2n), [2])], {}, { name: 'other' });
    b.output(b.op('Cast', [other], { to: 7 }, { outputs: ['y'] }));
    const { model, report } = remove(b.model({ opset: 13 }));
    expect(ops(model)).toEqual(['Reshape', 'Cast']);
    expect(report.details).toEqual([
      'Reshape "same" removed',
      'Flatten "flat" removed',
      'Squeeze "squeeze" removed',
      'Cast "cast" removed',
    ]);
  });

  describe('TFLite', () => {
    const reshapeModel = (outQuant: number): Model => {
      const b = new GraphBuilder();
      const x = b.input('x', 'int8', [1, 4]);
      const shape = b.constant('shape', Int32Array.of(1, 4), [2]);
      const r = b.op('RESHAPE', [x, shape], options('RESHAPE', { new_shape: [1, 4] }), {
        outputs: ['r'],
        dtype: 'int8',
        shape: [1, 4],
      });
      b.output(b.op('RELU', [r], {}, { outputs: ['y'], dtype: 'int8', shape: [1, 4] }));
      const model = b.model({ format: 'tflite' });
      const quant = (id: string) => ({ scale: [id === 'r' ? outQuant : 0.5], zeroPoint: [0] });
      return {
        ...model,
        graph: { ...model.graph, tensors: model.graph.tensors.map((t) => ({ ...t, quant: quant(t.id) })) },
      };
    };

    it('removes a RESHAPE to the same shape and quantization', () => {
      const { model } = remove(reshapeModel(0.5));
      expect(ops(model)).toEqual(['RELU']);
      expect(model.graph.tensors.map((t) => t.id).sort()).toEqual(['x', 'y']);
    });

    it('keeps one that changes the quantization', () => {
      expect(remove(reshapeModel(0.25)).report.changed).toBe(0);
    });
  });
});
