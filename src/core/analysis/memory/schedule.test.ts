import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModel } from '../../formats/registry';
import { GraphBuilder } from '../../ir/builder';
import type { Graph } from '../../ir/types';
import { inferShapes } from '../../shape/infer';
import { CORPUS_DIR, hasCorpus, readBytes, REPO_ROOT } from '../../../test-support/corpus';
import { constantTensorIds, isConstantNode, nodeReads } from '../params';
import { typeLookup } from '../type-lookup';
import { isTopologicalOrder, optimizeSchedule, schedulePeak } from './schedule';

// x ─┬─ branch i: Relu(x) → expand to size big_i → shrink to size small_i ─┬─ Concat ─ y
// Branches are independent, so their order (and interleaving) changes the peak.
function branches(sizes: readonly (readonly [number, number])[]): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 8]);
  const starts = sizes.map((_, i) =>
    b.op('Relu', [x], {}, { name: `r${i}`, outputs: [`r${i}`], dtype: 'float32', shape: [1, 8] }),
  );
  const bigs = sizes.map(([big], i) =>
    b.op('Tile', [starts[i]!], {}, { name: `e${i}`, outputs: [`e${i}`], dtype: 'float32', shape: [1, big] }),
  );
  const smalls = sizes.map(([, small], i) =>
    b.op('Slice', [bigs[i]!], {}, { name: `s${i}`, outputs: [`s${i}`], dtype: 'float32', shape: [1, small] }),
  );
  const total = sizes.reduce((a, [, s]) => a + s, 0);
  const y = b.op('Concat', smalls, { axis: 1 }, { name: 'cat', outputs: ['y'], dtype: 'float32', shape: [1, total] });
  return b.output(y).graph();
}

// Weights made at run time (as the corpus "light" models do): ConstantOfShape nodes read no activation,
// so the best order runs each just before its consumer.
function generatedWeights(): Graph {
  const b = new GraphBuilder();
  const x = b.input('x', 'float32', [1, 16]);
  const shape = b.constant('shape', new BigInt64Array([16n, 16n]), [2]);
  const w1 = b.op('ConstantOfShape', [shape], {}, { name: 'w1', outputs: ['w1'], dtype: 'float32', shape: [16, 16] });
  const w2 = b.op('ConstantOfShape', [shape], {}, { name: 'w2', outputs: ['w2'], dtype: 'float32', shape: [16, 16] });
  const a = b.op('MatMul', [x, w1], {}, { name: 'm1', outputs: ['a'], dtype: 'float32', shape: [1, 16] });
  const c = b.op('Relu', [a], {}, { name: 'relu', outputs: ['c'], dtype: 'float32', shape: [1, 16] });
  const d = b.op('Relu', [a], {}, { name: 'relu2', outputs: ['d'], dtype: 'float32', shape: [1, 16] });
  const e = b.op('Add', [c, d], {}, { name: 'add', outputs: ['e'], dtype: 'float32', shape: [1, 16] });
  const y = b.op('MatMul', [e, w2], {}, { name: 'm2', outputs: ['y'], dtype: 'float32', shape: [1, 16] });
  return b.output(y).graph();
}

/**
 * Peak of the given order with only one change: every non-Constant node reading no activation (e.g.
 * ConstantOfShape making weights) moved just before its first consumer. Separates that easy saving
 * from the saving due to reordering branches.
 */
function deferredOnlyPeak(graph: Graph, typeOf: ReturnType<typeof typeLookup>): number {
  const constants = constantTensorIds(graph);
  graph.nodes.forEach((n) => {
    if (isConstantNode(n)) n.outputs.forEach((o) => constants.add(o));
  });
  const producer = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const deferred = graph.nodes.map(
    (n) => !isConstantNode(n) && n.outputs.length > 0 && nodeReads(n).every((id) => constants.has(id)),
  );
  const order: number[] = [];
  const emitted = new Set<number>();
  const emit = (i: number): void => {
    if (emitted.has(i)) return;
    for (const id of nodeReads(graph.nodes[i]!)) {
      const q = producer.get(id);
      if (q !== undefined && deferred[q]) emit(q);
    }
    emitted.add(i);
    order.push(i);
  };
  graph.nodes.forEach((_, i) => {
    if (!deferred[i]) emit(i);
  });
  graph.nodes.forEach((_, i) => emit(i));
  return schedulePeak(graph, typeOf, order);
}

function allTopologicalOrders(graph: Graph): number[][] {
  const producer = new Map<string, number>();
  graph.nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  const preds = graph.nodes.map((n) => n.inputs.flatMap((id) => (producer.has(id) ? [producer.get(id)!] : [])));
  const result: number[][] = [];
  const order: number[] = [];
  const used = new Set<number>();
  const walk = (): void => {
    if (order.length === graph.nodes.length) result.push([...order]);
    for (let i = 0; i < graph.nodes.length; i++) {
      if (used.has(i) || !preds[i]!.every((q) => used.has(q))) continue;
      order.push(i);
      used.add(i);
      walk();
      order.pop();
      used.delete(i);
    }
  };
  walk();
  return result;
}

