// Edit ops from JSON, and validation of broken models (it reports, it never throws).
import { describe, expect, it } from 'vitest';
import { TransformError } from '../../errors';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { applyEdits, describeEdit } from './apply';
import { EditError } from './edit-error';
import { parseEditOps } from './parse-ops';
import { onnxBranches, onnxChain } from './test-models';
import type { EditOp } from './types';
import { assertExportable, isExportable, validateModel } from './validate-model';

function parseError(value: unknown): string {
  try {
    parseEditOps(value);
  } catch (error) {
    if (error instanceof EditError) return error.message;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseEditOps', () => {
  it('keeps known fields in a fixed order and round-trips through JSON', () => {
    const ops: EditOp[] = [
      { kind: 'bypassNode', node: 'id1' },
      {
        kind: 'addNode',
        op: 'Clip',
        inputs: ['x', '', 'm'],
        attributes: { a: [1, 2], b: { type: 'float', value: 1 } },
      },
      { kind: 'setAttribute', node: 'n', name: 'axis', value: null },
      { kind: 'setInputShape', input: 'x', shape: [1, 'H', null] },
      { kind: 'fixSymbolicDims', dims: { N: 1 }, unknown: 1 },
      { kind: 'editInitializer', tensor: 'w', change: { kind: 'npy', npy: { file: 'w.npy' } } },
    ];
    expect(parseEditOps(JSON.parse(JSON.stringify(ops)))).toEqual(ops);
    expect(parseEditOps([{ node: 'id1', kind: 'bypassNode' }])).toEqual([{ kind: 'bypassNode', node: 'id1' }]);
  });

  it('names the op and the field that is wrong', () => {
    expect(parseError({})).toBe('ops must be a list of edits, not an object');
    expect(parseError([{ kind: 'explode' }])).toMatch(/^ops\[0\]: unknown kind "explode" \(bypassNode, deleteNode/);
    expect(parseError([{ kind: 'bypassNode' }])).toBe('ops[0] needs "node"');
    expect(parseError([{ kind: 'bypassNode', node: 'a', nod: 'b' }])).toMatch(
      /ops\[0\]: unknown field "nod" \(kind, node, input\)/,
    );
    expect(parseError([{ kind: 'rewireInput', node: 'a', input: 1.5, tensor: 't' }])).toBe(
      'ops[0].input must be a whole number, not 1.5',
    );
    expect(parseError([{ kind: 'setAttribute', node: 'a', name: 'b' }])).toMatch(/needs "value"/);
    expect(parseError([{ kind: 'editInitializer', tensor: 'w', change: { kind: 'double' } }])).toMatch(
      /ops\[0\]\.change must be/,
    );
    expect(parseError([{ kind: 'addNode', op: 'Relu', inputs: ['x'], outputTypes: [{ dtype: 'float33' }] }])).toMatch(
      /ops\[0\]\.outputTypes\[0\]\.dtype must be an element type/,
    );
  });
});

describe('applyEdits', () => {
  it('applies in order and names the failing edit by position', () => {
    const ops: EditOp[] = [
      { kind: 'bypassNode', node: 'id1' },
      { kind: 'bypassNode', node: 'id1' },
    ];
    expect(() => applyEdits(onnxChain(), ops)).toThrow('edit 2 of 2 (bypass "id1"): the graph has no node "id1"');
    expect(applyEdits(onnxChain(), ops.slice(0, 1)).results).toHaveLength(1);
    expect(describeEdit({ kind: 'setAttribute', node: 'fc', name: 'alpha', value: { type: 'float', value: 2 } })).toBe(
      'set alpha of "fc" to 2',
    );
  });
});

describe('validateModel', () => {
  it('finds nothing wrong with a well-formed model', () => {
    expect(validateModel(onnxChain())).toEqual([]);
    expect(isExportable(onnxBranches())).toBe(true);
  });

  it('reports arity, attributes and element types by node and tensor', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 4]);
    const i = b.input('i', 'int8', [1, 4]);
    b.op('Add', [x, i], {}, { name: 'mixed', outputs: ['s'] });
    b.op('Relu', [x, x], {}, { name: 'two', outputs: ['r'] });
    b.op('Flatten', [x], { axis: 1.5, color: 1 }, { name: 'flat', outputs: ['f'] });
    b.op('Concat', [x], {}, { name: 'cat', outputs: ['c'] });
    const problems = validateModel(b.output('s', 'r', 'f', 'c').model());
    const brief = problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.nodeId, p.tensorId ?? '']);
    expect(brief).toEqual(
      expect.arrayContaining([
        ['dtype-mismatch', 'mixed', 'i'],
        ['wrong-arity', 'two', ''],
        ['bad-attribute', 'flat', ''],
        ['bad-attribute', 'cat', ''],
      ]),
    );
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('Add "mixed": "i" is int8 but "x" is float32; Add needs them of one type');
    expect(messages).toContain('Relu "two" has 2 inputs; Relu takes 1');
    expect(messages).toContain('Flatten "flat": attribute "axis" must be a whole number, not 1.5');
    expect(messages).toContain('Flatten "flat": unknown attribute "color" (Flatten has axis)');
    expect(messages).toContain('Concat "cat" lacks its required attribute "axis"');
  });

  it('describes a broken graph without throwing, and export refuses it with the list', () => {
    const m = onnxBranches();
    const broken: Model = {
      ...m,
      graph: {
        ...m.graph,
        nodes: m.graph.nodes.map((n) => (n.id === 'relu' ? { ...n, inputs: ['nowhere'] } : n)),
      },
    };
    expect(validateModel(broken).map((p) => p.code)).toEqual(['dangling-input']);
    let error: unknown;
    try {
      assertExportable(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransformError);
    expect((error as TransformError).code).toBe('invalid-result');
    expect((error as TransformError).message).toBe(
      'the ONNX model cannot be exported: it has 1 problem: (1) node "relu" reads "nowhere", which nothing produces',
    );
    const empty: Model = { ...m, graph: { ...m.graph, outputs: [] } };
    expect(validateModel(empty)[0]).toMatchObject({ code: 'no-outputs', severity: 'error' });
  });
});
