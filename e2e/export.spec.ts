import type { Download, Locator, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleWithInt8 } from './harness/journeys';
import { expect, test } from './helpers';

// The export panel in the built studio (issue 7): the sample's int8 variant, evaluated, exported as a C
// header that gcc compiles and that holds the model byte for byte, and as a bundle whose files are all
// there and whose report states the figures the studio shows.

const VARIANT = 'mnist-cnn.int8.onnx';
const ARRAY = 'mnist_cnn_int8_onnx';

async function saved(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

async function downloadOf(page: Page, button: Locator): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return download;
}

/** The exact figure of a model panel metric card. */
async function metric(page: Page, testId: string): Promise<number> {
  return Number(await page.getByTestId(testId).locator('[data-exact]').getAttribute('data-exact'));
}

/** Top-1 of the variant on 300 of the built-in digits, as the evaluate panel shows it (0..1). */
async function evaluateShown(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Evaluate' });
  await panel.getByRole('checkbox', { name: 'All samples' }).uncheck();
  await panel.getByRole('spinbutton', { name: 'Samples' }).fill('300');
  await panel.getByTestId('evaluate-run').click();
  const top1 = panel.getByTestId('evaluate-top1');
  await expect(top1).toBeVisible({ timeout: 60_000 });
  return Number(await top1.getAttribute('data-value'));
}

/** Compiles a C program that includes the header and writes the array back out; returns the bytes written. */
function compileAndRun(dir: string, header: string): Buffer {
  const program = join(dir, 'write_back.c');
  writeFileSync(
    program,
    [
      '#include <stdio.h>',
      `#include "${header}"`,
      'int main(int argc, char **argv) {',
      '  FILE *out = fopen(argv[argc - 1], "wb");',
      '  if (!out) return 1;',
      `  if ((((unsigned long)${ARRAY}) % ${ARRAY}_ALIGNMENT) != 0) return 2;`,
      `  fwrite(${ARRAY}, 1, ${ARRAY}_len, out);`,
      '  return fclose(out);',
      '}',
      '',
    ].join('\n'),
  );
  const flags = ['-Wall', '-Wextra', '-Werror'];
  // The header alone, as the issue asks, then a program using it.
  execFileSync('gcc', ['-std=c11', ...flags, '-c', '-x', 'c', join(dir, header), '-o', join(dir, 'header.o')]);
  execFileSync('g++', ['-std=c++17', ...flags, '-c', '-x', 'c++', join(dir, header), '-o', join(dir, 'header-cc.o')]);
  execFileSync('gcc', ['-std=c11', ...flags, program, '-o', join(dir, 'write_back')]);
  const written = join(dir, 'written.bin');
  execFileSync(join(dir, 'write_back'), [written]);
  return readFileSync(written);
}

