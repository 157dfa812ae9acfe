import type { Page } from '@playwright/test';
import { expect, expectModelOpen, samples, test } from './helpers';

// The recipe journey: open an MNIST sample → recipe editor → the "Deep Compression" preset → Run with
// per-step progress → a variant named after the recipe, with its sparsity chart, sparse-layer badges on
// the graph and before/after histograms with the cluster centroids; then editing, cancelling and a bad file.

// LeNet-300-100 is the reference model; the CNN sample stands in where it is not built yet.
const SAMPLE = samples().find((s) => s.id === 'lenet-300-100') ?? samples().find((s) => s.id === 'mnist-cnn')!;

/** Remembers every text the progress line shows, with the step it names (it may move faster than a poll). */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const seen = () => {
      const el = document.querySelector('[data-testid="recipe-phase"]');
      const text = el ? `${el.getAttribute('data-step') ?? '-'} ${el.textContent ?? ''}` : '';
      if (text && w.__progress.at(-1) !== text) w.__progress.push(text);
    };
    new MutationObserver(seen).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

const progressSeen = (page: Page) => page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);

async function openRecipe(page: Page): Promise<void> {
  await page.goto(`/?sample=${SAMPLE.id}`);
  await expectModelOpen(page, SAMPLE.file);
  await page.getByRole('button', { name: 'Recipe', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Recipe' })).toBeVisible();
}

async function applyPreset(page: Page, name: string): Promise<void> {
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await panel.getByRole('button', { name: 'Presets ▾' }).click();
  await panel.getByRole('menuitem', { name: new RegExp(name) }).click();
  await expect(panel.getByLabel('Recipe name')).toHaveValue(name);
}

const titles = (page: Page) => page.getByTestId('recipe-step').getByTestId('recipe-step-title').allTextContents();

test('the Deep Compression preset makes a sparse, clustered variant shown on the graph, charts and inspector', async ({
  page,
}) => {
  await openRecipe(page);
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await applyPreset(page, 'Deep Compression');
  const kinds = await page
    .getByTestId('recipe-step')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')));
  expect(kinds).toEqual(expect.arrayContaining(['prune', 'cluster']));
  await expect(page.getByTestId('node-badge')).toHaveCount(0);

  await watchProgress(page);
  await panel.getByRole('button', { name: 'Run recipe' }).click();
  const tab = page.getByRole('tab', { name: 'Deep Compression' });
  await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 60_000 });
  await expect(panel.getByTestId('recipe-outcome')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('model-file-name')).toHaveText(/\.deep-compression\.onnx$/);

  // Progress named each enabled step in turn.
  const seen = await progressSeen(page);
  const enabled = await page
    .getByTestId('recipe-step')
    .evaluateAll((rows) => rows.flatMap((r, i) => (r.getAttribute('data-enabled') === 'true' ? [i] : [])));
  for (const i of enabled)
    expect(seen, `progress of step ${i + 1}`).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${i} Step ${i + 1} of ${kinds.length}: .+… \\d+%$`))]),
    );
  await expect(page.getByTestId('recipe-step').first()).toHaveAttribute('data-state', 'done');

  // The model panel: totals and one report per step; the compression is Deep Compression's order of magnitude.
  const ratio = Number(await page.getByTestId('recipe-compression').getAttribute('data-ratio'));
  expect(ratio).toBeGreaterThan(5);
  const sparsity = Number(await page.getByTestId('recipe-sparsity').getAttribute('data-value'));
  expect(sparsity).toBeGreaterThan(0.5);
  await expect(page.getByTestId('step-report')).toHaveCount(kinds.length);

  // The sparsity chart: one bar per layer with weights, all of them pruned (one threshold across layers
  // prunes the big, redundant ones hardest), and the same total as the model panel.
  const bars = page.getByTestId('chart-sparsity-bar');
  await expect(bars.first()).toBeVisible();
  const values = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  expect(values.length).toBeGreaterThanOrEqual(3);
  expect(Math.min(...values)).toBeGreaterThan(5);
  expect(Math.max(...values)).toBeGreaterThan(80);
  await expect(page.getByTestId('chart-sparsity-total')).toHaveText(`${(100 * sparsity).toFixed(1)} % zeros`);

  // A sparse layer carries an "NN % zeros" badge; clicking it shows the histograms with the centroids.
  const badge = page.locator('[data-testid="node-badge"][data-kind="zeros"]').first();
  await expect(badge).toBeVisible();
  await expect(badge).toHaveText(/^\d+ % zeros$/);
  expect(Number(await badge.getAttribute('data-sparsity'))).toBeGreaterThan(0.3);
  const nodeId = await badge.locator('xpath=ancestor::*[@data-testid="graph-node"]').getAttribute('data-node-id');
  await page.getByRole('button', { name: 'Close the recipe panel' }).click();
  await page.locator(`[data-testid="graph-node"][data-node-id="${nodeId}"]`).click();
  const compare = page.getByTestId('weight-compare');
  await expect(compare).toHaveAttribute('data-markers', 'centroids');
  const markers = compare.getByTestId('histogram-marker');
  const k = await markers.count();
  expect(k).toBeGreaterThanOrEqual(2);
  expect(k).toBeLessThanOrEqual(256);
  await expect(compare.getByTestId('histogram-markers-note')).toContainText(`${k} centroids`);

  // The original is untouched: no badges, no sparsity chart.
  await page.getByRole('tab', { name: 'Original' }).click();
  await expect(page.getByTestId('model-file-name')).toHaveText(SAMPLE.file);
  await expect(page.getByTestId('node-badge')).toHaveCount(0);
  await expect(page.getByTestId('chart-sparsity')).toHaveCount(0);
});

test('steps are added, reordered (buttons and Alt+arrows), removed, and edits undone', async ({ page }) => {
  await openRecipe(page);
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await panel.getByRole('button', { name: 'Add a prune step' }).click();
  await panel.getByRole('button', { name: 'Add a cluster step' }).click();
  await panel.getByRole('button', { name: 'Add a quantize step' }).click();
  expect(await titles(page)).toEqual(['Prune', 'Cluster', 'Quantize']);

  await panel.getByRole('button', { name: 'Move step 1 down' }).click();
  expect(await titles(page)).toEqual(['Cluster', 'Prune', 'Quantize']);
  const quantize = page
    .getByTestId('recipe-step')
    .nth(2)
    .getByRole('button', { name: /Quantize/ });
  await quantize.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await page.keyboard.press('Alt+ArrowUp');
  expect(await titles(page)).toEqual(['Quantize', 'Cluster', 'Prune']);
  await expect(
    page
      .getByTestId('recipe-step')
      .first()
      .getByRole('button', { name: /Quantize/ }),
  ).toBeFocused();

  await panel.getByRole('button', { name: 'Remove step 2' }).click();
  expect(await titles(page)).toEqual(['Quantize', 'Prune']);
  await page.keyboard.press('Control+z');
  expect(await titles(page)).toEqual(['Quantize', 'Cluster', 'Prune']);
  await page.keyboard.press('Control+Shift+z');
  expect(await titles(page)).toEqual(['Quantize', 'Prune']);
  await panel.getByRole('checkbox', { name: 'Enable step 1 (Quantize)' }).uncheck();
  await expect(page.getByTestId('recipe-step').first()).toHaveAttribute('data-enabled', 'false');
});

test('a long run can be cancelled: no variant, the model and the recipe as they were', async ({ page }) => {
  await openRecipe(page);
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await panel.getByRole('button', { name: 'Add a prune step' }).click();
  await panel.getByRole('button', { name: 'Add a quantize step' }).click();
  // Static int8 calibrates on many digits: long enough to cancel.
  await panel
    .getByTestId('quantize-mode')
    .getByRole('radio', { name: /int8 static/ })
    .check();
  const data = panel.getByTestId('quantize-data');
  if (await data.getByRole('radio', { name: /Built-in MNIST digits/ }).isEnabled())
    await data.getByRole('radio', { name: /Built-in MNIST digits/ }).check();
  await panel.getByLabel('Samples').fill('8000');
  await expect(panel.getByRole('button', { name: 'Run recipe' })).toBeEnabled();
  await panel.getByRole('button', { name: 'Run recipe' }).click();
  await expect(panel.getByRole('progressbar', { name: 'Running the recipe' })).toBeVisible();
  await expect(panel.getByTestId('recipe-phase')).toHaveAttribute('data-step', '1', { timeout: 30_000 });
  await expect(page.getByTestId('recipe-step').nth(1)).toHaveAttribute('data-state', 'running');
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByTestId('recipe-outcome')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByRole('tablist', { name: 'Model variants' })).toHaveCount(0);
  await expect(page.getByTestId('model-file-name')).toHaveText(SAMPLE.file);
  expect(await titles(page)).toEqual(['Prune', 'Quantize']);
  // It runs again afterwards, and the page stayed responsive: the recipe panel closes with Escape.
  await panel.press('Escape');
  await expect(panel).toBeHidden();
});

test('a bad recipe file is refused with a message naming the file and the step; the recipe stays', async ({ page }) => {
  await openRecipe(page);
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await panel.getByRole('button', { name: 'Add a cluster step' }).click();
  const bad = {
    scaledown: 'recipe',
    version: 1,
    name: 'Broken',
    steps: [
      { kind: 'prune', method: 'magnitude', sparsity: 0.5 },
      { kind: 'cluster', clusters: 1000 },
    ],
  };
  await panel.getByTestId('recipe-import-file').setInputFiles({
    name: 'broken-recipe.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bad)),
  });
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('broken-recipe.json');
  await expect(alert).toContainText(/step 2/i);
  await expect(alert).toContainText(/clusters/);
  expect(await titles(page)).toEqual(['Cluster']);

  // Exporting and importing round-trips the recipe.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    panel.getByRole('button', { name: 'Export' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('my-recipe.recipe.json');
  await panel.getByTestId('recipe-import-file').setInputFiles((await download.path())!);
  await expect(panel.getByRole('alert')).toHaveCount(0);
  expect(await titles(page)).toEqual(['Cluster']);
});
