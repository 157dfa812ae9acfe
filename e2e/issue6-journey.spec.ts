import type { Page } from '@playwright/test';
import { sampleWithInt8 } from './harness/journeys';
import { expect, test } from './helpers';

// The accuracy journey end to end, as a user walks it: open the sample → quantize it → evaluate both
// members on the built-in digits → the Pareto chart places two points → reload the page → both members,
// their evaluations and the two points are still there.

/** The family's top-1 cells and Pareto points as the variants view shows them. */
async function variantsView(page: Page) {
  await page.getByRole('button', { name: 'Variants', exact: true }).click();
  const view = page.getByRole('dialog', { name: 'Variants' });
  await expect(view).toBeVisible();
  const points = page.getByTestId('pareto-point');
  await expect(points).toHaveCount(2, { timeout: 30_000 });
  const top1 = await page
    .getByTestId('variants-top1')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  const placed = await points.evaluateAll((ps) =>
    ps.map((p) => [p.getAttribute('data-x'), p.getAttribute('data-y')].join(' ')).sort(),
  );
  const labels = await page.getByTestId('variants-row').locator('th button').allTextContents();
  return { top1, placed, labels };
}

test('open → quantize → evaluate both → two Pareto points → reload → all still there', async ({ page }) => {
  await sampleWithInt8(page);
  await page.getByRole('button', { name: 'Close the quantize panel' }).click();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const evaluate = page.getByRole('dialog', { name: 'Evaluate' });
  await evaluate.getByRole('radio', { name: /Evaluate all/ }).check();
  await evaluate.getByTestId('evaluate-run').click();
  await expect(evaluate.getByTestId('evaluate-outcome')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(evaluate.getByTestId('evaluate-family-row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Close the evaluate panel' }).click();

  const before = await variantsView(page);
  expect(before.labels).toEqual(['Original', 'int8 static']);
  // Both members scored (the sample is ~99 % on the digits; int8 costs well under a point).
  expect(before.top1).toHaveLength(2);
  for (const t of before.top1) expect(t).toBeGreaterThan(0.97);
  expect(Math.abs(before.top1[0]! - before.top1[1]!)).toBeLessThan(0.01);

  // Saved in the background; then the reload brings the session back instead of a fresh sample.
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
  await page.waitForTimeout(400);
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
  await page.reload();
  await expect(page.getByRole('tab')).toHaveText(['Original', 'int8 static'], { timeout: 30_000 });

  const after = await variantsView(page);
  expect(after).toEqual(before);
});
