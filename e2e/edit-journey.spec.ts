import type { Download, Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, expectModelOpen, test } from './helpers';

// Editing the graph in the built studio (issue 9): on the sample CNN, bypass a node with the Delete key,
// undo and redo it (keys and buttons), rename a node in the inspector, export the model file and read it
// back; then a breaking edit (deleting the node that computes the graph output) is marked on the graph
// and listed, export refuses the model with that list, and undo restores it; a reload keeps the history.

const node = (page: Page, id: string): Locator => page.locator(`[data-testid="graph-node"][data-node-id="${id}"]`);

/** The nodes of an ONNX file (name, inputs) as the `onnx` package reads it, after its checker passed. */
function onnxNodes(path: string): { name: string; inputs: string[] }[] {
  const script = [
    'import json, sys, onnx',
    'm = onnx.load(sys.argv[1])',
    'onnx.checker.check_model(m)',
    'print(json.dumps([{"name": n.name, "inputs": list(n.input)} for n in m.graph.node]))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as {
    name: string;
    inputs: string[];
  }[];
}

/** Brings a node into view by searching for its name (the search selects and centres it). */
async function reveal(page: Page, name: string): Promise<Locator> {
  const search = page.getByRole('searchbox', { name: 'Search nodes' });
  await search.fill(name);
  await search.press('Enter');
  await search.press('Escape');
  await search.blur();
  const found = node(page, name);
  await expect(found).toBeInViewport();
  return found;
}

async function downloadOf(page: Page, button: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return download;
}

/** Waits until the session as it is now has been written to the browser's storage. */
async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
  await page.waitForTimeout(400);
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
}

/** Opens the export drawer and waits for its preview: the model file's download, or the refusal. */
async function openExport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Export' });
  await expect(panel).toBeVisible();
  return panel;
}

test('edit the sample: bypass, undo, redo, rename, export; a breaking edit blocks export until undone; a reload keeps the history', async ({
  page,
}) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  const history = page.getByTestId('history-panel');
  const entries = history.getByTestId('history-entry');

  // The menu says what the Delete key does to relu2 (one data input: bypass).
  await node(page, 'relu2').click({ button: 'right' });
  const menu = page.getByRole('menu', { name: 'Node actions' });
  await expect(menu.locator('[data-action="bypass"] kbd')).toHaveText('Del');
  await expect(menu.locator('[data-action="delete"] kbd')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', 'relu2');
  await page.keyboard.press('Delete');
  await expect(node(page, 'relu2')).toHaveCount(0);
  await expect(entries).toHaveText(['Original', 'Bypass "relu2"']);
  await expect(node(page, 'pool2')).toBeVisible();

  // Undo / redo, with the keys and with the buttons.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'relu2')).toHaveCount(1);
  await expect(history).toHaveAttribute('data-position', '0');
  await page.keyboard.press('Control+Shift+z');
  await expect(node(page, 'relu2')).toHaveCount(0);
  await expect(history).toHaveAttribute('data-position', '1');
  await page.getByTestId('edit-undo').click();
  await expect(node(page, 'relu2')).toHaveCount(1);
  await page.getByTestId('edit-redo').click();
  await expect(node(page, 'relu2')).toHaveCount(0);

  // Rename conv1 in the inspector.
  await node(page, 'conv1').click();
  await page.getByRole('button', { name: 'Rename the node' }).click();
  await page.getByLabel('Node name').fill('first_conv');
  await page.getByLabel('Node name').press('Enter');
  await expect(node(page, 'conv1')).toContainText('first_conv');
  await expect(entries).toHaveText(['Original', 'Bypass "relu2"', 'Rename node "conv1" to "first_conv"']);

  // The exported model file has both edits.
  let panel = await openExport(page);
  const download = await downloadOf(page, panel.getByTestId('export-download-model'));
  const path = (await download.path())!;
  const text = readFileSync(path).toString('latin1');
  expect(text).toContain('first_conv');
  // (The graph's doc string still tells the layers it was built with, relu2 among them.)
  expect(text).not.toContain('relu2_out');
  const exported = onnxNodes(path);
  expect(exported.map((n) => n.name)).toEqual(['first_conv', 'relu1', 'pool1', 'conv2', 'pool2', 'flatten', 'fc']);
  expect(exported.find((n) => n.name === 'pool2')!.inputs).toEqual(['conv2_out']);
  await page.getByRole('button', { name: 'Close the export panel' }).click();

  // A breaking edit: delete fc alone, so nothing computes the graph output any more.
  await (await reveal(page, 'fc')).click({ button: 'right' });
  await menu.locator('[data-action="delete"]').click();
  await expect(node(page, 'fc')).toHaveCount(0);
  const problems = page.getByTestId('problems-list');
  await expect(problems).toBeVisible();
  await expect(problems).toHaveAttribute('data-severity', 'error');
  const listed = problems.getByTestId('problem');
  await expect(listed.first()).toContainText('logits');
  // A click on the problem selects (and centres) the graph output it is about, marked on the graph.
  await listed.first().click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-node-id', 'output:logits');
  await expect(node(page, 'output:logits')).toBeInViewport();
  await expect(node(page, 'output:logits')).toHaveAttribute('data-problem', 'error');
  await expect(page.getByTestId('inspector').locator('.sd-inspector__problems')).toContainText('logits');

  // Export refuses the model, listing what is wrong.
  panel = await openExport(page);
  await expect(panel.getByTestId('export-error')).toContainText('logits');
  await expect(page.getByTestId('export-blocked')).toContainText(/Fix the problems/);
  await expect(panel.getByTestId('export-download-model')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close the export panel' }).click();

  // Undo restores the model: no problems, and export works again.
  await page.keyboard.press('Control+z');
  await expect(node(page, 'fc')).toHaveCount(1);
  await expect(problems).toHaveCount(0);
  await expect(node(page, 'output:logits')).not.toHaveAttribute('data-problem', /.*/);
  panel = await openExport(page);
  await expect(panel.getByTestId('export-download-model')).toBeEnabled();
  await expect(panel.getByTestId('export-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Close the export panel' }).click();
  await expect(entries).toHaveText([
    'Original',
    'Bypass "relu2"',
    'Rename node "conv1" to "first_conv"',
    'Delete "fc"',
  ]);
  await expect(history).toHaveAttribute('data-position', '2');

  // A reload keeps the history (done and undone), and undo still works after it.
  await saved(page);
  await page.reload();
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(entries).toHaveText([
    'Original',
    'Bypass "relu2"',
    'Rename node "conv1" to "first_conv"',
    'Delete "fc"',
  ]);
  await expect(history).toHaveAttribute('data-position', '2');
  await expect(node(page, 'relu2')).toHaveCount(0);
  await expect(node(page, 'conv1')).toContainText('first_conv');
  await page.keyboard.press('Control+z');
  await expect(node(page, 'conv1')).not.toContainText('first_conv');
  await expect(history).toHaveAttribute('data-position', '1');
});