test('export the int8 variant: header preview, a header gcc compiles, and a complete bundle', async ({
  page,
}, testInfo) => {
  await sampleWithInt8(page);
  await expect(page.getByTestId('model-file-name')).toHaveText(VARIANT);
  const top1 = await evaluateShown(page);

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Export' });
  await expect(panel).toBeVisible();
  // Opening it closed the evaluate drawer.
  await expect(page.getByRole('dialog', { name: 'Evaluate' })).toBeHidden();
  await expect(panel.getByTestId('export-file-name')).toHaveText(VARIANT);
  await expect(panel.getByTestId('export-member')).toHaveValue(/m\d+/);

  // The preview: the comment block, the include guard, the alignment on the array.
  const code = panel.getByTestId('export-header-preview');
  await expect(code).toContainText(`#ifndef ${ARRAY.toUpperCase()}_H_`);
  await expect(code).toContainText('#include <stdalign.h>');
  await expect(code).toContainText(`alignas(16) const unsigned char ${ARRAY}[] = {`);
  const fileSize = page.getByTestId('model-panel').locator('.sd-meta__row', { has: page.getByText('File size') });
  const fileBytes = Number((await fileSize.locator('dd').getAttribute('title'))!.replace(/\D/g, ''));
  const flash = Number(await panel.getByTestId('export-flash').getAttribute('data-exact'));
  expect(flash).toBe(Math.ceil(fileBytes / 16) * 16);
  await expect(panel.getByTestId('export-flash')).toHaveText(/^takes [\d.]+ kB of flash$/);
  const arena = Number(await panel.getByTestId('export-arena').getAttribute('data-exact'));
  expect(arena).toBeGreaterThanOrEqual(Math.ceil((await metric(page, 'metric-arena')) * 1.2));
  await expect(code).toContainText(`#define ${ARRAY}_ARENA_SIZE ${arena}`);

  // The header: gcc and g++ compile it; a program including it writes back the model byte for byte.
  const headerDownload = await downloadOf(page, panel.getByTestId('export-download-header'));
  expect(headerDownload.suggestedFilename()).toBe(`${ARRAY}.h`);
  const dir = testInfo.outputPath();
  writeFileSync(join(dir, `${ARRAY}.h`), await saved(headerDownload));
  const modelDownload = await downloadOf(page, panel.getByTestId('export-download-model'));
  expect(modelDownload.suggestedFilename()).toBe(VARIANT);
  const model = await saved(modelDownload);
  expect(model.byteLength).toBe(fileBytes);
  expect(compileAndRun(dir, `${ARRAY}.h`).equals(model)).toBe(true);

  // The bundle: every file, the model as downloaded, the charts the dock draws, and the studio's figures.
  await expect(panel.getByTestId('export-charts')).toHaveAttribute('data-status', 'included');
  const bundleDownload = await downloadOf(page, page.getByTestId('export-download-bundle'));
  expect(bundleDownload.suggestedFilename()).toBe('mnist-cnn.int8.bundle.zip');
  const bundle = await saved(bundleDownload);
  // Kept with the test's output, to look at by hand.
  writeFileSync(join(dir, 'mnist-cnn.int8.bundle.zip'), bundle);
  const entries = unzipSync(new Uint8Array(bundle));
  const names = Object.keys(entries).sort();
  for (const name of [VARIANT, `${ARRAY}.h`, 'report.md', 'report.json', 'examples/EXAMPLES.md'])
    expect(names).toContain(name);
  const charts = names.filter((n) => n.startsWith('charts/'));
  for (const chart of ['memory', 'weights', 'macs', 'sqnr'])
    expect(charts).toEqual(expect.arrayContaining([`charts/${chart}.svg`, `charts/${chart}.png`]));
  for (const name of charts.filter((n) => n.endsWith('.png')))
    expect(Buffer.from(entries[name]!.subarray(0, 8)).toString('hex'), name).toBe('89504e470d0a1a0a');
  expect(new TextDecoder().decode(entries['charts/memory.svg'])).toMatch(
    /<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
  );
  expect(Buffer.from(entries[VARIANT]!).equals(model)).toBe(true);
  expect(Buffer.from(entries[`${ARRAY}.h`]!).equals(await saved(headerDownload))).toBe(true);
  // The panel listed what the bundle holds, each with its size.
  const listed = await panel.getByTestId('export-files').locator('li').count();
  expect(listed).toBeGreaterThanOrEqual(5);

  const report = JSON.parse(new TextDecoder().decode(entries['report.json'])) as {
    summary: Record<string, number>;
    accuracy: { top1?: number; samples: number } | null;
    recipe: { kind: string; summary: string }[];
  };
  const studio = {
    params: await metric(page, 'metric-params'),
    weightBytes: await metric(page, 'metric-weights'),
    macs: await metric(page, 'metric-macs'),
    peakActivationBytes: await metric(page, 'metric-peak'),
    arenaBytes: await metric(page, 'metric-arena'),
  };
  expect(report.summary).toMatchObject(studio);
  expect(report.accuracy).toMatchObject({ samples: 300, top1 });
  expect(report.recipe[0]?.summary).toMatch(/^int8 static/);
  const markdown = new TextDecoder().decode(entries['report.md']);
  expect(markdown).toContain(VARIANT);
  console.log(
    `[export] ${VARIANT}: ${model.byteLength} B model, header ${entries[`${ARRAY}.h`]!.byteLength} B, flash ${flash} B, ` +
      `arena to reserve ${arena} B, bundle ${names.length} files; studio ${JSON.stringify(studio)}, top-1 ${top1}`,
  );

  // A bad option: alignment 3 is refused with a clear message, and nothing can be downloaded.
  await panel.getByTestId('export-alignment').fill('3');
  await expect(panel.getByTestId('export-alignment-error')).toHaveText(/power of two .* 3 is not/);
  await expect(page.getByTestId('export-download-bundle')).toBeDisabled();
  await expect(page.getByTestId('export-blocked')).toBeVisible();
  await expect(panel.getByTestId('export-download-header')).toHaveCount(0);
  await panel.getByTestId('export-alignment').fill('16');
  await expect(page.getByTestId('export-download-bundle')).toBeEnabled();
});
