import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleWithInt8 } from './harness/journeys';
import { expect, expectModelOpen, test } from './helpers';

// The memory view in the built studio (issue 8): its figures are `scaledown plan`'s for the same options,
// the board picker and its verdicts, the suggestions and Apply, the arena chart, and a variant followed.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE = join(root, 'public/samples/mnist-cnn.onnx');

interface PlanJson {
  readonly peakActivationBytes: number;
  readonly arenaBytes: number;
  readonly peakStep: number;
  readonly peakNode: string;
}

/** `scaledown plan SAMPLE --json` with extra flags, as a user runs it. */
function cliPlan(...flags: string[]): PlanJson {
  const out = execFileSync('node', [join(root, 'bin/scaledown.js'), 'plan', SAMPLE, '--json', ...flags], {
    cwd: root,
    encoding: 'utf8',
  });
  return JSON.parse(out) as PlanJson;
}

/**
 * Activations of known size in the sample, as the core plans them from the file (run through tsx like the
 * CLI: the ONNX reader's imports do not resolve in Playwright's loader).
 */
function knownActivations(): number {
  const code = [
    "import { readFileSync } from 'node:fs';",
    "import { readModel } from './src/core/formats/registry';",
    "import { analyzeModel } from './src/core/analysis/analyze';",
    `const model = readModel([{ name: 'mnist-cnn.onnx', bytes: new Uint8Array(readFileSync(${JSON.stringify(SAMPLE)})) }]);`,
    // A string: a number would be coloured under Playwright's FORCE_COLOR.
    'console.log(String(analyzeModel(model).activations.filter((a) => (a.bytes ?? 0) > 0).length));',
  ].join('\n');
  const out = execFileSync(join(root, 'node_modules/.bin/tsx'), ['-e', code], { cwd: root, encoding: 'utf8' });
  const count = Number(out.trim());
  if (!Number.isInteger(count)) throw new Error(`could not count the sample's activations: ${out}`);
  return count;
}

const exactIn = async (locator: Locator): Promise<number> =>
  Number(await locator.locator('[data-exact]').first().getAttribute('data-exact'));

/** Waits until the panel draws a current plan, and reads its headline figures. */
async function shownPlan(panel: Locator): Promise<Omit<PlanJson, 'peakNode'> & { text: string }> {
  await expect(panel.getByTestId('memory-plan')).toHaveAttribute('data-stale', 'false');
  await expect(panel.getByTestId('memory-status')).toHaveAttribute('data-status', 'ready');
  return {
    peakActivationBytes: await exactIn(panel.getByTestId('memory-peak')),
    arenaBytes: await exactIn(panel.getByTestId('memory-arena-bytes')),
    peakStep: Number(await panel.getByTestId('memory-peak-step').getAttribute('data-step')),
    text: (await panel.getByTestId('memory-peak-step').textContent()) ?? '',
  };
}

async function openMemory(page: Page): Promise<Locator> {
  await page.keyboard.press('m');
  const panel = page.getByRole('dialog', { name: 'Memory' });
  await expect(panel).toBeVisible();
  return panel;
}

