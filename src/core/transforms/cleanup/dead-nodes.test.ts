import { describe, expect, it } from 'vitest';
import { readTflite, writeTflite } from '../../formats/tflite/index';
import { tfliteOptionAttributes as options } from '../../formats/tflite/options';
import { attr, GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { validateGraph } from '../../ir/validate';
import { deepFreeze, snapshotBytes } from '../../../test-support/deep-freeze';
import { removeDeadNodes } from './dead-nodes';
import { withDeadBranch } from './test-models';

const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.op);
const ids = (m: Model): string[] => m.graph.tensors.map((t) => t.id).sort();

function sweep(model: Model): ReturnType<typeof removeDeadNodes> {
  deepFreeze(model);
  const bytes = snapshotBytes(model);
  const result = removeDeadNodes(model);
  expect(snapshotBytes(model)).toEqual(bytes);
  expect(validateGraph(result.model.graph)).toEqual([]);
  return result;
}

describe('removeDeadNodes', () => {
  it('removes dead chains, unused constants and stale declarations; keeps unread graph inputs', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    b.input('unused_input', 'float32', [2]);
    b.op('Neg', [b.op('Abs', [x], {}, { name: 'abs' })], {}, { name: 'neg' });
    b.constant('unused', new Float32Array(8), [8]);
    b.declare('stale', 'float32', [2]);
    b.output(b.op('Relu', [x], {}, { outputs: ['y'] }));
    const { model, report } = sweep(b.model());
    expect(ops(model)).toEqual(['Relu']);
    expect(ids(model)).toEqual(['unused_input', 'x', 'y']);
    expect(report.changed).toBe(3);
    expect(report.details).toEqual([
      'Abs "abs" removed: nothing reads its outputs',
      'Neg "neg" removed: nothing reads its outputs',
      '1 unused constant(s) dropped (32 bytes)',
      '3 declaration(s) of values no node computes any more dropped',
    ]);
  });

  it('keeps what nested graphs read from outside and nodes without outputs', () => {
    const body = new GraphBuilder('body');
    body.output(body.op('Neg', ['outer'], {}, { outputs: ['neg'] }));
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    const cond = b.input('cond', 'bool', []);
    b.op('Abs', [x], {}, { outputs: ['outer'] });
    const branch = b.op('If', [cond], { then_branch: attr.graph(body.graph()), else_branch: attr.graph(body.graph()) });
    b.node('Print', [x], {}, { outputs: [], domain: 'com.example' });
    b.output(branch);
    const { model, report } = sweep(b.model());
    expect(report.changed).toBe(0);
    expect(ops(model)).toEqual(['Abs', 'If', 'Print']);
  });

  it('drops initializers an IR-version-3 file listed as inputs once nothing reads them', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [2]);
    b.constant('old', Float32Array.of(1, 2), [2]);
    b.output(b.op('Relu', [x], {}, { outputs: ['y'] }));
    const model = b.model({ opset: 9 });
    const { model: out } = sweep({ ...model, irVersion: 3, graph: { ...model.graph, inputs: ['x', 'old'] } });
    expect(out.irVersion).toBe(4);
    expect(out.graph.inputs).toEqual(['x']);
    expect(ids(out)).toEqual(['x', 'y']);
  });

  describe('TFLite', () => {
    const small = (): Model => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [1, 4]);
      const w = b.constant('w', new Float32Array(8).fill(0.5), [2, 4]);
      const fc = b.node('FULLY_CONNECTED', [x, w, ''], options('FULLY_CONNECTED'), {
        outputs: ['y'],
        dtype: 'float32',
        shape: [1, 2],
      });
      b.output(fc[0]!);
      return b.model({ format: 'tflite' });
    };

    it('drops dead ops and their buffers from the written file', () => {
      const clean = small();
      const messy = withDeadBranch(clean);
      const { model, report } = sweep(messy);
      expect(report.changed).toBe(3);
      expect(ops(model)).toEqual(['FULLY_CONNECTED']);
      const [before, after, reference] = [messy, model, clean].map((m) => writeTflite(m)[0]!.bytes);
      expect(after!.byteLength).toBeLessThan(before!.byteLength);
      expect(after!.byteLength).toBe(reference!.byteLength);
      expect(ops(readTflite([{ name: 'clean.tflite', bytes: after! }]))).toEqual(['FULLY_CONNECTED']);
    });

    it('keeps ops that touch variables or resources', () => {
      const b = new GraphBuilder();
      const x = b.input('x', 'float32', [1, 2]);
      b.constant('state', new Float32Array(2), [1, 2]);
      b.node('ASSIGN_VARIABLE', ['state', x], {}, { outputs: [] });
      b.op('ADD', [x, 'state'], options('ADD'), { outputs: ['reads_state'], dtype: 'float32', shape: [1, 2] });
      b.output(b.op('RELU', [x], {}, { outputs: ['y'], dtype: 'float32', shape: [1, 2] }));
      const model = b.model({ format: 'tflite' });
      const graph = {
        ...model.graph,
        tensors: model.graph.tensors.map((t) =>
          t.id === 'state' ? { ...t, extras: { tflite: { isVariable: true } } } : t,
        ),
      };
      const { model: out, report } = sweep({ ...model, graph });
      expect(report.changed).toBe(0);
      expect(ops(out)).toEqual(['ASSIGN_VARIABLE', 'ADD', 'RELU']);
    });

    it('keeps tensors a signature names', () => {
      const model = small();
      const signed: Model = {
        ...model,
        graph: {
          ...model.graph,
          tensors: [...model.graph.tensors, { id: 'extra', name: 'extra', dtype: 'float32', shape: [1] }],
        },
        extras: {
          tflite: {
            signatureDefs: [
              { subgraph: 0, inputs: [{ name: 'x', tensor: 'x' }], outputs: [{ name: 'e', tensor: 'extra' }] },
            ],
          },
        },
      };
      expect(ids(sweep(signed).model)).toContain('extra');
    });
  });
});
