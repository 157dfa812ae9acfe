import { expect, expectModelOpen, test } from './helpers';

// Issue 6's per-layer error and sensitivity analysis in the studio: open the sample → quantize int8 →
// per-layer error of the variant against the original (a bar per layer with a finite SQNR, the graph
// coloured by it) → sensitivity (one layer quantized at a time) → "keep the worst 1 in float" makes a
// new variant whose quantize report shows that layer in float.

test('per-layer error, graph colouring, sensitivity and keep-worst-in-float on the MNIST sample', async ({
  page,
}, testInfo) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');

  await page.getByRole('button', { name: 'Quantize' }).click();
  await page.getByRole('dialog', { name: 'Quantize' }).getByRole('button', { name: 'Run quantization' }).click();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true', {
    timeout: 60_000,
  });

  await page.getByRole('button', { name: 'Analyse' }).click();
  const panel = page.getByRole('dialog', { name: 'Analysis' });
  await expect(panel).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Quantize' })).toBeHidden();
  // The variant shown, against its parent, on the built-in digits.
  await expect(panel.getByTestId('analysis-model').locator('option:checked')).toHaveText('int8 static');
  await expect(panel.getByTestId('analysis-reference').locator('option:checked')).toHaveText('Original');
  await expect(panel.getByRole('radio', { name: /Built-in MNIST digits/ })).toBeChecked();

  // Per-layer error: one bar per layer of the sample (Conv, Relu, MaxPool ×2, Flatten, Gemm), each finite.
  let started = Date.now();
  await panel.getByTestId('analysis-layers-run').click();
  const bars = panel.getByTestId('analysis-layer-bar');
  await expect(bars).toHaveCount(8, { timeout: 60_000 });
  const layersMs = Date.now() - started;
  const sqnrs = (await bars.evaluateAll((els) => els.map((e) => e.getAttribute('data-sqnr')))).map(Number);
  expect(sqnrs.every((v) => Number.isFinite(v) && v > 10)).toBe(true);
  await expect(panel.getByTestId('analysis-layers-summary')).toContainText('8 layers on 64 samples');

  // The graph of the variant is coloured by SQNR, with a legend that can clear it.
  await expect(page.getByTestId('graph-tint-legend')).toContainText('SQNR of int8 static vs Original');
  await expect(page.locator('[data-testid="graph-node"][data-tint="value"]').first()).toBeVisible();
  await expect(page.locator('[data-testid="graph-node"][data-op="QuantizeLinear"]').first()).toHaveAttribute(
    'data-tint',
    'none',
  );

  // A bar selects its layer on the graph.
  const bar = bars.nth(3);
  await bar.click();
  await expect(page.getByTestId('inspector')).toHaveAttribute(
    'data-node-id',
    (await bar.getAttribute('data-node-id'))!,
  );

  // Sensitivity: the sample's three weighted layers, each quantized alone, worst first.
  started = Date.now();
  await panel.getByTestId('analysis-sensitivity-run').click();
  await expect(panel.getByTestId('analysis-sensitivity-bar')).toHaveCount(3, { timeout: 90_000 });
  const sensitivityMs = Date.now() - started;
  await expect(panel.getByTestId('analysis-sensitivity-summary')).toContainText('3 layers tried on 128 samples');
  const kept = (await panel.getByTestId('analysis-keep-layers').textContent())!.replace(/^Kept in float: |\.$/g, '');
  expect(['conv1', 'conv2', 'fc']).toContain(kept);

  // Keep the worst 1 in float: a new variant, shown at once, with that layer in float.
  await panel.getByTestId('analysis-keep-run').click();
  await expect(panel.getByTestId('analysis-keep-outcome')).toContainText('int8 static 2', { timeout: 60_000 });
  await expect(page.getByRole('tab', { name: 'int8 static 2' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('variant-recipe')).toContainText('1 layer override');
  await expect(page.getByTestId('variant-summary')).toContainText(/\d+ quantized, [1-9]\d* kept in float/);
  // The variant's weight SQNR chart lists the quantized layers only: the kept one is not among them.
  await expect(page.getByTestId('chart-sqnr-bar')).toHaveCount(2);
  const charted = await page
    .getByTestId('chart-sqnr-bar')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')));
  expect(charted).not.toContain(kept);

  const summary = `per-layer error (8 layers, 64 digits) ${layersMs} ms; sensitivity (3 layers, 128 digits) ${sensitivityMs} ms; kept ${kept} in float`;
  testInfo.annotations.push({ type: 'performance', description: summary });
  console.log(`[analysis] ${summary}`);
});
