import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../formats/registry';
import { GraphBuilder } from '../../ir/builder';
import type { Model } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { corpusPath, hasCorpus, listFiles, readBytes, REPO_ROOT } from '../../../test-support/corpus';
import { deepFreeze } from '../../../test-support/deep-freeze';
import { analyzeModel } from '../analyze';
import { planMemory, type MemoryPlanOptions } from './plan-report';
import { isTopologicalOrder } from './schedule';

// x ─┬─ Relu → Tile (big) → Slice (small) ─┬─ Concat: stored breadth-first, so both big tensors live at once.
function interleavedBranches(): Model {
  const b = new GraphBuilder('branches');
  const x = b.input('x', 'float32', [1, 8]);
  const r = [0, 1].map((i) =>
    b.op('Relu', [x], {}, { name: `r${i}`, outputs: [`r${i}`], dtype: 'float32', shape: [1, 8] }),
  );
  const big = [64, 16].map((n, i) =>
    b.op('Tile', [r[i]!], {}, { name: `e${i}`, outputs: [`e${i}`], dtype: 'float32', shape: [1, n] }),
  );
  const small = [2, 16].map((n, i) =>
    b.op('Slice', [big[i]!], {}, { name: `s${i}`, outputs: [`s${i}`], dtype: 'float32', shape: [1, n] }),
  );
  const y = b.op('Concat', small, { axis: 1 }, { name: 'cat', outputs: ['y'], dtype: 'float32', shape: [1, 18] });
  return b.output(y).model();
}

// Found by a random search: the order with the lowest peak without buffer sharing (n1 n2 n0 n4 n3, 112 B
// instead of 128 B) is worse in place (112 B instead of 96 B: x no longer dies at an Add that could overwrite it).
function worseInPlace(): Model {
  const b = new GraphBuilder('worse-in-place');
  const x = b.input('x', 'float32', [1, 8]);
  const f = { dtype: 'float32', shape: [1, 8] } as const;
  const v0 = b.op('Add', [x, x], {}, { ...f, name: 'n0', outputs: ['v0'] });
  const v1 = b.op('Add', [x, x], {}, { ...f, name: 'n1', outputs: ['v1'] });
  const v2 = b.op('Relu', [v1], {}, { ...f, name: 'n2', outputs: ['v2'] });
  const v3 = b.op('Add', [v0, v2], {}, { ...f, name: 'n3', outputs: ['v3'] });
  const v4 = b.op('Tile', [x], {}, { name: 'n4', outputs: ['v4'], dtype: 'float32', shape: [1, 4] });
  return b.output(v3).output(v4).model();
}

