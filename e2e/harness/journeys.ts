// Steps several studio journeys share.
import type { Page } from '@playwright/test';
import { expect, expectModelOpen } from '../helpers';

/** Opens the sample CNN, quantizes it to int8 on the built-in digits, and waits until the variant is made. */
export async function sampleWithInt8(page: Page): Promise<void> {
  await page.goto('/?sample=mnist-cnn');
  await expectModelOpen(page, 'mnist-cnn.onnx');
  await page.getByRole('button', { name: 'Quantize', exact: true }).click();
  const quantize = page.getByRole('dialog', { name: 'Quantize' });
  await quantize.getByTestId('quantize-run').click();
  await expect(quantize.getByTestId('quantize-outcome')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
}
