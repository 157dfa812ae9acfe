import {
  corpusFile,
  dropFiles,
  expect,
  expectModelOpen,
  fromDisk,
  graphNodes,
  longTasks,
  recordLongTasks,
  test,
} from './helpers';

const DENSENET = 'models/onnx/onnx_light_densenet121.onnx';

// A 1,746-node graph: the page must render only what is visible, lay out in the worker, and stay
// responsive. The worst main-thread long task is reported (not asserted: timing belongs in benchmarks).
test('light DenseNet-121 renders and stays responsive', async ({ page }, testInfo) => {
  const path = corpusFile(DENSENET);
  test.skip(!path, `the shared corpus is absent (${DENSENET}); set CORPUS_DIR to run this test`);
  await recordLongTasks(page);
  await page.goto('/?blank');
  const started = Date.now();
  await dropFiles(page, [fromDisk(path!)]);
  await expectModelOpen(page, 'onnx_light_densenet121.onnx');
  const openMs = Date.now() - started;
  await expect(page.getByTestId('model-panel')).toContainText('1,746');

  // Only the nodes in view are in the DOM.
  const rendered = await graphNodes(page).count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(400);

  // Search jumps deep into the graph and the node is drawn there.
  const search = page.getByRole('searchbox', { name: 'Search nodes' });
  await search.fill('Concat');
  await expect(page.getByTestId('search-count')).toHaveText(/^1 \/ \d+$/);
  for (let i = 0; i < 5; i++) await search.press('Enter');
  const id = await page.getByTestId('inspector').getAttribute('data-node-id');
  await expect(graphNodes(page).and(page.locator(`[data-node-id="${id}"]`))).toBeInViewport();

  // Toggle the layout direction (the worker lays the graph out again).
  await search.press('Escape');
  await page.keyboard.press('l');
  await expect(page.getByRole('button', { name: /Horizontal/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(graphNodes(page).first()).toBeVisible();

  const tasks = await longTasks(page);
  const worst = Math.max(0, ...tasks);
  const timings = await page.getByTestId('timings').textContent();
  const summary = `open+layout ${openMs} ms; ${tasks.length} long tasks, worst ${Math.round(worst)} ms; ${timings}`;
  testInfo.annotations.push({ type: 'performance', description: summary });
  console.log(`[densenet] ${summary}`);
});

test('opening a large model shows progress and can be cancelled', async ({ page }) => {
  const path = corpusFile(DENSENET);
  test.skip(!path, `the shared corpus is absent (${DENSENET}); set CORPUS_DIR to run this test`);
  await page.goto('/?blank');
  await dropFiles(page, [fromDisk(path!)]);
  const progress = page.getByRole('progressbar', { name: 'Opening model' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('status')).toContainText('onnx_light_densenet121.onnx');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Open a model' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
