import type { Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { sampleWithInt8 } from './harness/journeys';
import { corpusFile, dropFiles, expect, expectModelOpen, fromDisk, test } from './helpers';

// The session kept across a reload (IndexedDB) and moved as a project file (.zip), in the built studio:
// the family, the variant's quantize report and metrics, evaluations and the shown member all come back.

const DENSENET = 'models/onnx/onnx_light_densenet121.onnx';

/** Opens the sample CNN and quantizes it to int8 on the built-in digits; the variant is shown. */
async function sampleWithInt8Shown(page: Page): Promise<void> {
  await sampleWithInt8(page);
  await page.getByRole('button', { name: 'Close the quantize panel' }).click();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true');
}

/** Waits until the session as it is now has been written to the browser's storage. */
async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
  // A save may be scheduled right after the last one: let it settle and check again.
  await page.waitForTimeout(400);
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'saved');
}

/** How many members' model files the browser's storage holds. */
function storedModels(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('scaledown-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('files').objectStore('files').count();
          count.onerror = () => reject(count.error);
          count.onsuccess = () => {
            resolve(count.result);
            open.result.close();
          };
        };
      }),
  );
}

/** What the variant shows that only its quantize report and summary can tell. */
async function variantFacts(page: Page) {
  return {
    file: await page.getByTestId('model-file-name').textContent(),
    size: await page.getByTestId('variant-file-size').getAttribute('title'),
    worst: await page.getByTestId('variant-worst-layer').textContent(),
    sqnrBars: await page.getByTestId('chart-sqnr-bar').count(),
    summary: (await page.getByTestId('variant-summary').innerText()).replace(/\s+/g, ' '),
    recipe: await page.getByTestId('variant-recipe').textContent(),
    metrics: await page.locator('[data-testid^="metric-"]').allInnerTexts(),
  };
}

