import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnx, typedView, writeOnnx, type Model } from '../core/index';
import { GraphBuilder } from '../core/ir/builder';
import { tinyCnn } from '../core/transforms/quantize/onnx/test-models';
import { corpusPath, hasCorpus, REPO_ROOT } from '../test-support/corpus';
import type { ClusterJson } from './commands/cluster';
import type { PruneJson } from './commands/prune';
import { itRefusesEach, type Refusal } from './testing/refusals';
import { outputDims } from './testing/run-onnx';
import { lines, runScaledown } from './testing/spawn-cli';

let dir = '';
const at = (name: string): string => join(dir, name);
const CNN = join(REPO_ROOT, 'public/samples/mnist-cnn.onnx');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scaledown-prune-'));
  writeFileSync(at('tiny.onnx'), writeOnnx(tinyCnn())[0]!.bytes);
  const b = new GraphBuilder('weightless');
  const relu = b.op('Relu', [b.input('x', 'float32', [1, 4])], {}, { outputs: ['y'] });
  writeFileSync(at('relu.onnx'), writeOnnx(b.output(relu).model({ opset: 13 }))[0]!.bytes);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const read = (file: string): Model => readOnnx([{ name: file, bytes: new Uint8Array(readFileSync(at(file))) }]);
const weight = (model: Model, id: string): Float32Array =>
  typedView('float32', model.graph.tensors.find((t) => t.id === id)!.data!.bytes!) as Float32Array;

