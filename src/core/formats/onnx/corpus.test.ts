// Every ONNX model of the shared corpus reads, round-trips to an equal IR, and (where the corpus has
// test data) computes in onnxruntime-node exactly what the original computes.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffIR } from '../../ir/equal';
import { constantElementCount } from '../../ir/tensor';
import { corpusPath, hasCorpus, listFiles, readBytes } from '../../../test-support/corpus';
import { compareInOrt } from '../../../test-support/onnx/conformance';
import { readOnnx, writeOnnx } from './index';

const corpus = hasCorpus();
const dir = corpusPath('models/onnx');
const models = corpus ? listFiles(dir, ['.onnx']) : [];

function dataSets(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((d) => d.startsWith('test_data_set_'))
    .sort()
    .map((d) => join(folder, d));
}

describe.skipIf(!corpus)('ONNX corpus models', () => {
  it('finds the corpus models', () => {
    expect(models.length).toBeGreaterThanOrEqual(12);
  });

  it.each(models.map((m) => [relative(dir, m), m]))('%s reads and round-trips to an equal IR', (name, path) => {
    const bytes = readBytes(path);
    const model = readOnnx([{ name, bytes }]);
    expect(model.graph.nodes.length).toBeGreaterThan(0);
    const rewritten = writeOnnx(model);
    expect(diffIR(model, readOnnx(rewritten))).toBeUndefined();
  });

  it('reads the MNIST-8 model as the manifest describes it', () => {
    const model = readOnnx([{ name: 'mnist-8.onnx', bytes: readBytes(join(dir, 'onnxzoo_mnist-8.onnx')) }]);
    const params = model.graph.tensors.filter((t) => t.data).reduce((n, t) => n + constantElementCount(t), 0);
    expect(params).toBe(5998);
    expect(model.opsets).toEqual([{ domain: '', version: 8 }]);
    expect(model.producer).toEqual({ name: 'CNTK', version: '2.5.1' });
    expect(model.graph.nodes).toHaveLength(12);
  });

  const withData = models
    .map((m) => ({ model: m, sets: dataSets(dirname(m)) }))
    .filter((c) => c.sets.length > 0)
    .concat(
      corpus
        ? [
            {
              model: join(dir, 'onnxzoo_mnist-8.onnx'),
              sets: dataSets(corpusPath('data/onnxzoo_mnist8_test_data')),
            },
          ]
        : [],
    );

  it.each(withData.map((c) => [relative(dir, c.model), c]))(
    '%s computes the same outputs after a round trip',
    async (name, c) => {
      const original = readBytes(c.model);
      const model = readOnnx([{ name, bytes: original }]);
      const outcome = await compareInOrt(original, writeOnnx(model)[0]!.bytes, model, c.sets);
      expect(outcome).toMatchObject({ status: 'match', identical: true });
    },
  );
});
