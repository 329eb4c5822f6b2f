#!/usr/bin/env node
/**
 * The README's screenshot of the seminar page (docs/img/seminar.png): the page of dist/web in
 * Debian's headless Chromium, 200 high-security places closed, run and compared with the baseline.
 *
 *   npm run build && npm run build:web && node web/screenshot.mjs [OUT.png]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs', 'img', 'seminar.png'));
const { serveFolder } = await import(join(root, 'dist', 'src', 'cli', 'static-server.js'));
const server = await serveFolder(join(root, 'dist', 'web'), 0);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 0.7 });
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 120_000 });
  await page.fill('#replications', '4');
  await page.fill('#years', '3');
  await page.fill('#stories', '2');
  await page.fill('#lever-facilities-1-capacity', '1450');
  await page.click('#run');
  await page.waitForFunction(() => document.body.dataset.done === '1', undefined, { timeout: 900_000 });
  await page.click('#compare');
  await page.waitForFunction(() => document.body.dataset.done === '2', undefined, { timeout: 900_000 });
  await page.waitForTimeout(500);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  process.stderr.write(`screenshot: ${out}\n`);
} finally {
  await browser.close();
  await server.close();
}
