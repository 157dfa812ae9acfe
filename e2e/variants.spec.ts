import type { Page } from '@playwright/test';
import { statSync } from 'node:fs';
import { expect, expectModelOpen, test } from './helpers';

// The variants journey: open the MNIST sample → quantize it (int8) → run a channel-pruning recipe → the
// variants view lists the three members with the file sizes their own summaries give → the layer comparison
// charts the pruned variant against the original, then the int8 one, whose graph it colours by the change
// → a row shows its member → after evaluating the family, the Pareto chart places all three and a point
// opens its member.

const SAMPLE = 'mnist-cnn.onnx';
const PRUNED = 'Half the channels';

/** The shown variant's file size and its parent's, in bytes, from the model panel ("a → b bytes" tooltip). */
async function shownFileBytes(page: Page): Promise<{ parent: number; variant: number }> {
  const title = (await page.getByTestId('variant-file-size').getAttribute('title')) ?? '';
  const match = /^([\d,]+) → ([\d,]+) bytes$/.exec(title);
  expect(match, title).not.toBeNull();
  const bytes = (text: string) => Number(text.replace(/,/g, ''));
  return { parent: bytes(match![1]!), variant: bytes(match![2]!) };
}

async function quantizeInt8(page: Page) {
  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Quantize' });
  await panel.getByRole('button', { name: 'Run quantization' }).click();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true', {
    timeout: 60_000,
  });
  await panel.getByRole('button', { name: 'Close the quantize panel' }).click();
  return shownFileBytes(page);
}

