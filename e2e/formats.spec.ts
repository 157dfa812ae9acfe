import { corpusFile, dropFiles, expect, expectModelOpen, fromDisk, nodesWithOp, test } from './helpers';

// TFLite and TF.js open like ONNX: graph, inspector (with quantization parameters) and charts.

// The first CONV_2D of TFLM's person_detect model (read with our TFLite reader and cross-checked by flatc's
// JSON dump): weights int8 [16,1,1,8], per channel along axis 0, scales 0.006953 … 0.01653, zero point 0.
const PERSON = 'models/tflite/tflm_person_detect_int8.tflite';

test('an int8 TFLite model shows the quantization parameters of a conv weight', async ({ page }) => {
  const path = corpusFile(PERSON);
  test.skip(!path, `the shared corpus is absent (${PERSON}); set CORPUS_DIR to run this test`);
  await page.goto('/?blank');
  await dropFiles(page, [fromDisk(path!)]);
  await expectModelOpen(page, 'tflm_person_detect_int8.tflite');
  await expect(page.getByTestId('model-format')).toHaveText('TFLite');

  const conv = nodesWithOp(page, 'CONV_2D').first();
  // TFLite fuses the ReLU6 into the convolution; the node says so.
  await expect(conv.getByTestId('fused-activation')).toHaveText('+RELU6');
  await conv.click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-op')).toHaveText('CONV_2D');
  // Unnamed TFLite operators are shown by the tensor they write.
  await expect(inspector.getByTestId('inspector-name')).toHaveText('MobilenetV1/MobilenetV1/Conv2d_1_pointwise/Relu6');

  const inputs = inspector.getByRole('list', { name: 'Inputs' });
  const weight = inputs.getByTestId('port-row').filter({ hasText: 'Conv2d_1_pointwise/weights' });
  const quant = weight.getByTestId('quant-params');
  await expect(quant).toContainText('real = scale × (q − zero_point)');
  await expect(quant).toContainText('int8, per channel (axis 0, 16 channels)');
  await expect(quant.getByTestId('quant-scale')).toHaveText('0.006953 … 0.01653');
  await expect(quant.getByTestId('quant-zero-point')).toHaveText('0');
  // The activation input is quantized per tensor.
  const activation = inputs.getByTestId('port-row').first().getByTestId('quant-params');
  await expect(activation).toContainText('per tensor');
  await expect(activation.getByTestId('quant-zero-point')).toHaveText('-128');

  // Weight statistics are of the real values the int8 numbers stand for.
  const stats = inspector.getByTestId('weight-stats').first();
  await expect(stats.getByTestId('stats-dequantized')).toBeVisible();
  await expect(stats.getByTestId('weight-histogram').locator('svg')).toBeVisible();
  await expect(page.getByTestId('chart-macs-bar').first()).toBeVisible();
});

const PREFETCH = 'models/tfjs/tfjs_examples_prefetch_graph';

test('a TF.js model opens with its shard, and a missing shard is named', async ({ page }) => {
  const json = corpusFile(`${PREFETCH}/model.json`);
  const shard = corpusFile(`${PREFETCH}/group1-shard1of1.bin`);
  test.skip(!json || !shard, `the shared corpus is absent (${PREFETCH}); set CORPUS_DIR to run this test`);
  await page.goto('/?blank');

  // model.json alone: the error names the shard it needs, and nothing opens.
  await dropFiles(page, [fromDisk(json!)]);
  await expect(page.getByRole('alert')).toContainText('group1-shard1of1.bin');

  await dropFiles(page, [fromDisk(json!), fromDisk(shard!)]);
  await expectModelOpen(page, 'model.json');
  await expect(page.getByTestId('model-format')).toHaveText('TF.js');
  // Const nodes hold weights: they are listed under their readers, not drawn.
  await expect(nodesWithOp(page, 'Const')).toHaveCount(0);
  const matmul = nodesWithOp(page, '_FusedMatMul').first();
  await expect(matmul.getByTestId('fused-activation')).toHaveText('+Relu');
  await matmul.click();
  await expect(page.getByTestId('inspector').getByTestId('weight-stats').first()).toContainText('values');

  // A truncated TFLite file then gets its own message, and the TF.js model stays open. (Node counts can
  // shift by one here: only nodes inside the viewport are rendered, and the error banner moves it.)
  await dropFiles(page, [{ name: 'cut.tflite', bytes: Uint8Array.from([28, 0, 0, 0, 84, 70, 76, 51, 0, 0, 20, 0]) }]);
  await expect(page.getByRole('alert')).toContainText('cut.tflite');
  await expect(page.getByTestId('model-file-name')).toHaveText('model.json');
  await expect(nodesWithOp(page, '_FusedMatMul').first()).toBeVisible();
  await expect(nodesWithOp(page, 'Softmax')).toHaveCount(1);
});
