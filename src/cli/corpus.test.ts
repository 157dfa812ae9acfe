import { basename, dirname, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, listFiles } from '../test-support/corpus';
import type { InspectJson } from './commands/inspect';
import { runScaledown } from './testing/spawn-cli';

interface Expected {
  readonly params: number;
  readonly macs: number;
  readonly nodeCount: number;
}

// Figures of corpus/MANIFEST.md ("ONNX" table; the hello-world sine MLP at N = 1, as its note says).
// The node tests' MACs follow from their declared shapes: ConvInteger 16 outputs × 2×2 kernel,
// MatMulInteger 4×2×3, QLinearConv 49 outputs × 1×1, QLinearMatMul 2×3×4.
const EXPECTED: Readonly<Record<string, Expected>> = {
  'onnx2c_mnist_mlp_bn_pytorch.onnx': { params: 55_424, macs: 54_912, nodeCount: 9 },
  'onnx2c_tflm_hello_world_sine.onnx': { params: 321, macs: 288, nodeCount: 8 },
  'onnx_light_densenet121.onnx': { params: 1_967, macs: 2_834_161_664, nodeCount: 1746 },
  'onnx_light_squeezenet.onnx': { params: 757, macs: 349_151_936, nodeCount: 105 },
  'onnxzoo_mnist-8.onnx': { params: 5_998, macs: 786_560, nodeCount: 12 },
  'node_tests_quant/test_convinteger_with_padding': { params: 0, macs: 64, nodeCount: 1 },
  'node_tests_quant/test_dequantizelinear_axis': { params: 0, macs: 0, nodeCount: 1 },
  'node_tests_quant/test_dynamicquantizelinear': { params: 0, macs: 0, nodeCount: 1 },
  'node_tests_quant/test_matmulinteger': { params: 0, macs: 24, nodeCount: 1 },
  'node_tests_quant/test_qlinearconv': { params: 0, macs: 49, nodeCount: 1 },
  'node_tests_quant/test_qlinearmatmul_2D': { params: 0, macs: 24, nodeCount: 1 },
  'node_tests_quant/test_quantizelinear_axis': { params: 0, macs: 0, nodeCount: 1 },
};

const ONNX_DIR = corpusPath('models/onnx');
const present = hasCorpus();
const models = listFiles(ONNX_DIR, ['.onnx']);
const keyOf = (path: string): string =>
  basename(path) === 'model.onnx' ? relative(ONNX_DIR, dirname(path)) : relative(ONNX_DIR, path);

describe.skipIf(!present)('scaledown inspect --json on the ONNX corpus', () => {
  it('has figures for every ONNX model of the corpus', () => {
    expect(models.map(keyOf).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.concurrent.each(models.map((path) => ({ key: keyOf(path), path })))('$key', async ({ key, path }) => {
    const expected = EXPECTED[key]!;
    const r = await runScaledown(['inspect', path, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as InspectJson;
    expect({ params: json.params, macs: json.macs, nodeCount: json.nodeCount }).toEqual(expected);
    expect(json.layers).toHaveLength(json.nodeCount);
    expect(json.layers.reduce((sum, l) => sum + l.macs, 0)).toBe(json.macs);
    expect(json.unknownSizeTensors).toBe(0);
    expect(json.arenaBytes).toBeGreaterThanOrEqual(json.peakActivationBytes);
  });
});
