import { beforeAll, describe, expect, it } from 'vitest';
import { openTinyVariant, type VariantFixture } from '../test-fixtures';
import { createStudioStore } from '.';

let fx: VariantFixture;
beforeAll(async () => {
  fx = await openTinyVariant();
});

function family() {
  const store = createStudioStore();
  store.getState().setModel(fx.model, fx.layout);
  return store;
}

describe('variants slice', () => {
  it('opening a model starts a family with the original alone', () => {
    const store = family();
    expect(store.getState().variants.map((v) => [v.id, v.label])).toEqual([[fx.model.summary.modelId, 'Original']]);
  });

  it('a new variant joins the family and is shown; switching back shows the original unchanged', () => {
    const store = family();
    store.getState().select('conv');
    store.getState().setSearchQuery('conv');
    store.getState().addVariant(fx.variant, fx.variantLayout);
    let s = store.getState();
    expect(s.variants.map((v) => v.label)).toEqual(['Original', 'int8 weights']);
    expect(s.model).toBe(fx.variant);
    expect(s.layout).toBe(fx.variantLayout);
    // The Conv keeps its id in the variant, so it stays selected; the search runs over the new graph.
    expect(s.selectedNodeId).toBe('conv');
    expect(s.searchHits).toContain('conv');
    expect(fx.variant.graph.nodes.some((n) => n.op === 'DequantizeLinear')).toBe(true);

    store.getState().showVariant(fx.model.summary.modelId);
    s = store.getState();
    expect(s.model).toBe(fx.model);
    expect(s.layout).toBe(fx.layout);
    expect(s.model?.graph.nodes.some((n) => n.op === 'DequantizeLinear')).toBe(false);
  });

  it('a node missing from the variant shown is deselected; unknown ids are ignored', () => {
    const store = family();
    store.getState().addVariant(fx.variant, fx.variantLayout);
    const dq = fx.variant.graph.nodes.find((n) => n.op === 'DequantizeLinear')!;
    store.getState().select(dq.id);
    store.getState().showVariant(fx.model.summary.modelId);
    expect(store.getState().selectedNodeId).toBeNull();
    store.getState().showVariant('nope');
    expect(store.getState().model).toBe(fx.model);
  });

  it('a variant whose parent is no longer open is dropped, and so is a duplicate', () => {
    const store = createStudioStore();
    store.getState().addVariant(fx.variant, fx.variantLayout);
    expect(store.getState().variants).toEqual([]);
    const s = family();
    s.getState().addVariant(fx.variant, fx.variantLayout);
    s.getState().addVariant(fx.variant, fx.variantLayout);
    expect(s.getState().variants).toHaveLength(2);
  });

  it('a layout of the shown variant is remembered for it; opening a new model resets the family', () => {
    const store = family();
    store.getState().addVariant(fx.variant, fx.variantLayout);
    const lr = { ...fx.variantLayout, direction: 'LR' as const };
    store.getState().setLayout(lr);
    expect(store.getState().variants[1]?.layout).toBe(lr);
    expect(store.getState().variants[0]?.layout).toBe(fx.layout);
    store.getState().setModel(fx.model, fx.layout);
    expect(store.getState().variants).toHaveLength(1);
  });
});

describe('quantize slice', () => {
  it('defaults: int8 static, per-channel, symmetric, minmax, 200 samples', () => {
    const f = createStudioStore().getState().quantizeForm;
    expect([f.mode, f.granularity, f.symmetric, f.method, f.samples]).toEqual([
      'int8',
      'per-channel',
      true,
      'minmax',
      200,
    ]);
    expect([f.data, f.pixelScale]).toEqual([null, null]);
  });

  it('overrides are set and cleared per layer; a new model forgets them', () => {
    const store = family();
    store.getState().setLayerOverride('conv', { keepFloat: true });
    store.getState().setLayerOverride('fc', { bits: 4 });
    expect(store.getState().quantizeForm.overrides).toEqual({ conv: { keepFloat: true }, fc: { bits: 4 } });
    store.getState().setLayerOverride('fc', null);
    store.getState().setLayerOverride('conv', {});
    expect(store.getState().quantizeForm.overrides).toEqual({});
    store.getState().setLayerOverride('conv', { keepFloat: true });
    store.getState().updateQuantizeForm({ mode: 'float16', pixelScale: '0..255' });
    store.getState().setModel(fx.model, fx.layout);
    const f = store.getState().quantizeForm;
    expect([f.mode, f.overrides, f.pixelScale]).toEqual(['float16', {}, null]);
  });

  it('job: progress only while running, then an outcome', () => {
    const store = family();
    store.getState().setQuantizeProgress({ phase: 'calibrate', fraction: 0.5 });
    expect(store.getState().quantizeJob).toEqual({ status: 'idle' });
    store.getState().setQuantizeJob({ status: 'running', baseId: 'm1', progress: null });
    store.getState().setQuantizeProgress({ phase: 'calibrate', fraction: 0.5 });
    expect(store.getState().quantizeJob).toEqual({
      status: 'running',
      baseId: 'm1',
      progress: { phase: 'calibrate', fraction: 0.5 },
    });
    store.getState().setQuantizeJob({ status: 'cancelled' });
    expect(store.getState().quantizeJob.status).toBe('cancelled');
    store.getState().setModel(fx.model, fx.layout);
    expect(store.getState().quantizeJob.status).toBe('idle');
  });
});
