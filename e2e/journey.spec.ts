import {
  dropFiles,
  expect,
  expectModelOpen,
  fromDisk,
  graphNodes,
  nodesWithOp,
  samplePath,
  samples,
  test,
} from './helpers';

// The journey: drop the sample → graph → select a Conv → inspector shows its output shape →
// charts render → drop a corrupt file → an error names it and the graph is still there.

// Output shape of the first Conv of each sample, from the `onnx` package's own shape inference
// (python3 -c "onnx.shape_inference.infer_shapes(onnx.load(...))").
const FIRST_CONV_OUTPUT: Readonly<Record<string, string>> = { 'mnist-cnn.onnx': '1×8×26×26' };
test('drop a model, inspect a Conv, read the charts, survive a corrupt file', async ({ page }) => {
  const sample = samples()[0]!;
  await page.goto('/?blank');
  await expect(page.getByRole('heading', { name: 'Open a model' })).toBeVisible();

  await dropFiles(page, [fromDisk(samplePath(sample))]);
  await expectModelOpen(page, sample.file);
  await expect(graphNodes(page)).not.toHaveCount(0);

  const conv = nodesWithOp(page, 'Conv').first();
  await conv.click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-op')).toHaveText('Conv');
  const outputs = inspector.getByRole('list', { name: 'Outputs' });
  await expect(outputs.getByTestId('port-shape').first()).toHaveText(/^\d+(×\d+){3}$/);
  // The output shape shown is the one the canvas labels the Conv's outgoing edge with.
  const shown = await outputs.getByTestId('port-shape').first().textContent();
  const expected = FIRST_CONV_OUTPUT[sample.file];
  if (expected) expect(shown).toBe(expected);
  await expect(page.getByTestId('graph-canvas').getByText(shown!, { exact: true }).first()).toBeVisible();
  // Its weights come with statistics and a histogram computed in the worker.
  const weight = inspector.getByTestId('weight-stats').first();
  await expect(weight.getByText('sparsity')).toBeVisible();
  await expect(weight.getByTestId('weight-histogram').locator('svg')).toBeVisible();

  // Charts: bars per layer and the memory timeline with its peak.
  await expect(page.getByTestId('chart-weights-bar').first()).toBeVisible();
  await expect(page.getByTestId('chart-macs-bar').first()).toBeVisible();
  await expect(page.getByTestId('memory-peak')).toBeVisible();
  // A bar selects its layer.
  const bar = page.getByTestId('chart-macs-bar').last();
  const barNode = await bar.getAttribute('data-node-id');
  await bar.click();
  await expect(inspector).toHaveAttribute('data-node-id', barNode!);
  // The peak marker selects the node at the peak.
  await page.getByTestId('memory-peak').click();
  await expect(page.getByTestId('inspector-op')).toBeVisible();

  const nodesBefore = await graphNodes(page).count();
  await dropFiles(page, [
    { name: 'corrupt.onnx', bytes: Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256) },
  ]);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('corrupt.onnx');
  await expect(page.getByTestId('model-file-name')).toHaveText(sample.file);
  await expect(graphNodes(page)).toHaveCount(nodesBefore);
  await expect(nodesWithOp(page, 'Conv').first()).toBeVisible();
});

test('an empty file and a file that is not a model get their own messages', async ({ page }) => {
  const sample = samples()[0]!;
  await page.goto('/?blank');
  await dropFiles(page, [fromDisk(samplePath(sample))]);
  await expectModelOpen(page, sample.file);

  await dropFiles(page, [{ name: 'empty.onnx', bytes: new Uint8Array(0) }]);
  await expect(page.getByRole('alert')).toContainText('empty.onnx is empty');
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await dropFiles(page, [{ name: 'notes.txt', bytes: new TextEncoder().encode('<b>not</b> a model\n'.repeat(40)) }]);
  await expect(page.getByRole('alert')).toContainText('notes.txt');
  await expect(page.getByTestId('model-file-name')).toHaveText(sample.file);
  await expect(graphNodes(page).first()).toBeVisible();
});
