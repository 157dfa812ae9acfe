import { expect, expectModelOpen, graphNodes, samplePath, samples, test } from './helpers';

test('search centres the matching node and cycles through matches', async ({ page }) => {
  const sample = samples()[0]!;
  await page.goto('/');
  await expectModelOpen(page, sample.file);

  await page.keyboard.press('ControlOrMeta+f');
  const search = page.getByRole('searchbox', { name: 'Search nodes' });
  await expect(search).toBeFocused();
  await search.fill('conv');
  const count = page.getByTestId('search-count');
  await expect(count).toHaveText(/^1 \/ \d+$/);
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-op')).toHaveText('Conv');
  const first = await inspector.getAttribute('data-node-id');
  const node = graphNodes(page).and(page.locator(`[data-node-id="${first}"]`));
  await expect(node).toHaveAttribute('data-selected', 'true');
  await expect(node).toBeInViewport();

  const total = Number((await count.textContent())!.split('/')[1]);
  if (total > 1) {
    await search.press('Enter');
    await expect(count).toHaveText(`2 / ${total}`);
    await expect(inspector).not.toHaveAttribute('data-node-id', first!);
    const second = await inspector.getAttribute('data-node-id');
    await expect(graphNodes(page).and(page.locator(`[data-node-id="${second}"]`))).toBeInViewport();
  }
  await search.press('Escape');
  await expect(search).toHaveValue('');
});

test('keyboard shortcuts: open, layout direction, fit, help, escape', async ({ page }) => {
  const sample = samples()[0]!;
  await page.goto('/?blank');
  // A file chooser opens only once the page has had a user gesture.
  await page.getByRole('heading', { name: 'Open a model' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('ControlOrMeta+o');
  await (await chooser).setFiles(samplePath(sample));
  await expectModelOpen(page, sample.file);
  const horizontal = page.getByRole('button', { name: /Horizontal/ });
  await expect(horizontal).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('l');
  await expect(horizontal).toHaveAttribute('aria-pressed', 'true');
  await expect(graphNodes(page).first()).toBeVisible();
  await page.keyboard.press('f');
  await expect(graphNodes(page).first()).toBeInViewport();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toContainText('Toggle vertical / horizontal layout');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});