async function sessionMenu(page: Page, item: RegExp): Promise<void> {
  await page.getByRole('button', { name: /^Session/ }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('a reload brings back the family: both tabs, the variant’s report and metrics, the evaluations', async ({
  page,
}, testInfo) => {
  await sampleWithInt8Shown(page);
  // The address no longer asks for the sample, so a reload restores the session instead.
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Evaluate' });
  await panel.getByRole('radio', { name: /Evaluate all/ }).check();
  await panel.getByTestId('evaluate-run').click();
  await expect(panel.getByTestId('evaluate-outcome')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const family = (await panel.getByTestId('evaluate-family').innerText()).replace(/\s+/g, ' ');
  await page.getByRole('button', { name: 'Close the evaluate panel' }).click();
  await page.getByTestId('chart-sqnr-bar').first().waitFor();
  const before = await variantFacts(page);
  await saved(page);
  expect(await storedModels(page)).toBe(2);

  const started = Date.now();
  await page.reload();
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true');
  await expectModelOpen(page, 'mnist-cnn.int8.onnx');
  const restoreMs = Date.now() - started;
  await expect(page.getByRole('tab')).toHaveText(['Original', 'int8 static']);
  await expect(page.getByTestId('chart-sqnr-bar')).toHaveCount(before.sqnrBars);
  expect(await variantFacts(page)).toEqual(before);

  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  await expect(panel.getByTestId('evaluate-family-row')).toHaveCount(2);
  expect((await panel.getByTestId('evaluate-family').innerText()).replace(/\s+/g, ' ')).toBe(family);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  // The original comes back as it was too, with its sample card.
  await page.getByRole('tab', { name: 'Original' }).click();
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(page.getByTestId('sample-accuracy')).toBeVisible();

  // Another model replaces the session: the old family's files go.
  await page.getByRole('button', { name: /^Samples/ }).click();
  await page.getByRole('menuitem', { name: /LeNet-300-100/ }).click();
  await expectModelOpen(page, 'lenet-300-100.onnx');
  await saved(page);
  expect(await storedModels(page)).toBe(1);
  const note = `reload → family shown again in ${restoreMs} ms (page load included)`;
  testInfo.annotations.push({ type: 'performance', description: note });
  console.log(`[persistence] sample: ${note}`);
});

test('export a project, start a new session, import it back: the family returns', async ({ page }) => {
  await sampleWithInt8Shown(page);
  const before = await variantFacts(page);
  const [download] = await Promise.all([page.waitForEvent('download'), sessionMenu(page, /Export project/)]);
  expect(download.suggestedFilename()).toBe('mnist-cnn.scaledown.zip');
  const zip = readFileSync((await download.path())!);

  await sessionMenu(page, /New session/);
  await expect(page.getByRole('heading', { name: 'Open a model' })).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(0);
  // Nothing is kept any more (once the storage is cleared): a reload starts from the default sample, alone.
  await expect.poll(() => storedModels(page)).toBe(0);
  await page.reload();
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(page.getByRole('tab')).toHaveCount(0);

  await page.getByTestId('project-input').setInputFiles({
    name: 'mnist-cnn.scaledown.zip',
    mimeType: 'application/zip',
    buffer: zip,
  });
  await expect(page.getByRole('tab', { name: 'int8 static' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab')).toHaveText(['Original', 'int8 static']);
  await expect(page.getByTestId('chart-sqnr-bar')).toHaveCount(before.sqnrBars);
  expect(await variantFacts(page)).toEqual(before);

  // The imported session is now the one kept: a reload brings it back.
  await saved(page);
  await page.reload();
  await expect(page.getByRole('tab')).toHaveText(['Original', 'int8 static']);
});

test('a damaged or foreign zip is refused with the file named; the open model stays', async ({ page }) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  const banner = page.getByTestId('error-banner');

  await dropFiles(page, [{ name: 'broken.scaledown.zip', bytes: new Uint8Array([80, 75, 3, 4, 1, 2, 3, 4, 5]) }]);
  await expect(banner).toHaveAttribute('data-code', 'invalid-project');
  await expect(banner).toContainText('broken.scaledown.zip is not a ScaleDown project the studio can open.');
  await expect(banner).toContainText('not a readable zip archive');
  await expectModelOpen(page, 'mnist-cnn.onnx');

  const photos = zipSync({ 'cats/1.png': new Uint8Array([137, 80, 78, 71]) });
  await page
    .getByTestId('project-input')
    .setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: Buffer.from(photos) });
  await expect(banner).toContainText('photos.zip: it is a zip archive but not a ScaleDown project');
  await expectModelOpen(page, 'mnist-cnn.onnx');
});

test('light DenseNet-121 comes back after a reload with its saved layout', async ({ page }, testInfo) => {
  const path = corpusFile(DENSENET);
  test.skip(!path, `the shared corpus is absent (${DENSENET}); set CORPUS_DIR to run this test`);
  await page.goto('/?blank');
  let started = Date.now();
  await dropFiles(page, [fromDisk(path!)]);
  await expectModelOpen(page, 'onnx_light_densenet121.onnx');
  const openMs = Date.now() - started;
  // "laid out in … (ELK …)": the layout run's own record, which a restore brings back instead of a new run.
  const laidOut = (await page.getByTestId('timings').textContent())?.replace(/^.*, laid out/, 'laid out');
  await saved(page);
  started = Date.now();
  await page.reload();
  await expectModelOpen(page, 'onnx_light_densenet121.onnx');
  const restoreMs = Date.now() - started;
  await expect(page.getByTestId('model-panel')).toContainText('1,746');
  await expect(page.getByTestId('timings')).toContainText(laidOut!);
  const note = `open+layout ${openMs} ms; reload → restored ${restoreMs} ms (page load included)`;
  testInfo.annotations.push({ type: 'performance', description: note });
  console.log(`[persistence] densenet: ${note}`);
});

test('without IndexedDB (some private modes) the studio works and says the session is not kept', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await sampleWithInt8Shown(page);
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('session-notice')).toContainText('does not let the studio keep the session');
  // The project file still works (Ctrl+S exports it).
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  expect(download.suggestedFilename()).toBe('mnist-cnn.scaledown.zip');
  await page.getByRole('button', { name: 'Dismiss the session notice' }).click();
  await expect(page.getByTestId('session-notice')).toHaveCount(0);
});

test('when the storage is full, the session is not kept half-saved and the user is told', async ({ page }) => {
  // Model files are the big writes: the browser refuses them as it would past its quota.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'files') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(page.getByTestId('session-status')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('session-notice')).toContainText("too large for the browser's storage");
  // Nothing was kept: a reload opens the default sample afresh, with no error.
  await page.reload();
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('a saved session that cannot come back is reported, and New session forgets it', async ({ page }) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await saved(page);
  // Damage the stored model file, as a disk error or an old incompatible save would.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('scaledown-studio');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('files', 'readwrite');
          const files = tx.objectStore('files');
          const cursor = files.openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (!c) return;
            c.update({ files: [{ name: 'mnist-cnn.onnx', bytes: new Uint8Array([1, 2, 3]).buffer }] });
            c.continue();
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-code', 'session-not-restored');
  await expect(banner).toContainText('The session saved in this browser could not be restored.');
  await expect(banner).toContainText('mnist-cnn.onnx');
  await expect(page.getByRole('heading', { name: 'Open a model' })).toBeVisible();
  await sessionMenu(page, /New session/);
  // Forgetting is asynchronous (IndexedDB): reload once the damaged files are gone.
  await expect.poll(() => storedModels(page)).toBe(0);
  await page.reload();
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await expect(banner).toHaveCount(0);
});
