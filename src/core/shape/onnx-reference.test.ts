// Our inference against onnx.shape_inference (python3-onnx 1.12) on the corpus and on the ONNX conformance
// models, plus the stored reference outputs of the node tests as ground truth.
import { beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../formats/registry';
import { isStaticShape } from '../ir/tensor';
import type { Model } from '../ir/types';
import {
  CORPUS_DIR,
  hasCorpus,
  hasOnnxTestdata,
  listFiles,
  ONNX_TESTDATA_DIR,
  readBytes,
} from '../../test-support/corpus';
import {
  compareModel,
  emptyComparison,
  hasPythonOnnx,
  onnxReference,
  stripDeclared,
  type Comparison,
  type ReferenceEntry,
} from '../../test-support/shape/reference';
import { inferShapes } from './infer';
import type { ShapeProblem } from './types';

const python = hasPythonOnnx();
if (!python) console.warn('[skip] /usr/bin/python3 with the onnx package not found; onnx comparison skipped');
const corpus = hasCorpus();
const testdata = hasOnnxTestdata();

/**
 * Tensors where a disagreement with onnx 1.12 is expected, with the reason. Empty: every static shape
 * both sides infer agrees.
 */
const JUSTIFIED: ReadonlyMap<string, string> = new Map();

function label(path: string): string {
  return path.replace(`${ONNX_TESTDATA_DIR}/`, '').replace(`${CORPUS_DIR}/models/onnx/`, 'corpus/');
}

interface Run {
  tally: Comparison;
  problems: string[];
  problemCodes: Map<ShapeProblem['code'], number>;
  models: number;
}

function compareAll(models: ReadonlyMap<string, Model>, refs: Record<string, ReferenceEntry>, strip: boolean): Run {
  const tally = emptyComparison();
  const problems: string[] = [];
  const problemCodes = new Map<ShapeProblem['code'], number>();
  for (const [path, model] of models) {
    const ref = refs[path];
    if (!ref || ref.error) throw new Error(`onnx could not infer ${path}: ${ref?.error}`);
    const result = inferShapes(strip ? stripDeclared(model) : model);
    for (const p of result.problems) {
      problems.push(`${label(path)}: [${p.code}] ${p.message}`);
      problemCodes.set(p.code, (problemCodes.get(p.code) ?? 0) + 1);
    }
    compareModel(label(path), result, ref, tally, new Set(JUSTIFIED.keys()));
  }
  return { tally, problems, problemCodes, models: models.size };
}

function report(name: string, run: Run): void {
  const t = run.tally;
  console.log(
    `[shape vs onnx, ${name}] ${run.models} models: ${t.compared} tensors compared, ${t.agreed} agreed, ` +
      `${t.weKnowOnnxDoesnt} we know / onnx does not, ${t.onnxKnowsWeDont} onnx knows / we do not; ` +
      `${t.dtypeCompared} dtypes compared; ${t.expectedCompared} outputs checked against stored outputs; ` +
      `${t.disagreements.length} disagreements; problems ${JSON.stringify(Object.fromEntries(run.problemCodes))}`,
  );
  if (t.unknownToUs.length) console.log(`  onnx knows, we do not:\n  ${t.unknownToUs.join('\n  ')}`);
}

describe.skipIf(!python || (!corpus && !testdata))('shape inference agrees with onnx.shape_inference', () => {
  const paths = [...listFiles(`${CORPUS_DIR}/models/onnx`, ['.onnx']), ...listFiles(ONNX_TESTDATA_DIR, ['model.onnx'])];
  const models = new Map<string, Model>();
  let stripped: Record<string, ReferenceEntry> = {};
  let declared: Record<string, ReferenceEntry> = {};

  beforeAll(() => {
    for (const path of paths) models.set(path, readModel([{ name: path, bytes: readBytes(path) }]));
    stripped = onnxReference(paths, true);
    declared = onnxReference(paths, false);
  });

  it('infers the same static shapes and dtypes with declared types removed', () => {
    const run = compareAll(models, stripped, true);
    report('declared types removed', run);
    expect(run.tally.disagreements).toEqual([]);
    // Node tests store their expected outputs: ground truth for every output we give a static shape.
    expect(run.tally.expectedMisses).toEqual([]);
    expect(run.tally.expectedCompared).toBeGreaterThan(1000);
    // The corpus adds DenseNet-121's ~1,700 nodes; the conformance suite alone gives over 4,000 tensors.
    expect(run.tally.compared).toBeGreaterThan(corpus ? 6000 : 4000);
    // What onnx knows and we do not is limited to sequence/optional values (not tensors to us).
    expect(run.tally.onnxKnowsWeDont).toBeLessThanOrEqual(10);
    // The only problems are the few operators without a rule (the training-domain Gradient).
    expect(run.problems.filter((p) => !p.includes('[unknown-op]'))).toEqual([]);
    expect(run.problemCodes.get('unknown-op') ?? 0).toBeLessThanOrEqual(5);
  });

  it('agrees with onnx and with every declared shape on the models as stored', () => {
    const run = compareAll(models, declared, false);
    report('as stored', run);
    expect(run.tally.disagreements).toEqual([]);
    expect(run.tally.expectedMisses).toEqual([]);
    // No file declares a shape our rules contradict.
    expect(run.problems.filter((p) => !p.includes('[unknown-op]'))).toEqual([]);
  });
});

describe.skipIf(!corpus)('coverage on the TinyML corpus models', () => {
  const read = (file: string): Model => {
    const path = `${CORPUS_DIR}/models/onnx/${file}`;
    return readModel([{ name: file, bytes: readBytes(path) }]);
  };

  it.each([
    'onnxzoo_mnist-8.onnx',
    'onnx2c_mnist_mlp_bn_pytorch.onnx',
    'onnx_light_squeezenet.onnx',
    'onnx_light_densenet121.onnx',
  ])('every tensor of %s gets a dtype and a static shape, declared types removed', (file) => {
    const model = stripDeclared(read(file));
    const result = inferShapes(model);
    expect(result.problems).toEqual([]);
    const missing = model.graph.tensors
      .map((t) => [t.id, result.types.get(t.id)] as const)
      .filter(([, type]) => !type || type.dtype === 'undefined' || !isStaticShape(type.shape))
      .map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it('light_densenet121: weights generated by ConstantOfShape get their shapes, and the output is 1×1000×1×1', () => {
    const model = stripDeclared(read('onnx_light_densenet121.onnx'));
    const result = inferShapes(model);
    const output = model.graph.outputs[0] ?? '';
    expect(result.types.get(output)).toEqual({ dtype: 'float32', shape: [1, 1000, 1, 1] });
    const generated = model.graph.nodes.filter((n) => n.op === 'ConstantOfShape');
    expect(generated.length).toBe(836);
    for (const n of generated) expect(isStaticShape(result.types.get(n.outputs[0] ?? '')?.shape)).toBe(true);
    const t0 = performance.now();
    inferShapes(model);
    console.log(
      `[shape] light_densenet121 (${model.graph.nodes.length} nodes): ${(performance.now() - t0).toFixed(1)} ms`,
    );
  });

  it('hello_world sine keeps its symbolic batch N through every layer', () => {
    const result = inferShapes(stripDeclared(read('onnx2c_tflm_hello_world_sine.onnx')));
    expect(result.problems).toEqual([]);
    const output = [...result.types.entries()].filter(([, t]) => t.shape?.[0] === 'N');
    expect(output.length).toBeGreaterThanOrEqual(9);
    for (const [, type] of output) expect(type.shape?.slice(1).every((d) => typeof d === 'number')).toBe(true);
  });
});
