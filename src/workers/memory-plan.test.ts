import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/engine-samples';
import { createInProcessClient } from './client';
import { createEngine } from './engine';
import { isEngineFailure, type MemoryPlanRequest, type MemoryPlanView } from './protocol';
import { tinyConvFile } from './test-models';

const NANO33 = { name: 'Arduino Nano 33 BLE Sense', sramBytes: 256 * 1024, flashBytes: 1024 * 1024 };

const request = (patch: Partial<MemoryPlanRequest['options']> = {}, device = NANO33): MemoryPlanRequest => ({
  options: { activationDType: 'stored', inPlace: false, fuseActivations: false, schedule: 'model', ...patch },
  device,
  patch: true,
});

/** Bands of known size never share arena bytes while both are alive (unless one writes over the other). */
function overlappingBands(view: MemoryPlanView): string[] {
  const placed = view.bands.filter((b) => b.bytes !== null && b.bytes > 0 && b.offset !== null);
  const clashes: string[] = [];
  for (const [i, a] of placed.entries())
    for (const b of placed.slice(i + 1)) {
      const inTime = a.first <= b.last && b.first <= a.last;
      const inSpace = a.offset! < b.offset! + b.bytes! && b.offset! < a.offset! + a.bytes!;
      // A buffer shared in place: the output starts where its input ends, at the same offset.
      const shared = a.offset === b.offset && (a.last === b.first || b.last === a.first);
      if (inTime && inSpace && !shared) clashes.push(`${a.name} / ${b.name}`);
    }
  return clashes;
}

describe('engine: memoryPlan', () => {
  it('plans the tiny Conv → Relu model: figures, bands, timeline and fit', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([tinyConvFile()]);
    const view = await engine.memoryPlan(summary.modelId, request());
    // At the Relu both the Conv's output and its own (1×2×8×8 float32, 512 B each) are alive.
    expect(view.peakActivationBytes).toBe(1024);
    expect(view.peakStep).toBe(1);
    expect(view.peakNodeId).toBe('relu');
    expect(view.stepNodeIds).toEqual(['conv', 'relu']);
    expect(view.liveBytes).toEqual([256 + 512, 1024]);
    const bands = [...view.bands].sort((a, b) => a.first - b.first || a.name.localeCompare(b.name));
    expect(bands.map((b) => [b.name, b.bytes, b.first, b.last, b.producerNodeId])).toEqual([
      ['conv_out', 512, 0, 1, 'conv'],
      ['x', 256, 0, 0, null],
      ['relu_out', 512, 1, 1, 'relu'],
    ]);
    expect(overlappingBands(view)).toEqual([]);
    expect(view.arenaBytes).toBeGreaterThanOrEqual(view.liveBytes[1]!);
    expect(view.needs.modelBytes).toBe(summary.files.reduce((sum, f) => sum + f.bytes, 0));
    expect(view.needs.sram && view.needs.flash).toBe(true);
    // Fused, the Relu writes over the Conv's output: the peak drops to one input and one output.
    const fused = await engine.memoryPlan(summary.modelId, request({ fuseActivations: true }));
    expect(fused.inPlaceNodeIds).toEqual(['relu']);
    expect(fused.liveBytes).toEqual([768, 512]);
    expect(fused.peakNodeId).toBe('conv');
    expect(overlappingBands(fused)).toEqual([]);
  });

  it('suggests what would make it fit on a board too small, with the options to apply', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([tinyConvFile()]);
    const tiny = { name: 'Tiny board', sramBytes: 300, flashBytes: 64 };
    const view = await engine.memoryPlan(summary.modelId, request({}, tiny));
    expect(view.needs.sram).toBe(false);
    expect(view.needs.flash).toBe(false);
    const int8 = view.suggestions.find((s) => s.id === 'int8-activations');
    expect(int8?.apply).toEqual({ activationDType: 'int8' });
    expect(int8?.resource).toBe('sram');
    // Applying it gives the need it announced.
    const applied = await engine.memoryPlan(summary.modelId, request(int8!.apply, tiny));
    expect(applied.needs.sramNeeded).toBe(int8!.neededBytes);
    expect(applied.peakActivationBytes).toBe(1024 / 4);
  });

  it('says why a model has no patch-based estimate', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([tinyConvFile()]);
    const view = await engine.memoryPlan(summary.modelId, request());
    expect(view.patch).toBeDefined();
    if (view.patch && !view.patch.ok) expect(view.patch.reason.length).toBeGreaterThan(10);
    const without = await engine.memoryPlan(summary.modelId, { ...request(), patch: false });
    expect(without.patch).toBeUndefined();
  });

  it('refuses a board without SRAM and an unknown model, naming them', async () => {
    const engine = await createInProcessClient();
    const { summary } = await engine.openModel([tinyConvFile()]);
    const bad = await failureOf(
      engine.memoryPlan(summary.modelId, request({}, { name: 'My board', sramBytes: 0, flashBytes: 1024 })),
    );
    expect(bad.code).toBe('invalid-options');
    expect(bad.message).toMatch(/My board.*SRAM/);
    const gone = await failureOf(engine.memoryPlan('m99', request()));
    expect(gone.code).toBe('unknown-model');
  });

  it('is cancelled by its job id', async () => {
    const engine = createEngine();
    const { summary } = await engine.openModel('open', [tinyConvFile()]);
    const job = engine.memoryPlan('plan', summary.modelId, request());
    await engine.cancel('plan');
    const outcome = await job.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isEngineFailure(outcome) && outcome.code).toBe('cancelled');
  });
});
