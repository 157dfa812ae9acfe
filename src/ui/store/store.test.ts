import { beforeAll, describe, expect, it } from 'vitest';
import { openTinyModel, type Fixture } from '../test-fixtures';
import { createStudioStore } from '.';

let fx: Fixture;
beforeAll(async () => {
  fx = await openTinyModel();
});

function opened() {
  const store = createStudioStore();
  store.getState().setModel(fx.model, fx.layout);
  return store;
}

describe('model slice', () => {
  it('loading clears the last error and progress follows', () => {
    const store = createStudioStore();
    store.getState().setError({ code: 'truncated', fileName: 'a.onnx', message: 'a.onnx: cut' });
    store.getState().startLoading('b.onnx');
    expect(store.getState().error).toBeNull();
    store.getState().setProgress({ phase: 'parse', fraction: 0.5 });
    expect(store.getState().loading).toEqual({ fileName: 'b.onnx', progress: { phase: 'parse', fraction: 0.5 } });
    store.getState().stopLoading();
    expect(store.getState().loading).toBeNull();
    // Progress without a load in flight is ignored.
    store.getState().setProgress({ phase: 'parse', fraction: 1 });
    expect(store.getState().loading).toBeNull();
  });

  it('a new model resets selection, search and statistics', () => {
    const store = opened();
    store.getState().select('conv', { focus: true });
    store.getState().setSearchQuery('relu');
    store.getState().setStats('m/w', { status: 'loading' });
    store.getState().setModel(fx.model, fx.layout);
    const s = store.getState();
    expect([s.selectedNodeId, s.focus, s.searchQuery, s.searchHits, s.stats]).toEqual([null, null, '', [], {}]);
    expect(s.layout).toBe(fx.layout);
    expect(s.direction).toBe('TB');
  });
});

describe('selection slice', () => {
  it('selects nodes of the open graph only, and numbers focus requests', () => {
    const store = opened();
    store.getState().select('nope');
    expect(store.getState().selectedNodeId).toBeNull();
    store.getState().select('conv');
    expect(store.getState().selectedNodeId).toBe('conv');
    expect(store.getState().focus).toBeNull();
    store.getState().select('relu', { focus: true });
    store.getState().select('relu', { focus: true });
    expect(store.getState().focus).toEqual({ nodeId: 'relu', seq: 2 });
    store.getState().select(null);
    expect(store.getState().selectedNodeId).toBeNull();
  });
});

describe('search slice', () => {
  it('finds nodes by op or name and cycles through hits both ways', () => {
    const store = opened();
    store.getState().setSearchQuery('RE');
    // "Relu" by op, and the output pseudo node named "relu_out".
    expect(store.getState().searchHits).toEqual(['relu', 'output:relu_out']);
    store.getState().searchStep(1);
    expect(store.getState().selectedNodeId).toBe('relu');
    store.getState().searchStep(1);
    expect(store.getState().selectedNodeId).toBe('output:relu_out');
    store.getState().searchStep(1);
    expect([store.getState().searchIndex, store.getState().selectedNodeId]).toEqual([0, 'relu']);
    store.getState().searchStep(-1);
    expect(store.getState().searchIndex).toBe(1);
    expect(store.getState().focus?.nodeId).toBe('output:relu_out');
    store.getState().clearSearch();
    expect(store.getState().searchHits).toEqual([]);
  });

  it('an exact op match comes before names that merely contain the query', () => {
    const store = opened();
    store.getState().setSearchQuery('conv');
    expect(store.getState().searchHits[0]).toBe('conv');
    store.getState().setSearchQuery('zzz');
    store.getState().searchStep(1);
    expect(store.getState().selectedNodeId).toBeNull();
  });
});

describe('graph slice', () => {
  it('keeps layouts of the open model only', () => {
    const store = opened();
    store.getState().setLayoutPending(true);
    store.getState().setLayout({ ...fx.layout, modelId: 'other', direction: 'LR' });
    expect(store.getState().layout).toBe(fx.layout);
    expect(store.getState().layoutPending).toBe(false);
    const lr = { ...fx.layout, direction: 'LR' as const };
    store.getState().setLayout(lr);
    expect([store.getState().layout, store.getState().direction]).toEqual([lr, 'LR']);
    const seq = store.getState().fitSeq;
    store.getState().requestFit();
    expect(store.getState().fitSeq).toBe(seq + 1);
  });
});