describe('scaledown prune', () => {
  it.concurrent('magnitude per layer --json: the report and the file agree, and it runs', async () => {
    const r = await runScaledown(['prune', at('tiny.onnx'), at('m.onnx'), '--sparsity', '0.5', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PruneJson;
    expect(out.options).toEqual({ method: 'magnitude', sparsity: 0.5 });
    expect(out.report.layers.map((l) => [l.tensor, l.sparsity])).toEqual([
      ['conv.weight', 0.5],
      ['fc.weight', 0.5],
    ]);
    const fc = weight(read('m.onnx'), 'fc.weight');
    expect(fc.filter((v) => v === 0)).toHaveLength(out.report.layers[1]!.zerosAfter);
    expect(out.bytes).toBe(readFileSync(at('m.onnx')).byteLength);
    expect(await outputDims(at('m.onnx'), [1, 1, 8, 8])).toEqual([1, 3]);
  });

  it.concurrent('global scope: one threshold, different layer sparsities; a table on stdout', async () => {
    const r = await runScaledown(['prune', at('tiny.onnx'), at('g.onnx'), '--sparsity', '0.6', '--scope', 'global']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/g\.onnx: ONNX, .* \(\d+\.\d % of .*\)$/);
    expect(out[1]).toMatch(/^magnitude pruning: \d+ of 144 weights zero \((59|60)\.\d %\).*as CSR [\d.]+ [KMi]*B$/);
    expect(out.at(-1)).toMatch(/^note: one magnitude threshold \(0\.\d+\) across 2 layers$/);
    expect(out.find((l) => l.startsWith('layer '))).toMatch(
      /layer\s+op\s+weight\s+shape\s+sparsity\s+dense\s+bitmask\s+CSR/,
    );
    expect(out.find((l) => l.startsWith('fc '))).toMatch(/^fc\s+Gemm\s+fc\.weight\s+\[3, 36\]\s+\d+\.\d %/);
  });

  it.concurrent('structured on the CNN sample: fewer channels and MACs, the same input and output', async () => {
    const r = await runScaledown(['prune', CNN, at('s.onnx'), '--sparsity', '0.5', '--method', 'structured', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PruneJson;
    expect(out.options.method).toBe('channels');
    expect(out.report.layers.find((l) => l.name === 'conv2')).toMatchObject({ channelsBefore: 16, channelsAfter: 8 });
    expect(out.report.macsAfter!).toBeLessThan(0.6 * out.report.macsBefore!);
    expect(out.bytes).toBeLessThan(out.inputBytes);
    expect(await outputDims(at('s.onnx'), [1, 1, 28, 28])).toEqual([1, 10]);
  });

  it.concurrent('2:4 and exclusions by node name reach the pruner', async () => {
    const r = await runScaledown(['prune', CNN, at('nm.onnx'), '--method', '2:4', '--exclude', 'conv2', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as PruneJson;
    expect(out.options).toEqual({ method: 'n-m', n: 2, m: 4, overrides: { conv2: { exclude: true } } });
    expect(out.report.layers.find((l) => l.name === 'fc')?.sparsity).toBe(0.5);
    expect(out.report.layers.find((l) => l.name === 'conv2')?.skipped).toBeDefined();
  });

  const failures: readonly Refusal[] = [
    { what: 'no sparsity', args: () => ['prune', at('tiny.onnx'), at('x.onnx')], code: 2, says: /needs --sparsity S/ },
    {
      what: 'a sparsity of 1',
      args: () => ['prune', at('tiny.onnx'), at('x.onnx'), '--sparsity', '1'],
      code: 2,
      says: /--sparsity must be a share from 0 up to \(not including\) 1, not "1"/,
    },
    {
      what: 'a sparsity for 2:4',
      args: () => ['prune', at('tiny.onnx'), at('x.onnx'), '--method', '2:4', '--sparsity', '0.5'],
      code: 2,
      says: /--sparsity does not apply to 2:4/,
    },
    {
      what: 'an unknown method',
      args: () => ['prune', at('tiny.onnx'), at('x.onnx'), '--sparsity', '0.5', '--method', 'random'],
      code: 2,
      says: /--method must be magnitude, structured or an N:M pattern such as 2:4, not "random"/,
    },
    {
      what: 'a global scope for structured pruning',
      args: () => [
        'prune',
        at('tiny.onnx'),
        at('x.onnx'),
        '--sparsity',
        '0.5',
        '--method',
        'structured',
        '--scope',
        'global',
      ],
      code: 2,
      says: /--scope applies to magnitude pruning only/,
    },
    {
      what: 'an impossible N:M',
      args: () => ['prune', at('tiny.onnx'), at('x.onnx'), '--method', '5:4'],
      code: 1,
      says: /tiny\.onnx: invalid-options: n must be a whole number from 1 to m \(4\), not 5/,
    },
    {
      what: 'an output of another format',
      args: () => ['prune', at('tiny.onnx'), at('x.tflite'), '--sparsity', '0.5'],
      code: 2,
      says: /the output must be a ONNX file like the input/,
    },
    {
      what: 'an unknown node to exclude',
      args: () => ['prune', at('tiny.onnx'), at('x.onnx'), '--sparsity', '0.5', '--exclude', 'nosuch'],
      code: 2,
      says: /--exclude: the model has no node named "nosuch"/,
    },
    {
      what: 'a model without weights',
      args: () => ['prune', at('relu.onnx'), at('x.onnx'), '--sparsity', '0.5'],
      code: 1,
      says: /relu\.onnx: not-applicable: .*no prunable weights/,
    },
    {
      what: 'a missing model',
      args: () => ['prune', at('nope.onnx'), at('x.onnx'), '--sparsity', '0.5'],
      code: 1,
      says: /nope\.onnx: missing-file: no such file/,
    },
  ];

  itRefusesEach(failures);
});

describe('scaledown cluster', () => {
  it.concurrent('--json: at most k values per layer, the Deep Compression storage, and it runs', async () => {
    const r = await runScaledown(['cluster', CNN, at('c.onnx'), '--clusters', '8', '--init', 'density', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ClusterJson;
    expect(out.options).toEqual({ clusters: 8, init: 'density' });
    const fc = out.report.layers.find((l) => l.name === 'fc')!;
    expect(fc.clusters).toBeLessThanOrEqual(8);
    expect(new Set(weight(read('c.onnx'), 'fc.weight')).size).toBeLessThanOrEqual(8);
    expect(fc.sqnrDb).toBeGreaterThan(10);
    const t = out.report.totals;
    expect(t.compressionRatio).toBeCloseTo(t.float32Bytes / t.totalBytes, 10);
    expect(await outputDims(at('c.onnx'), [1, 1, 28, 28])).toEqual([1, 10]);
  });

  it.concurrent('codebook storage writes uint8 indices behind a Gather; a table on stdout', async () => {
    const r = await runScaledown(['cluster', CNN, at('cb.onnx'), '--clusters', '16', '--storage', 'codebook']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/cb\.onnx: ONNX, 16 clusters per layer \(linear initialisation, codebook storage\)/);
    expect(out[1]).toMatch(
      /^weight storage as Deep Compression counts it: .* float32 → .* \(\d+\.\d×\): Huffman-coded indices/,
    );
    expect(out.find((l) => l.startsWith('fc '))).toMatch(/^fc\s+Gemm\s+\[10, 400\]\s+\d+\s+\d+\.\d dB/);
    expect(read('cb.onnx').graph.nodes.filter((n) => n.op === 'Gather').length).toBeGreaterThan(0);
    expect(await outputDims(at('cb.onnx'), [1, 1, 28, 28])).toEqual([1, 10]);
  });

  const failures: readonly Refusal[] = [
    {
      what: 'no cluster count',
      args: () => ['cluster', at('tiny.onnx'), at('x.onnx')],
      code: 2,
      says: /needs --clusters K/,
    },
    {
      what: 'one cluster',
      args: () => ['cluster', at('tiny.onnx'), at('x.onnx'), '--clusters', '1'],
      code: 2,
      says: /--clusters must be a whole number from 2 to 256, not "1"/,
    },
    {
      what: 'an unknown initialisation',
      args: () => ['cluster', at('tiny.onnx'), at('x.onnx'), '--clusters', '4', '--init', 'kmeans++'],
      code: 2,
      says: /--init must be one of linear, density, random, not "kmeans\+\+"/,
    },
    {
      what: 'a model without weights',
      args: () => ['cluster', at('relu.onnx'), at('x.onnx'), '--clusters', '4'],
      code: 1,
      says: /relu\.onnx: not-applicable: .*no clusterable weights/,
    },
  ];

  itRefusesEach(failures);

  it.skipIf(!hasCorpus())('refuses codebook storage for TFLite, which has no such weights', async () => {
    const hello = corpusPath('models/tflite/tflm_hello_world_float.tflite');
    const r = await runScaledown(['cluster', hello, at('x.tflite'), '--clusters', '4', '--storage', 'codebook']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/tflm_hello_world_float\.tflite: not-applicable: .*codebook storage .* is ONNX only/);
  });
});
