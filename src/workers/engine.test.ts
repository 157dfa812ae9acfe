import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support/engine-samples';
import { createInProcessClient, EngineError, isCancelled, type EngineClient } from './client';
import type { Progress } from './protocol';
import { chainFile, tinyConvFile } from './test-models';

async function client(): Promise<EngineClient> {
  return createInProcessClient();
}

describe('engine: opening a model', () => {
  it('returns the summary and graph view of a small Conv model', async () => {
    const engine = await client();
    const { summary, graph } = await engine.openModel([tinyConvFile()]);
    expect(summary.fileName).toBe('tiny.onnx');
    expect(summary.format).toBe('onnx');
    expect(summary.nodeCount).toBe(2);
    expect(summary.metrics.params).toBe(18);
    expect(summary.metrics.weightBytes).toBe(72);
    // 2 output channels × 8×8 positions × 9 taps
    expect(summary.metrics.macs).toBe(1152);
    expect(summary.inputs.map((t) => [t.name, t.shapeText])).toEqual([['x', '1×1×8×8']]);
    expect(summary.timeline.length).toBe(2);
    expect(summary.stepNodeIds).toEqual(['conv', 'relu']);
    expect(summary.ops.map((o) => o.op).sort()).toEqual(['Conv', 'Relu']);

    expect(graph.nodes.map((n) => [n.kind, n.op])).toEqual([
      ['input', 'Input'],
      ['op', 'Conv'],
      ['op', 'Relu'],
      ['output', 'Output'],
    ]);
    const conv = graph.nodes.find((n) => n.id === 'conv')!;
    expect(conv.family).toBe('conv');
    expect(conv.inputs.map((p) => [p.name, p.isConstant])).toEqual([
      ['x', false],
      ['w', true],
    ]);
    expect(conv.outputs[0]?.shapeText).toBe('1×2×8×8');
    expect(conv.attributes.find((a) => a.name === 'pads')?.value).toBe('[1, 1, 1, 1]');
    // Weights are not drawn as edges; activations are, labelled with their shape.
    expect(graph.edges.map((e) => [e.source, e.target, e.label])).toEqual([
      ['input:x', 'conv', '1×1×8×8'],
      ['conv', 'relu', '1×2×8×8'],
      ['relu', 'output:relu_out', '1×2×8×8'],
    ]);
    expect(await engine.openModels()).toEqual([summary.modelId]);
  });

  it('reports progress through the stages', async () => {
    const engine = await client();
    const phases: string[] = [];
    await engine.openModel([tinyConvFile()], { onProgress: (p: Progress) => phases.push(p.phase) });
    expect(phases[0]).toBe('parse');
    expect(phases).toContain('analysis');
    expect(phases.at(-1)).toBe('graph');
  });

  it('lays the graph out top-to-bottom and left-to-right', async () => {
    const engine = await client();
    const { summary, graph } = await engine.openModel([tinyConvFile()]);
    const tb = await engine.layout(summary.modelId, 'TB');
    expect(tb.positions.length).toBe(2 * graph.nodes.length);
    expect(tb.algorithm).toBe('elk-layered');
    const ys = graph.nodes.map((_, i) => tb.positions[2 * i + 1]!);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(ys.length);
    const lr = await engine.layout(summary.modelId, 'LR');
    const xs = graph.nodes.map((_, i) => lr.positions[2 * i]!);
    expect(new Set(xs).size).toBe(xs.length);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // A second request answers from the cache with equal positions.
    const again = await engine.layout(summary.modelId, 'TB');
    expect([...again.positions]).toEqual([...tb.positions]);
  });

  it('computes weight statistics', async () => {
    const engine = await client();
    const { summary } = await engine.openModel([tinyConvFile()]);
    const stats = await engine.tensorStats(summary.modelId, 'w', { bins: 6 });
    expect(stats).toMatchObject({
      name: 'w',
      dtype: 'float32',
      shapeText: '2×1×3×3',
      count: 18,
      min: -9,
      max: 8,
      zeros: 1,
    });
    expect(stats.mean).toBeCloseTo(-0.5);
    expect(stats.sparsity).toBeCloseTo(1 / 18);
    expect(stats.histogram.counts).toHaveLength(6);
    expect(stats.histogram.counts.reduce((a, b) => a + b, 0)).toBe(18);
  });

  it('forgets closed models', async () => {
    const engine = await client();
    const { summary } = await engine.openModel([tinyConvFile()]);
    await engine.closeModel(summary.modelId);
    expect(await engine.openModels()).toEqual([]);
    expect((await failureOf(engine.layout(summary.modelId, 'TB'))).code).toBe('unknown-model');
  });
});

