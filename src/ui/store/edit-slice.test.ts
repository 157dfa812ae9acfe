import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient } from '../../workers/client';
import type { LayoutResult } from '../../workers/protocol';
import { tinyConvFile } from '../../workers/test-models';
import { openTinyVariant, type VariantFixture } from '../test-fixtures';
import { createStudioStore } from '.';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

/** A store showing a fresh copy of the tiny model (edits change the engine's copy in place). */
async function opened(engine: EngineClient = fx.engine) {
  const model = await engine.openModel([tinyConvFile()]);
  const layout = await engine.layout(model.summary.modelId, 'TB');
  const store = createStudioStore();
  store.getState().setModel(model, layout);
  return { store, id: model.summary.modelId, layout };
}

const position = (layout: LayoutResult, nodes: readonly { id: string }[], id: string) => {
  const i = nodes.findIndex((n) => n.id === id);
  return [layout.positions[2 * i], layout.positions[2 * i + 1]];
};

describe('edit slice', () => {
  it('replaces the member shown in place: graph, summary, history, problems; the nodes left keep their places', async () => {
    const { store, id, layout } = await opened();
    const before = store.getState().model!.graph;
    store.getState().select('conv');
    store.getState().setStats(`${id}/w`, { status: 'loading' });
    store.getState().setStats('other/w', { status: 'loading' });
    const outcome = await fx.engine.editModel(id, { kind: 'bypassNode', node: 'relu' });
    store.getState().applyEditOutcome(outcome);
    const s = store.getState();
    expect(s.model!.summary.modelId).toBe(id);
    expect(s.model!.graph.nodes.map((n) => n.id)).toEqual(['input:x', 'conv', 'output:relu_out']);
    expect(s.variants[0]!.model).toBe(s.model);
    expect(s.variants[0]!.layout).toBe(s.layout);
    expect(s.editHistories[id]!.done.map((e) => e.label)).toEqual(['bypass "relu"']);
    expect(s.problems[id]).toEqual([]);
    expect(s.editVersions[id]).toBe(1);
    // The conv node and the input did not move; the view holds still on the selected node.
    expect(position(s.layout!, s.model!.graph.nodes, 'conv')).toEqual(position(layout, before.nodes, 'conv'));
    expect(position(s.layout!, s.model!.graph.nodes, 'input:x')).toEqual(position(layout, before.nodes, 'input:x'));
    expect(s.selectedNodeId).toBe('conv');
    expect(s.viewAnchor).toMatchObject({ layout: s.layout, nodeId: 'conv' });
    // Statistics of the edited model are dropped, others kept.
    expect(Object.keys(s.stats)).toEqual(['other/w']);
  });

  it('reports problems of a breaking edit and keeps them per member; a selection that is gone is cleared', async () => {
    const { store, id } = await opened();
    store.getState().select('conv');
    store.getState().applyEditOutcome(await fx.engine.editModel(id, { kind: 'deleteNode', node: 'conv' }));
    const s = store.getState();
    expect(s.selectedNodeId).toBeNull();
    // The Relu that read the conv's output now reads nothing.
    expect(s.problems[id]!.map((p) => [p.code, p.severity, p.tensorId])).toContainEqual([
      'dangling-input',
      'error',
      'conv_out',
    ]);
    // Undo brings the exact graph back and clears them.
    store.getState().applyEditOutcome(await fx.engine.undoEdit(id));
    expect(store.getState().problems[id]).toEqual([]);
    expect(store.getState().model!.graph.nodes.map((n) => n.id)).toContain('conv');
    expect(store.getState().editHistories[id]!.undone).toHaveLength(1);
    expect(store.getState().editVersions[id]).toBe(2);
  });

  it('selects a node asked for (one just added) and places it after what it reads', async () => {
    const { store, id } = await opened();
    const outcome = await fx.engine.editModel(id, {
      kind: 'addNode',
      op: 'Sigmoid',
      name: 'sig',
      inputs: ['conv_out'],
      rewireConsumers: true,
    });
    const added = outcome.affected.find((n) => !store.getState().model!.graph.nodes.some((m) => m.id === n));
    expect(added).toBeDefined();
    store.getState().applyEditOutcome(outcome, { select: added! });
    const s = store.getState();
    expect(s.selectedNodeId).toBe(added);
    const nodes = s.model!.graph.nodes;
    const [, convY] = position(s.layout!, nodes, 'conv');
    const [, newY] = position(s.layout!, nodes, added!);
    expect(newY!).toBeGreaterThan(convY!);
  });

  it('an edit that keeps the nodes (a rename) keeps the layout itself: nothing is drawn anew', async () => {
    const { store, id, layout } = await opened();
    store.getState().applyEditOutcome(await fx.engine.editModel(id, { kind: 'renameNode', node: 'conv', name: 'c' }));
    const s = store.getState();
    expect(s.layout).toBe(layout);
    expect(s.viewAnchor).toBeNull();
    expect(s.model!.graph.nodes.find((n) => n.id === 'conv')!.name).toBe('c');
  });

  it('a fresh layout applies only to the version it was made for, and moves the view by the anchor’s shift', async () => {
    const { store, id } = await opened();
    store.getState().select('relu');
    store.getState().applyEditOutcome(await fx.engine.editModel(id, { kind: 'bypassNode', node: 'conv' }));
    const carried = store.getState().layout!;
    const fresh = await fx.engine.layout(id, 'TB');
    store.getState().applyEditLayout(fresh, 0);
    expect(store.getState().layout).toBe(carried);
    store.getState().applyEditLayout(fresh, 1);
    const s = store.getState();
    expect(s.layout).toBe(fresh);
    expect(s.variants[0]!.layout).toBe(fresh);
    expect(s.viewAnchor?.layout).toBe(fresh);
    expect(s.viewAnchor?.nodeId).toBe('relu');
  });

  it('an outcome of a member not shown updates that member only; one of a closed model is ignored', async () => {
    const store = createStudioStore();
    store.getState().setModel(fx.model, fx.layout);
    store.getState().addVariant(fx.variant, fx.variantLayout);
    store.getState().showVariant(fx.model.summary.modelId);
    const variantId = fx.variant.summary.modelId;
    const outcome = await fx.engine.editModel(variantId, { kind: 'renameNode', node: 'conv', name: 'first' });
    store.getState().applyEditOutcome(outcome);
    let s = store.getState();
    expect(s.model).toBe(fx.model);
    expect(s.variants[1]!.model.graph.nodes.find((n) => n.id === 'conv')!.name).toBe('first');
    expect(s.variants[1]!.model.variant).toBe(fx.variant.variant);
    expect(s.editHistories[variantId]!.done).toHaveLength(1);
    await fx.engine.undoEdit(variantId);
    // Opening another model starts a new family: the histories go, later outcomes of old members too.
    store.getState().setModel(fx.model, fx.layout);
    s = store.getState();
    expect(s.editHistories).toEqual({});
    store.getState().applyEditOutcome(outcome);
    expect(store.getState().variants).toHaveLength(1);
    expect(store.getState().editHistories).toEqual({});
  });
});