test('the memory view agrees with scaledown plan, checks boards, applies suggestions, follows a variant', async ({
  page,
}) => {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  const panel = await openMemory(page);
  await expect(panel.getByTestId('memory-file-name')).toHaveText('mnist-cnn.onnx');

  // Default options: the CLI's figures, the peak at its node.
  const stored = cliPlan();
  const shown = await shownPlan(panel);
  expect({ ...shown, text: undefined }).toEqual({
    peakActivationBytes: stored.peakActivationBytes,
    arenaBytes: stored.arenaBytes,
    peakStep: stored.peakStep,
    text: undefined,
  });
  expect(shown.text).toContain(stored.peakNode);

  // One rectangle per activation of known size, as the core plans them from the file.
  await expect(panel.getByTestId('memory-arena-band')).toHaveCount(knownActivations());
  await expect(panel.getByTestId('memory-timeline')).toBeVisible();

  // Activations as int8: the CLI's --activation-dtype int8 figures.
  await panel.getByTestId('memory-dtype').getByRole('radio', { name: /int8/ }).check();
  await expect(panel.getByTestId('memory-plan')).toHaveAttribute('data-stale', 'true');
  const int8 = cliPlan('--activation-dtype', 'int8');
  const shownInt8 = await shownPlan(panel);
  expect([shownInt8.peakActivationBytes, shownInt8.arenaBytes, shownInt8.peakStep]).toEqual([
    int8.peakActivationBytes,
    int8.arenaBytes,
    int8.peakStep,
  ]);

  // An Arduino Uno (2 KiB of SRAM): does not fit, and the panel says what would help.
  await panel.getByTestId('memory-device').selectOption('Arduino Uno');
  await expect(panel.getByTestId('memory-verdict-sram')).toHaveText(/^does not fit/);
  await expect(panel.getByTestId('memory-fit-sram')).toHaveAttribute('data-fits', 'false');
  await expect(panel.getByTestId('memory-suggestion').first()).toBeVisible();
  await shownPlan(panel);

  // Applying a suggestion re-plans with its options: the SRAM need drops.
  const needBefore = Number(await panel.getByTestId('memory-fit-sram').getAttribute('data-need'));
  const applicable = panel.getByTestId('memory-suggestion').filter({ has: page.getByTestId('memory-apply') });
  await applicable.first().getByTestId('memory-apply').click();
  await expect
    .poll(async () => Number(await panel.getByTestId('memory-fit-sram').getAttribute('data-need')))
    .toBeLessThan(needBefore);
  const applied = await shownPlan(panel);
  expect(applied.arenaBytes).toBeLessThan(shownInt8.arenaBytes);

  // A custom board with plenty of both: fits.
  await panel.getByTestId('memory-device').selectOption({ label: 'Custom…' });
  await panel.getByTestId('memory-custom-sram').fill('64M');
  await panel.getByTestId('memory-custom-flash').fill('64M');
  await expect(panel.getByTestId('memory-fit-sram')).toHaveAttribute('data-fits', 'true');
  await expect(panel.getByTestId('memory-fit-flash')).toHaveAttribute('data-fits', 'true');
  await expect(panel.getByTestId('memory-verdict-flash')).toHaveText(/^fits/);

  // Show peak on graph selects the node at the peak.
  await panel.getByTestId('memory-show-peak').click();
  await expect(page.getByTestId('graph-tint-legend')).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Inspector' })).toContainText(applied.text.split(': ').at(-1)!);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();

  // An int8 variant: the panel follows it, and the custom board was remembered across the reload.
  await sampleWithInt8(page);
  await expect(page.getByTestId('model-file-name')).toHaveText('mnist-cnn.int8.onnx');
  const again = await openMemory(page);
  await expect(again.getByTestId('memory-file-name')).toHaveText('mnist-cnn.int8.onnx');
  await expect(again.getByTestId('memory-custom-sram')).toHaveValue('64M');
  const variant = await shownPlan(again);
  const variantId = await again.getByTestId('memory-plan').getAttribute('data-model');
  // Default options again (a new page): the studio's own analysis of the variant.
  expect(variant.peakActivationBytes).toBe(await exactIn(page.getByTestId('metric-peak')));
  expect(variant.arenaBytes).toBe(await exactIn(page.getByTestId('metric-arena')));
  await expect(again.getByTestId('memory-arena-band').first()).toBeVisible();

  // Back to the original: its plan, the CLI's figures once more.
  await page.getByRole('tab', { name: 'Original' }).click();
  await expect(again.getByTestId('memory-file-name')).toHaveText('mnist-cnn.onnx');
  await expect(again.getByTestId('memory-plan')).not.toHaveAttribute('data-model', variantId!);
  const original = await shownPlan(again);
  expect([original.peakActivationBytes, original.arenaBytes]).toEqual([stored.peakActivationBytes, stored.arenaBytes]);
});
