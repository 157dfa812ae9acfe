import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphView, ModelProblem } from '../../../workers/protocol';
import { openTinyModel, type Fixture } from '../../test-fixtures';
import { connectionEdit } from './connect';
import { deleteKeyEdit, edgeMenu, fixBatchEdit, nodeMenu } from './node-actions';
import { problemMarks, problemNodes } from './problem-marks';

let fx: Fixture;
let graph: GraphView;
beforeAll(async () => {
  fx = await openTinyModel();
  graph = fx.model.graph;
});
const node = (id: string) => graph.nodes.find((n) => n.id === id)!;

describe('node actions', () => {
  it('Delete bypasses an operator with one data input (weights do not count) and removes a graph output', () => {
    expect(deleteKeyEdit(node('conv'))).toEqual({ kind: 'bypassNode', node: 'conv', input: 0 });
    expect(deleteKeyEdit(node('relu'))).toEqual({ kind: 'bypassNode', node: 'relu', input: 0 });
    expect(deleteKeyEdit(node('output:relu_out'))).toEqual({ kind: 'removeGraphOutput', tensor: 'relu_out' });
    expect(deleteKeyEdit(node('input:x'))).toBeUndefined();
    // Two data inputs (an Add): plain delete.
    const add = { ...node('relu'), inputs: [node('relu').inputs[0]!, { ...node('relu').inputs[0]!, index: 1 }] };
    expect(deleteKeyEdit(add)).toEqual({ kind: 'deleteNode', node: 'relu' });
  });

  it("an operator's menu: bypass marked as the Delete key, delete, cascade, expose, rename, add after, extract", () => {
    const menu = nodeMenu(node('conv'), graph);
    expect(menu.map((a) => a.key)).toEqual([
      'bypass',
      'delete',
      'delete-cascade',
      'expose:conv_out',
      'rename',
      'add-after',
      'extract',
    ]);
    expect(menu.find((a) => a.shortcut)?.key).toBe('bypass');
    expect(menu[0]!.detail).toBe('Removes conv; what read its output reads x instead.');
    expect(menu.find((a) => a.key === 'expose:conv_out')!.edit).toEqual({ kind: 'addGraphOutput', tensor: 'conv_out' });
    expect(menu.find((a) => a.key === 'extract')!.dialog).toEqual({
      kind: 'extract',
      inputs: [],
      outputs: ['conv_out'],
    });
    // The Relu's output already is a graph output: the entry stops exposing it.
    const relu = nodeMenu(node('relu'), graph);
    expect(relu.find((a) => a.key.startsWith('unexpose'))!.edit).toEqual({
      kind: 'removeGraphOutput',
      tensor: 'relu_out',
    });
  });

  it('an operator without data input cannot be bypassed, and Delete deletes it', () => {
    const lone = { ...node('relu'), inputs: [] };
    const menu = nodeMenu(lone, graph);
    expect(menu[0]!.disabledReason).toMatch(/no data input/);
    expect(menu.find((a) => a.shortcut)?.key).toBe('delete');
  });

  it('graph inputs offer "Fix batch to 1" only with a symbolic batch; edges expose and rename their tensor', () => {
    const fixed = nodeMenu(node('input:x'), graph);
    expect(fixed[0]).toMatchObject({ key: 'fix-batch', disabledReason: 'The batch size is already fixed.' });
    expect(fixBatchEdit('x', ['N', 3, 8, 8])).toEqual({ kind: 'fixSymbolicDims', dims: { N: 1 } });
    expect(fixBatchEdit('x', [null, 3])).toEqual({ kind: 'setInputShape', input: 'x', shape: [1, 3] });
    expect(fixBatchEdit('x', [1, 3])).toBeUndefined();
    const edge = edgeMenu('conv_out', graph);
    expect(edge.map((a) => a.key)).toEqual(['expose', 'rename-tensor', 'insert']);
    expect(edge[1]!.dialog).toEqual({ kind: 'rename-tensor', tensorId: 'conv_out', name: 'conv_out' });
    expect(edgeMenu('relu_out', graph)[0]!.key).toBe('unexpose');
  });

  it('a drag between handles rewires at once when there is one choice, else asks', () => {
    expect(connectionEdit(graph, 'input:x', 'relu')).toEqual({
      edit: { kind: 'rewireInput', node: 'relu', input: 0, tensor: 'x' },
    });
    expect(connectionEdit(graph, 'conv', 'output:relu_out')).toMatchObject({ refused: /operator/ });
    const add = {
      ...node('relu'),
      id: 'add',
      inputs: [node('relu').inputs[0]!, { ...node('relu').inputs[0]!, index: 1 }],
    };
    const withAdd = { ...graph, nodes: [...graph.nodes, add] };
    expect(connectionEdit(withAdd, 'input:x', 'add')).toEqual({
      dialog: { kind: 'rewire', source: 'input:x', target: 'add' },
    });
  });
});

describe('problem marks', () => {
  const problem = (p: Partial<ModelProblem>): ModelProblem => ({
    code: 'dangling-input',
    severity: 'error',
    message: 'm',
    ...p,
  });

  it('puts a problem on its node, a graph output pseudo node, the readers of a tensor, or the node holding a body', () => {
    expect(problemNodes(problem({ nodeId: 'conv' }), graph)).toEqual(['conv']);
    expect(problemNodes(problem({ tensorId: 'relu_out' }), graph)).toEqual(['output:relu_out']);
    expect(problemNodes(problem({ tensorId: 'conv_out' }), graph)).toEqual(['relu']);
    expect(problemNodes(problem({ nodeId: 'inner', path: ['conv'] }), graph)).toEqual(['conv']);
    expect(problemNodes(problem({ tensorId: 'gone' }), graph)).toEqual([]);
  });

  it('a node with an error and a warning is marked as an error with both sentences', () => {
    const marks = problemMarks(
      [problem({ nodeId: 'relu', severity: 'warning', message: 'w' }), problem({ tensorId: 'conv_out', message: 'e' })],
      graph,
    );
    expect(marks.get('relu')).toEqual({ severity: 'error', messages: ['w', 'e'] });
    expect(marks.has('conv')).toBe(false);
  });
});
