// bypassNode, deleteNode, deleteNodeCascade, renameNode, renameTensor and rewireInput on built graphs
// (inputs deep-frozen: an edit that mutated its model would throw here).
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { applyEdit } from './apply';
import { onnxBranches, onnxChain, refusal } from './test-models';
import { validateModel } from './validate-model';

const chain = (): Model => deepFreeze(onnxChain());
const branches = (): Model => deepFreeze(onnxBranches());
const ops = (m: Model): string[] => m.graph.nodes.map((n) => n.id);
const errors = (m: Model) => validateModel(m).filter((p) => p.severity === 'error');

describe('bypassNode', () => {
  it('reconnects the readers of the output to the input and drops the node and its outputs', () => {
    const { model, affected, removed } = applyEdit(chain(), { kind: 'bypassNode', node: 'id1' });
    expect(ops(model)).toEqual(['conv', 'relu', 'drop', 'flat', 'fc', 'id_out']);
    expect(model.graph.nodes.find((n) => n.id === 'relu')!.inputs).toEqual(['conv_out']);
    expect(model.graph.tensors.some((t) => t.id === 'id1_out')).toBe(false);
    expect(affected.nodes).toEqual(['relu']);
    expect(removed).toEqual({ nodes: ['id1'], tensors: ['id1_out'] });
    expect(errors(model)).toEqual([]);
  });

  it('takes the weights only the removed node read with it, so params and weight bytes drop', () => {
    const ids = (m: Model) => m.graph.tensors.map((t) => t.id);
    for (const kind of ['bypassNode', 'deleteNode'] as const) {
      const { model, removed } = applyEdit(chain(), { kind, node: 'fc' });
      expect(ids(model), kind).not.toContain('fc_w');
      expect(ids(model), kind).not.toContain('fc_b');
      expect(removed.tensors, kind).toEqual(expect.arrayContaining(['fc_w', 'fc_b']));
      // The conv's weights are read by a node that stays.
      expect(ids(model), kind).toEqual(expect.arrayContaining(['w', 'bias']));
    }
  });

  it('keeps a graph output name by renaming the input, typed as the input is', () => {
    const { model } = applyEdit(chain(), { kind: 'bypassNode', node: 'id_out' });
    expect(model.graph.outputs).toEqual(['y']);
    expect(model.graph.nodes.find((n) => n.id === 'fc')!.outputs).toEqual(['y']);
    expect(model.graph.tensors.filter((t) => t.id === 'y')).toEqual([
      { id: 'y', name: 'y', dtype: 'float32', shape: ['N', 4] },
    ]);
    expect(model.graph.tensors.some((t) => t.id === 'fc_out')).toBe(false);
    expect(errors(model)).toEqual([]);
  });

  it('makes the graph output the input tensor when the input is a graph input, and says so', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2]);
    b.node('Identity', [x], {}, { name: 'pass', outputs: ['y'] });
    const { model, notes } = applyEdit(deepFreeze(b.output('y').model()), { kind: 'bypassNode', node: 'pass' });
    expect(model.graph.outputs).toEqual(['x']);
    expect(model.graph.nodes).toEqual([]);
    expect(notes[0]).toMatch(/graph output "y" is now "x"/);
  });

  it('refuses a node whose second output is read, naming node and tensor', () => {
    const m = chain();
    const used: Model = {
      ...m,
      graph: { ...m.graph, outputs: [...m.graph.outputs, 'drop_mask'] },
    };
    const e = refusal(used, { kind: 'bypassNode', node: 'drop' });
    expect(e.reason).toBe('not-possible');
    expect(e.code).toBe('not-applicable');
    expect(e.message).toMatch(/Dropout "drop".*"drop_mask"/);
  });

  it('finds a node by its unique stored name and refuses an unknown one', () => {
    expect(refusal(chain(), { kind: 'bypassNode', node: 'nope' }).message).toBe('the graph has no node "nope"');
    const e = refusal(chain(), { kind: 'bypassNode', node: 'conv', input: 5 });
    expect([e.reason, e.code]).toEqual(['wrong-arity', 'invalid-options']);
  });
});

describe('deleteNode', () => {
  it('leaves readers and graph outputs dangling, which validation names', () => {
    const { model } = applyEdit(branches(), { kind: 'deleteNode', node: 'relu' });
    expect(ops(model)).toEqual(['add', 'side']);
    expect(errors(model)).toMatchObject([
      { code: 'missing-output', tensorId: 'out', message: 'graph output "out" is never produced' },
    ]);
    const mid = applyEdit(branches(), { kind: 'deleteNode', node: 'add' }).model;
    expect(errors(mid)).toMatchObject([{ code: 'dangling-input', nodeId: 'relu', tensorId: 'add_out' }]);
  });
});