describe('optimizeSchedule on synthetic branches', () => {
  const cases: Record<string, Graph> = {
    'two branches': branches([
      [64, 2],
      [16, 16],
    ]),
    'three branches': branches([
      [40, 4],
      [10, 30],
      [64, 1],
    ]),
    'generated weights': generatedWeights(),
  };
  for (const [name, graph] of Object.entries(cases)) {
    it(`${name}: the exact peak equals brute force over every topological order`, () => {
      const typeOf = typeLookup(graph);
      const orders = allTopologicalOrders(graph);
      expect(orders.length).toBeGreaterThan(1);
      const bruteForce = Math.min(...orders.map((o) => schedulePeak(graph, typeOf, o)));
      const r = optimizeSchedule(graph, typeOf);
      expect(r.exact).toBe(true);
      expect(isTopologicalOrder(graph, r.schedule)).toBe(true);
      expect(r.peakAfter).toBe(bruteForce);
      expect(schedulePeak(graph, typeOf, r.schedule)).toBe(r.peakAfter);
      expect(r.peakAfter).toBeLessThanOrEqual(r.peakBefore);
    });
  }

  it('the greedy heuristic also gives a valid order no worse than the given one', () => {
    const graph = cases['three branches']!;
    const typeOf = typeLookup(graph);
    const r = optimizeSchedule(graph, typeOf, { maxExactNodes: 0 });
    expect(r.exact).toBe(false);
    expect(isTopologicalOrder(graph, r.schedule)).toBe(true);
    expect(r.peakAfter).toBeLessThanOrEqual(r.peakBefore);
  });

  it('is strictly better than breadth-first order when the branches interleave', () => {
    const graph = cases['two branches']!;
    const typeOf = typeLookup(graph);
    // r0 r1 e0 e1 s0 s1 cat: both big tensors alive at once.
    const given = [0, 1, 2, 3, 4, 5, 6];
    const r = optimizeSchedule(graph, typeOf, { schedule: given });
    expect(r.peakBefore).toBe(schedulePeak(graph, typeOf, given));
    expect(r.peakAfter).toBeLessThan(r.peakBefore);
  });
});

function modelFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(onnx|tflite)$/.test(entry.name) || entry.name === 'model.json') found.push(path);
    }
  };
  walk(join(CORPUS_DIR, 'models'));
  walk(join(REPO_ROOT, 'public/samples'));
  return found;
}

function loadGraph(path: string): { graph: Graph; typeOf: ReturnType<typeof typeLookup> } | undefined {
  const dir = join(path, '..');
  const files = path.endsWith('model.json')
    ? readdirSync(dir).map((name) => ({ name, bytes: readBytes(join(dir, name)) }))
    : [{ name: path.split('/').pop()!, bytes: readBytes(path) }];
  try {
    const model = readModel(files);
    return { graph: model.graph, typeOf: typeLookup(model.graph, inferShapes(model)) };
  } catch {
    return undefined;
  }
}

describe.skipIf(!hasCorpus())('optimizeSchedule on corpus and sample models', () => {
  if (!hasCorpus()) console.log(`skipped: no corpus at ${CORPUS_DIR}`);
  it('is a valid order never worse than the given one, and strictly better on some model', () => {
    const better: string[] = [];
    const betterThanDeferring: string[] = [];
    for (const path of modelFiles()) {
      const loaded = loadGraph(path);
      if (!loaded) continue;
      const { graph, typeOf } = loaded;
      const r = optimizeSchedule(graph, typeOf, {});
      expect(isTopologicalOrder(graph, r.schedule), path).toBe(true);
      expect(r.peakAfter, path).toBeLessThanOrEqual(r.peakBefore);
      const name = path.startsWith(CORPUS_DIR) ? relative(CORPUS_DIR, path) : relative(REPO_ROOT, path);
      const deferred = deferredOnlyPeak(graph, typeOf);
      if (r.peakAfter < r.peakBefore) better.push(name);
      if (r.peakAfter < deferred) betterThanDeferring.push(name);
      const pct = (((r.peakBefore - r.peakAfter) / Math.max(1, r.peakBefore)) * 100).toFixed(1);
      console.log(
        `${name}: ${graph.nodes.length} nodes, peak ${r.peakBefore} → ${r.peakAfter} B (−${pct} %, exact ${r.exact});` +
          ` only deferring weight-making nodes: ${deferred} B`,
      );
    }
    console.log(
      `strictly better: ${better.join(', ')}; better than deferring alone: ${betterThanDeferring.join(', ')}`,
    );
    expect(better.length).toBeGreaterThan(0);
  }, 60_000);
});