async function pruneChannels(page: Page) {
  await page.getByRole('button', { name: 'Recipe', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Recipe' });
  await panel.getByLabel('Recipe name').fill(PRUNED);
  await panel.getByRole('button', { name: 'Add a prune step' }).click();
  await panel.getByRole('radio', { name: /^Channels/ }).check();
  await panel.getByRole('button', { name: 'Run recipe' }).click();
  await expect(page.getByRole('tab', { name: PRUNED })).toHaveAttribute('aria-selected', 'true', { timeout: 60_000 });
  await panel.getByRole('button', { name: 'Close the recipe panel' }).click();
  return shownFileBytes(page);
}

const rowOf = (page: Page, label: string) => page.getByTestId('variants-row').filter({ hasText: label });
const cellValue = async (page: Page, label: string, cell: string) =>
  Number(await rowOf(page, label).getByTestId(`variants-${cell}`).getAttribute('data-value'));

test('the family side by side: table, layer comparison, rows and Pareto points that show their member', async ({
  page,
}, testInfo) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, SAMPLE);
  const int8 = await quantizeInt8(page);
  const pruned = await pruneChannels(page);
  const [originalBytes, int8Bytes, prunedBytes] = [int8.parent, int8.variant, pruned.variant];
  expect(pruned.parent).toBe(originalBytes);

  // V opens the view; the family is there in order, with the sizes the variants' summaries give.
  await page.keyboard.press('v');
  const view = page.getByRole('dialog', { name: 'Variants' });
  await expect(view).toBeVisible();
  await expect(page.getByTestId('variants-row')).toHaveCount(3);
  expect(await page.getByTestId('variants-row').locator('th button').allTextContents()).toEqual([
    'Original',
    'int8 static',
    PRUNED,
  ]);
  expect(await cellValue(page, 'Original', 'file')).toBe(originalBytes);
  expect(await cellValue(page, 'int8 static', 'file')).toBe(int8Bytes);
  expect(await cellValue(page, PRUNED, 'file')).toBe(prunedBytes);
  // int8 stores about a quarter of the weight bytes (this small file also keeps names and scales: ~41 %);
  // channel pruning cuts the compute.
  expect(int8Bytes / originalBytes).toBeLessThan(0.5);
  await expect(rowOf(page, 'int8 static').getByTestId('variants-file').getByTestId('variants-delta')).toHaveText(
    /^−\d+ %$/,
  );
  expect(await cellValue(page, PRUNED, 'macs')).toBeLessThan(await cellValue(page, 'Original', 'macs'));
  await expect(rowOf(page, PRUNED).getByTestId('variants-made-by')).toHaveText(`${PRUNED}: Prune`);
  await expect(rowOf(page, 'int8 static').getByTestId('variants-made-by')).toHaveText(
    'Quantize: int8 static · per channel',
  );

  // The comparison starts with the member shown (the pruned one) against the original.
  const compare = page.getByTestId('compare-view');
  const picked = (id: string) => page.getByTestId(id).locator('option:checked');
  await expect(picked('compare-a')).toHaveText('Original');
  await expect(picked('compare-b')).toHaveText(PRUNED);
  await expect(page.getByTestId('compare-summary')).toContainText(`${PRUNED}'s weights moved`);
  const macsBars = page.getByTestId('compare-macs-bar');
  await expect(macsBars.first()).toBeVisible();
  // Three layers do MACs; each has an A bar and a B bar, B's smaller where channels went.
  await expect(macsBars).toHaveCount(6);
  const macs = await macsBars.evaluateAll((bars) =>
    bars.map((b) => [b.getAttribute('data-layer'), b.getAttribute('data-side'), Number(b.getAttribute('data-value'))]),
  );
  const conv2 = macs.filter(([layer]) => layer === 'conv2');
  expect(conv2.find(([, side]) => side === 'B')![2]).toBeLessThan(conv2.find(([, side]) => side === 'A')![2] as number);
  await expect(page.getByTestId('compare-change-bar')).toHaveCount(3);
  await expect(page.getByTestId('compare-weights-bar')).toHaveCount(6);

  // B = the int8 variant: every weight moved, by far less than pruning moved them.
  await page.getByTestId('compare-b').selectOption({ label: 'int8 static' });
  await expect(picked('compare-b')).toHaveText('int8 static');
  await expect(compare).toHaveAttribute('data-b', (await rowOf(page, 'int8 static').getAttribute('data-model-id'))!);
  await expect(page.getByTestId('compare-summary')).toContainText("int8 static's weights moved");
  await expect(page.getByTestId('compare-change-bar')).toHaveCount(3);
  const changes = await page
    .getByTestId('compare-change-bar')
    .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
  expect(Math.max(...changes)).toBeLessThan(1);
  expect(Math.min(...changes)).toBeGreaterThan(0);
  await expect(page.getByTestId('compare-zeros-bar')).toHaveCount(6);

  // The graph of B coloured by that change: the view closes on the int8 graph; its legend names the change
  // and its scale (the most moved layer at the red end), and the layers drawn carry their change (only the
  // nodes in view are drawn; the Quantize / Dequantize nodes have no value).
  await page.getByTestId('compare-tint').click();
  await expect(view).toBeHidden();
  await expect(page.getByTestId('model-file-name')).toHaveText('mnist-cnn.int8.onnx');
  const legend = page.getByTestId('graph-tint-legend');
  await expect(legend).toContainText('Weight change, int8 static vs Original');
  await expect(legend.getByTestId('graph-tint-high')).toHaveText('0 %');
  const tinted = page.locator('[data-testid="graph-node"][data-tint="value"]');
  await expect(tinted.first()).toHaveAttribute('data-tint-value', /^\d+(\.\d)? %$/);
  expect(await tinted.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-op')))).not.toContain(
    'DequantizeLinear',
  );
  await page.getByRole('button', { name: 'Variants', exact: true }).click();
  await page.getByTestId('compare-tint-clear').click();
  await expect(tinted).toHaveCount(0);
  await expect(legend).toBeHidden();

  // Each row downloads its member's file, as measured.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    rowOf(page, 'int8 static').getByTestId('variants-download').click(),
  ]);
  expect(download.suggestedFilename()).toBe('mnist-cnn.int8.onnx');
  expect(statSync((await download.path())!).size).toBe(int8Bytes);

  // A row shows its member.
  await rowOf(page, 'int8 static').getByRole('button', { name: 'int8 static', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('model-file-name')).toHaveText('mnist-cnn.int8.onnx');
  await rowOf(page, 'Original').click();
  await expect(page.getByTestId('model-file-name')).toHaveText(SAMPLE);

  // Nothing is evaluated yet: the chart lists everyone as missing.
  await expect(page.getByTestId('pareto-missing')).toHaveText(`Not evaluated yet: Original, int8 static, ${PRUNED}.`);

  // Evaluate the family (the evaluate panel takes the view's place), then the chart places all three.
  await page.getByTestId('variants-evaluate-all').click();
  const evaluate = page.getByRole('dialog', { name: 'Evaluate' });
  await expect(evaluate).toBeVisible();
  await expect(view).toBeHidden();
  await expect(evaluate.getByTestId('evaluate-run')).toHaveText('Evaluate all 3');
  await evaluate.getByTestId('evaluate-run').click();
  // The evaluations go on while the view is open again; their results fill it as they arrive.
  await page.getByRole('button', { name: 'Variants', exact: true }).click();
  await expect(view).toBeVisible();
  await expect(page.getByTestId('variants-top1').filter({ hasText: '%' })).toHaveCount(3, { timeout: 60_000 });
  const points = page.getByTestId('pareto-point');
  await expect(points).toHaveCount(3);
  const placed = await points.evaluateAll((ps) =>
    ps.map((p) => ({
      id: p.getAttribute('data-model-id'),
      x: Number(p.getAttribute('data-x')),
      y: Number(p.getAttribute('data-y')),
      front: p.getAttribute('data-front') === 'true',
    })),
  );
  // The front is what no other member beats on both size and accuracy.
  for (const p of placed) {
    const beaten = placed.some((q) => q !== p && q.x <= p.x && q.y >= p.y && (q.x < p.x || q.y > p.y));
    expect(p.front, JSON.stringify(placed)).toBe(!beaten);
  }
  const top1 = await page
    .getByTestId('variants-top1')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  testInfo.annotations.push({
    type: 'figures',
    description: `files ${originalBytes} / ${int8Bytes} / ${prunedBytes} B; top-1 ${top1.map((t) => (100 * t).toFixed(2)).join(' / ')} %; int8 change max ${Math.max(...changes).toFixed(3)} %`,
  });
  console.log(`[variants] ${testInfo.annotations.at(-1)!.description}`);
  // A point opens its member.
  const int8Id = await rowOf(page, 'int8 static').getAttribute('data-model-id');
  await points.and(page.locator(`[data-model-id="${int8Id}"]`)).click();
  await expect(page.getByTestId('model-file-name')).toHaveText('mnist-cnn.int8.onnx');
});