describe('planMemory on a graph with branches', () => {
  const model = deepFreeze(interleavedBranches());

  it("reports both orders' peaks and uses the model's order by default", () => {
    const r = planMemory(model);
    expect(r.schedule.choice).toBe('model');
    expect(r.schedule.order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(r.analysis.peakActivationBytes).toBe(r.schedule.modelOrderPeak);
    expect(r.schedule.optimisedPeak).toBeLessThan(r.schedule.modelOrderPeak);
    expect(r.schedule.exact).toBe(true);
  });

  it('analyses the optimised order when asked, with the same figures as analyzeModel on that order', () => {
    const r = planMemory(model, { schedule: 'optimised' });
    expect(r.schedule.choice).toBe('optimised');
    expect(isTopologicalOrder(model.graph, r.schedule.order)).toBe(true);
    expect(r.analysis.peakActivationBytes).toBe(r.schedule.optimisedPeak);
    const direct = analyzeModel(model, { schedule: r.schedule.order });
    expect([r.analysis.peakActivationBytes, r.analysis.arenaBytes]).toEqual([
      direct.peakActivationBytes,
      direct.arenaBytes,
    ]);
  });

  it('keeps the model order when the optimised one is worse with in-place execution', () => {
    const worse = deepFreeze(worseInPlace());
    const plain = planMemory(worse, { schedule: 'optimised' });
    expect([plain.schedule.modelOrderPeak, plain.schedule.optimisedPeak]).toEqual([128, 112]);
    expect(analyzeModel(worse, { inPlace: true, schedule: plain.schedule.order }).peakActivationBytes).toBe(112);
    const inPlace = planMemory(worse, { schedule: 'optimised', inPlace: true });
    expect([inPlace.schedule.modelOrderPeak, inPlace.schedule.optimisedPeak]).toEqual([96, 96]);
    expect(inPlace.schedule.order).toEqual([0, 1, 2, 3, 4]);
  });

  it('reuses a given shape inference and gives the same report', () => {
    const inference = inferShapes(model);
    const a = planMemory(model, { schedule: 'optimised', activationDType: 'int8', inference });
    const b = planMemory(model, { schedule: 'optimised', activationDType: 'int8' });
    expect(a.schedule).toEqual(b.schedule);
    expect(a.analysis.arenaBytes).toBe(b.analysis.arenaBytes);
  });
});

function sampleAndCorpusModels(): { name: string; model: Model }[] {
  const paths = [
    ...listFiles(corpusPath('models'), ['.onnx', '.tflite', 'model.json']),
    ...listFiles(join(REPO_ROOT, 'public/samples'), ['.onnx']),
  ];
  return paths.flatMap((path) => {
    const dir = join(path, '..');
    const files = path.endsWith('model.json')
      ? readdirSync(dir).map((name) => ({ name, bytes: readBytes(join(dir, name)) }))
      : [{ name: basename(path), bytes: readBytes(path) }];
    try {
      return [{ name: path.endsWith('model.json') ? basename(dir) : basename(path), model: readModel(files) }];
    } catch {
      return [];
    }
  });
}

const OPTION_SETS: readonly Pick<MemoryPlanOptions, 'activationDType' | 'inPlace' | 'fuseActivations'>[] = [
  {},
  { activationDType: 'int8' },
  { fuseActivations: true },
  { activationDType: 'int8', inPlace: true },
];

describe.skipIf(!hasCorpus())('planMemory on the corpus and sample models', () => {
  if (!hasCorpus()) console.log('skipped: no shared corpus');

  it('onnxzoo mnist-8: the optimised order peaks at 50,176 B instead of 60,416 B', () => {
    const model = readModel([
      { name: 'mnist-8.onnx', bytes: readBytes(corpusPath('models/onnx/onnxzoo_mnist-8.onnx')) },
    ]);
    const r = planMemory(model, { schedule: 'optimised' });
    expect(r.schedule.modelOrderPeak).toBe(60_416);
    expect(r.schedule.optimisedPeak).toBe(50_176);
    expect(r.analysis.peakActivationBytes).toBe(50_176);
    expect(r.schedule.order).not.toEqual(model.graph.nodes.map((_, i) => i));
  });

  it('the optimised order is never worse under any sharing option, and better on some models', () => {
    const better = new Set<string>();
    for (const { name, model } of sampleAndCorpusModels()) {
      const inference = inferShapes(model);
      for (const options of OPTION_SETS) {
        const r = planMemory(model, { ...options, inference, schedule: 'optimised' });
        const what = `${name} ${JSON.stringify(options)}`;
        expect(isTopologicalOrder(model.graph, r.schedule.order), what).toBe(true);
        expect(r.analysis.peakActivationBytes, what).toBe(r.schedule.optimisedPeak);
        expect(r.schedule.optimisedPeak, what).toBeLessThanOrEqual(r.schedule.modelOrderPeak);
        const own = analyzeModel(model, { ...options, inference });
        expect(r.schedule.modelOrderPeak, what).toBe(own.peakActivationBytes);
        if (r.schedule.optimisedPeak < r.schedule.modelOrderPeak) better.add(name);
      }
    }
    console.log(`optimised order strictly better on: ${[...better].join(', ')}`);
    expect(better).toContain('onnxzoo_mnist-8.onnx');
  }, 120_000);
});