describe('deleteNodeCascade', () => {
  it('takes what only the node feeds, and the constants only it read; other branches stay', () => {
    const { model, removed } = applyEdit(branches(), { kind: 'deleteNodeCascade', node: 'add' });
    expect(ops(model)).toEqual(['side']);
    expect(model.graph.outputs).toEqual(['side_out']);
    expect(model.graph.inputs).toEqual(['a']);
    expect(removed.nodes).toEqual(['add', 'relu']);
    expect([...removed.tensors].sort()).toEqual(['add_out', 'c', 'out']);
    expect(errors(model)).toEqual([]);
  });

  it('takes the producers that only fed the deleted node, stopping at shared tensors', () => {
    const { model } = applyEdit(chain(), { kind: 'deleteNodeCascade', node: 'flat' });
    // Downstream fc and id_out go (and the output y); upstream drop, relu, id1, conv only fed them.
    expect(ops(model)).toEqual([]);
    expect(model.graph.tensors.map((t) => t.id)).toEqual(['x']);
    expect(errors(model).map((p) => p.code)).toEqual(['no-outputs']);
  });
});

describe('renameTensor', () => {
  it('renames the tensor everywhere it is named', () => {
    const { model } = applyEdit(chain(), { kind: 'renameTensor', tensor: 'fc_out', name: 'logits' });
    expect(model.graph.nodes.find((n) => n.id === 'fc')!.outputs).toEqual(['logits']);
    expect(model.graph.nodes.find((n) => n.id === 'id_out')!.inputs).toEqual(['logits']);
    expect(model.graph.tensors.some((t) => t.id === 'fc_out')).toBe(false);
    const input = applyEdit(chain(), { kind: 'renameTensor', tensor: 'x', name: 'image' }).model;
    expect(input.graph.inputs).toEqual(['image']);
    expect(input.graph.nodes[0]!.inputs[0]).toBe('image');
    expect(errors(input)).toEqual([]);
  });

  it('refuses a name already in use', () => {
    const e = refusal(chain(), { kind: 'renameTensor', tensor: 'fc_out', name: 'w' });
    expect([e.reason, e.message]).toEqual(['name-taken', 'the name "w" is already used in the graph']);
  });
});

describe('renameNode', () => {
  it('changes the stored name and keeps the id, so later edits still find the node', () => {
    const { model } = applyEdit(chain(), { kind: 'renameNode', node: 'conv', name: 'stem' });
    const node = model.graph.nodes[0]!;
    expect([node.id, node.name]).toEqual(['conv', 'stem']);
    expect(applyEdit(model, { kind: 'bypassNode', node: 'id1' }).model.graph.nodes).toHaveLength(6);
    expect(refusal(model, { kind: 'renameNode', node: 'relu', name: 'stem' }).reason).toBe('name-taken');
  });
});

describe('rewireInput', () => {
  it('re-sorts the nodes when the new input is produced later', () => {
    const b = new GraphBuilder();
    const x = b.input('x', 'float32', [1, 2]);
    const p = b.op('Relu', [x], {}, { name: 'p' });
    const q = b.op('Sigmoid', [x], {}, { name: 'q' });
    b.output(p, q);
    const { model } = applyEdit(deepFreeze(b.model()), { kind: 'rewireInput', node: 'p', input: 0, tensor: q });
    expect(ops(model)).toEqual(['q', 'p']);
    expect(errors(model)).toEqual([]);
  });

  it('applies a rewire that makes a cycle; validation names the node and the tensor', () => {
    const { model } = applyEdit(branches(), { kind: 'rewireInput', node: 'add', input: 0, tensor: 'out' });
    expect(errors(model)).toMatchObject([{ code: 'cycle', nodeId: 'add', tensorId: 'out' }]);
    expect(errors(model)[0]!.message).toBe('node "add" is part of a cycle through "out"');
  });

  it('refuses an unknown tensor, a required input left empty and an index past the arity', () => {
    expect(refusal(branches(), { kind: 'rewireInput', node: 'add', input: 1, tensor: 'zz' }).reason).toBe(
      'unknown-tensor',
    );
    expect(refusal(branches(), { kind: 'rewireInput', node: 'add', input: 1, tensor: '' }).message).toMatch(
      /input 1 \(B\) of Add "add" is required/,
    );
    expect(refusal(branches(), { kind: 'rewireInput', node: 'add', input: 2, tensor: 'a' }).message).toMatch(
      /at most 2 inputs/,
    );
  });
});
