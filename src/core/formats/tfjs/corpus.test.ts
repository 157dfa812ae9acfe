// The TF.js models of the shared corpus read with the figures MANIFEST.md gives, round-trip to an equal
// IR, and are written back as the same model.json (only the shard file names change).
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { analyzeModel } from '../../analysis/analyze';
import { diffIR } from '../../ir/equal';
import { constantElementCount } from '../../ir/tensor';
import type { ModelFile } from '../../ir/types';
import { readModel } from '../registry';
import { readTfjs, writeTfjs } from './index';

const corpus = hasCorpus();
const dir = corpusPath('models/tfjs');
const models = corpus ? listFiles(dir, ['model.json']) : [];

/** model.json first, then every other file of its folder (the shards). */
function filesOf(modelJson: string): ModelFile[] {
  const folder = dirname(modelJson);
  const others = readdirSync(folder).filter((f) => f !== basename(modelJson));
  return [modelJson, ...others.map((f) => join(folder, f))].map((p) => ({ name: basename(p), bytes: readBytes(p) }));
}

const parse = (file: ModelFile): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(file.bytes)) as Record<string, unknown>;

describe.skipIf(!corpus)('TF.js corpus models', () => {
  it('finds the corpus models', () => {
    expect(models.length).toBeGreaterThanOrEqual(2);
  });

  it.each(models.map((m) => [relative(dir, dirname(m)), m]))('%s round-trips to an equal IR', (_name, path) => {
    const files = filesOf(path);
    const model = readTfjs(files);
    const rewritten = writeTfjs(model);
    expect(diffIR(model, readTfjs(rewritten))).toBeUndefined();
    // The same JSON apart from the shard names, and the same weight bytes.
    const [before, after] = [parse(files[0]!), parse(rewritten[0]!)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after['modelTopology']).toEqual(before['modelTopology']);
    const weights = (m: Record<string, unknown>) =>
      (m['weightsManifest'] as { weights: unknown[] }[]).flatMap((g) => g.weights);
    expect(weights(after)).toEqual(weights(before));
    const total = (fs: readonly ModelFile[]) => fs.slice(1).reduce((n, f) => n + f.bytes.byteLength, 0);
    expect(total(rewritten)).toBe(total(files));
  });

  it('reads the abalone layers model as the manifest describes it', () => {
    const model = readModel(filesOf(join(dir, 'tfjs_examples_abalone_layers/model.json')));
    expect(model.format).toBe('tfjs');
    const analysis = analyzeModel(model);
    expect(analysis.params).toBe(3051);
    expect(analysis.weightBytes).toBe(12204);
    // 8·50 + 50·50 + 50·1 at batch 1.
    expect(analysis.macs).toBe(2950);
    expect(analysis.opsHistogram).toEqual({ Dense: 3 });
    expect(analysis.inputs).toEqual([
      { id: 'dense_Dense1_input', name: 'dense_Dense1_input', dtype: 'float32', shape: ['batch', 8] },
    ]);
    expect(analysis.outputs.map((o) => o.shape)).toEqual([['batch', 1]]);
    expect(analysis.shapeProblems).toEqual([]);
  });

  it('reads the prefetch graph model as the manifest describes it', () => {
    const model = readModel(filesOf(join(dir, 'tfjs_examples_prefetch_graph/model.json')));
    const constants = model.graph.tensors.filter((t) => t.data);
    const count = (dtype: string) =>
      constants.filter((t) => t.dtype === dtype).reduce((n, t) => n + constantElementCount(t), 0);
    expect(count('float32')).toBe(6761);
    expect(constants.filter((t) => t.dtype === 'int32').map(constantElementCount)).toEqual([1, 1, 1]);
    const analysis = analyzeModel(model);
    // DESIGN.md counts every constant: 6,761 float32 weights and 3 int32 scalars.
    expect(analysis.params).toBe(6764);
    expect(analysis.weightBytes).toBe(27056);
    // Embedding lookup (GatherV2) 0, then [1, 11]·[11, 50] and [1, 50]·[50, 101].
    expect(analysis.macs).toBe(11 * 50 + 50 * 101);
    expect(analysis.unknownMacsNodes).toBe(0);
    expect(analysis.inputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([
      ['cur_page', 'int64', ['batch']],
      ['session_index', 'int64', ['batch']],
    ]);
    expect(analysis.outputs.map((o) => [o.name, o.shape])).toEqual([['Identity', ['batch', 101]]]);
    expect(analysis.shapeProblems).toEqual([]);
    const shapeOf = (op: string) => analysis.layers.filter((l) => l.op === op).map((l) => l.outputShapes[0]);
    expect(shapeOf('GatherV2')).toEqual([['batch', 10]]);
    expect(shapeOf('ConcatV2')).toEqual([['batch', 11]]);
    expect(shapeOf('_FusedMatMul')).toEqual([
      ['batch', 50],
      ['batch', 101],
    ]);
    const fused = model.graph.nodes.find((n) => n.op === '_FusedMatMul')!;
    expect(fused.attributes['fused_ops']).toEqual({ type: 'strings', value: ['BiasAdd', 'Relu'] });
    expect(fused.attributes['transpose_a']).toEqual({ type: 'json', value: false });
    expect(model.extras?.['tfjs']).toMatchObject({
      kind: 'graph-model',
      fields: { format: 'graph-model', generatedBy: '2.6.0', convertedBy: 'TensorFlow.js Converter v3.6.0' },
      graphDef: { library: {}, versions: {} },
    });
  });
});
