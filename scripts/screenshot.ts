// Takes docs/screenshot.png for the README: the built app in Chromium with the first gallery sample
// open and a Conv node selected. Usage: `npx tsx scripts/screenshot.ts [--no-build] [--out PATH]`.
// Chromium comes from CHROMIUM_PATH (default /usr/bin/chromium, Debian's package; DESIGN.md "Tools").
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(root, outIndex >= 0 ? (args[outIndex + 1] ?? '') : 'docs/screenshot.png');

async function main(): Promise<void> {
  if (!args.includes('--no-build')) await build({ root, logLevel: 'warn' });
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 4175, strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(url);
    const conv = page.getByTestId('graph-node').filter({ has: page.getByText('Conv', { exact: true }) });
    await conv.first().waitFor({ timeout: 60_000 });
    await conv.nth(1).or(conv.first()).first().click();
    await page.getByTestId('weight-histogram').first().locator('svg').waitFor({ timeout: 30_000 });
    await page.getByTestId('memory-peak').waitFor({ timeout: 30_000 });
    // Let the centring animation and the charts settle.
    await page.waitForTimeout(800);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
