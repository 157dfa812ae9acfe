import { corpusFile, dropFiles, expect, expectModelOpen, fromDisk, graphNodes, test } from './helpers';

// Real models from the shared corpus open, draw and report their figures (MANIFEST.md's reference values).
const CASES = [
  { file: 'onnxzoo_mnist-8.onnx', nodes: '12', macs: '786,560' },
  { file: 'onnx_light_squeezenet.onnx', nodes: '105', macs: '349,151,936' },
  { file: 'onnx2c_mnist_mlp_bn_pytorch.onnx', nodes: '9', macs: '54,912' },
];

for (const c of CASES) {
  test(`corpus model ${c.file} opens with its reference figures`, async ({ page }, testInfo) => {
    const path = corpusFile(`models/onnx/${c.file}`);
    test.skip(!path, `the shared corpus is absent (models/onnx/${c.file}); set CORPUS_DIR to run this test`);
    await page.goto('/?blank');
    await dropFiles(page, [fromDisk(path!)]);
    await expectModelOpen(page, c.file);
    await expect(page.getByTestId('model-panel')).toContainText(c.nodes);
    await expect(page.getByTestId('metric-macs').locator('[data-exact]')).toHaveAttribute('title', `${c.macs} MACs`);
    await expect(graphNodes(page).first()).toBeVisible();
    const timings = await page.getByTestId('timings').textContent();
    testInfo.annotations.push({ type: 'timings', description: timings ?? '' });
    console.log(`[${c.file}] ${timings}`);
  });
}
