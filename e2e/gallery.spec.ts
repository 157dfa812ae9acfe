import { expect, expectModelOpen, graphNodes, samples, test } from './helpers';

test('the page opens with the first sample loaded', async ({ page }, testInfo) => {
  const first = samples()[0]!;
  await page.goto('/');
  await expectModelOpen(page, first.file);
  await expect(page.getByTestId('metric-macs')).toBeVisible();
  const timings = await page.getByTestId('timings').textContent();
  testInfo.annotations.push({ type: 'timings', description: timings ?? '' });
  console.log(`[${first.file}] ${timings}`);
});

test('a sample opens from the gallery menu', async ({ page }) => {
  const sample = samples()[0]!;
  await page.goto('/?blank');
  await page.getByRole('button', { name: /Samples/ }).click();
  await page.getByRole('menuitem', { name: new RegExp(sample.name) }).click();
  await expectModelOpen(page, sample.file);
  // The sample's card comes with it.
  await expect(page.getByRole('region', { name: 'About this sample' })).toBeVisible();
});

test('?sample= and ?url= open a model; another origin is refused without a request', async ({ page, requests }) => {
  const sample = samples()[0]!;
  await page.goto(`/?sample=${encodeURIComponent(sample.id)}`);
  await expectModelOpen(page, sample.file);

  await page.goto(`/?url=${encodeURIComponent(`/samples/${sample.file}`)}`);
  await expectModelOpen(page, sample.file);

  await page.goto('/?sample=no-such-sample');
  await expect(page.getByRole('alert')).toContainText('no-such-sample');

  await page.goto(`/?url=${encodeURIComponent('https://example.com/model.onnx')}`);
  await expect(page.getByRole('alert')).toContainText('another site');
  await expect(graphNodes(page)).toHaveCount(0);
  expect(requests.filter((url) => new URL(url).hostname === 'example.com')).toEqual([]);
});