describe('engine: errors keep their codes and name the file', () => {
  it('an empty file', async () => {
    const engine = await client();
    const error = await failureOf(engine.openModel([{ name: 'empty.onnx', bytes: new ArrayBuffer(0) }]));
    expect(error.code).toBe('empty-file');
    expect(error.message).toContain('empty.onnx');
  });

  it('a file that is not a model', async () => {
    const engine = await client();
    const text = new TextEncoder().encode('hello, this is not a model\n'.repeat(20));
    const error = await failureOf(engine.openModel([{ name: 'notes.txt', bytes: text.buffer as ArrayBuffer }]));
    expect(error.code).toBe('unknown-format');
    expect(error.message).toContain('notes.txt');
  });

  it('a truncated model', async () => {
    const engine = await client();
    const whole = tinyConvFile('cut.onnx');
    const error = await failureOf(engine.openModel([{ name: 'cut.onnx', bytes: whole.bytes.slice(0, 150) }]));
    expect(['truncated', 'malformed', 'out-of-bounds']).toContain(error.code);
    expect(error.message).toContain('cut.onnx');
  });

  it('a tensor that is not a constant', async () => {
    const engine = await client();
    const { summary } = await engine.openModel([tinyConvFile()]);
    expect((await failureOf(engine.tensorStats(summary.modelId, 'x'))).code).toBe('unknown-tensor');
  });

  it('a failed open leaves the engine as it was', async () => {
    const engine = await client();
    const { summary } = await engine.openModel([tinyConvFile()]);
    await failureOf(engine.openModel([{ name: 'empty.onnx', bytes: new ArrayBuffer(0) }]));
    expect(await engine.openModels()).toEqual([summary.modelId]);
  });

  it('plain failures, errors and other values become EngineErrors', () => {
    expect(EngineError.from({ kind: 'engine-failure', code: 'truncated', message: 'm', subject: 'f' })).toMatchObject({
      code: 'truncated',
      message: 'm',
      subject: 'f',
    });
    expect(EngineError.from(new RangeError('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(EngineError.from('odd')).toMatchObject({ code: 'internal', message: 'odd' });
  });
});

describe('engine: cancellation', () => {
  it('an already aborted signal rejects at once', async () => {
    const engine = await client();
    const error = await failureOf(engine.openModel([tinyConvFile()], { signal: AbortSignal.abort() }));
    expect(isCancelled(error)).toBe(true);
    expect(await engine.openModels()).toEqual([]);
  });

  it('aborting mid-job stops the engine at its next checkpoint, keeping nothing', async () => {
    const engine = await client();
    const controller = new AbortController();
    const seen: string[] = [];
    const job = engine.openModel([chainFile(50)], {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.phase);
        controller.abort();
      },
    });
    expect(isCancelled(await failureOf(job))).toBe(true);
    // Let the engine reach its checkpoint and unwind.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['parse']);
    expect(await engine.openModels()).toEqual([]);
  });

  it('a cancelled layout leaves the model open and can be asked again', async () => {
    const engine = await client();
    const { summary } = await engine.openModel([chainFile(30)]);
    const controller = new AbortController();
    const layout = engine.layout(summary.modelId, 'TB', {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(isCancelled(await failureOf(layout))).toBe(true);
    const again = await engine.layout(summary.modelId, 'TB');
    expect(again.positions.length).toBe(2 * 32);
  });
});
