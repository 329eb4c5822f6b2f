/// <reference lib="dom" />
/**
 * The seminar page in a real browser: `corrsim seminar` serves dist/web (built from the current
 * sources) and Debian's Chromium, driven by playwright-core (no browser is ever downloaded), opens
 * it with every request off 127.0.0.1 blocked. A lever is moved (and first given a wrong value,
 * which the schema's message beside it refuses), the page runs, the charts render and life stories
 * appear; the summary.json it offers holds the very metrics `corrsim run` gives for the command
 * line it prints (same scenario, overrides, seed, replications and census: the bundled code gives
 * the CLI's answers); the CSV is checked; Compare shows paired differences; Stop stops; and nothing
 * is logged as an error.
 *
 * "The same answers" in Chromium means the same scenario, census and seeds, the same number of
 * events to 0.1% and every metric's mean within 2% (of its size, or 0.01 for a share): not
 * byte-identical. Chromium's V8 computes Math.log, Math.exp, Math.pow, Math.sin and Math.cos
 * differently from Node 20's in the last bit for a few percent of arguments (both within the
 * standard's accuracy), and now and then that bit tips a random decision of one person. The bundled
 * worker code itself gives the command line's numbers exactly when it runs on Node's V8
 * (test/web/bundle.test.ts); byte-identical answers in every browser need the model to use its own
 * portable elementary functions (docs/seminar.md, "Same answers").
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { cli } from '../cli/capture.js';
import { ensureWebBuilt } from './built.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!HAVE_CHROMIUM) {
  console.warn(`seminar browser test SKIPPED: ${CHROMIUM} not found. Install Debian's package: apt-get update && apt-get install -y chromium`);
}

/** Each metric's mean as close as the top of this file says; the largest gap, for the log. */
function expectCloseMetrics(actual: Record<string, { mean: number | null }>, expected: Record<string, { mean: number | null }>): { metric: string; gap: number } {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  let worst = { metric: '', gap: 0 };
  for (const [metric, e] of Object.entries(expected)) {
    const a = actual[metric].mean;
    if (e.mean === null || a === null) {
      expect(a, metric).toBe(e.mean);
      continue;
    }
    const gap = Math.abs(a - e.mean) / Math.max(Math.abs(e.mean), Math.abs(a), 1e-12);
    const allowed = Math.max(0.02 * Math.max(Math.abs(e.mean), Math.abs(a)), Math.abs(e.mean) <= 1 ? 0.01 : 0);
    expect(Math.abs(a - e.mean), `${metric}: page ${a}, corrsim run ${e.mean}`).toBeLessThanOrEqual(allowed);
    if (gap > worst.gap) worst = { metric, gap };
  }
  return worst;
}

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

describe('the seminar page in headless Chromium', () => {
  const cleanup: string[] = [];
  let browser: Browser | undefined;
  const stop = new AbortController();
  let server: Promise<{ code: number; stdout: string; stderr: string }> | undefined;
  afterAll(async () => {
    await browser?.close();
    stop.abort();
    if (server !== undefined) expect((await server).code).toBe(0);
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  const title = 'moves a lever, runs, shows charts and life stories, gives corrsim run’s numbers, compares and stops';
  it.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? title : `${title} — SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)`, async () => {
    const web = await ensureWebBuilt();
    let printed = '';
    server = cli(['seminar', '--quiet'], { stdout: { write: (t: string) => (printed += t) }, interrupt: stop.signal });
    for (let i = 0; i < 200 && !/http:\/\/\S+/.test(printed); i++) await new Promise((r) => setTimeout(r, 50));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(printed)?.[0];
    expect(url, printed).toBeDefined();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url!) || u.startsWith('blob:') || u.startsWith('data:') || u.startsWith('file:')) return route.continue();
      blocked.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(url!);
    await page.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 60_000 });
    expect(await page.locator('#scenario').inputValue()).toBe('norway-baseline');

    // Small settings, a wrong value first: the schema's message beside the lever, and no Run.
    await page.getByLabel('Replications', { exact: true }).fill('2');
    await page.getByLabel('Years', { exact: true }).fill('1');
    await page.getByLabel('Life stories', { exact: true }).fill('2');
    const education = page.getByRole('spinbutton', { name: /School \(education\) places/ });
    await education.fill('-5');
    await expect.poll(() => page.locator('#msg-programs-education-slots').textContent()).toBe('expected a whole number >= 0, found -5');
    expect(await education.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await education.fill('1400');
    await expect.poll(() => page.locator('#msg-programs-education-slots').textContent()).toBe('');
    await page.getByRole('spinbutton', { name: /Places: High-security prisons/ }).fill('1450');
    expect(await page.locator('#run').isEnabled()).toBe(true);
    const command = (await page.locator('#command').textContent())!;
    expect(command).toBe('corrsim run norway-baseline --set facilities.1.capacity=1450 --set programs.education.slots=1400 -n 2 -s 1 --years 1 --census census-norway-baseline.csv --stories 2');

    // Run: charts, the figures, life stories.
    await page.locator('#run').click();
    await page.waitForFunction(() => document.body.dataset.done === '1', undefined, { timeout: 240_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Done in/);
    expect(await page.locator('#chart-population svg .role-mark path, #chart-population svg .role-mark line').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-queue svg .role-mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#run-table tr[data-metric=population_total] td').first().textContent()).toMatch(/^\d{1,2},\d{3}$/);
    expect(await page.locator('#story-list article').count()).toBe(2);
    expect(await page.locator('#story-list article').first().locator('li').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-stories svg .role-mark').count()).toBeGreaterThan(0);

    // The same answers as the command line it printed.
    const summary = JSON.parse((await download(page, 'Run: summary.json')).text);
    const dir = await mkdtemp(join(tmpdir(), 'corrsim-seminar-browser-'));
    cleanup.push(dir);
    const args = command.split(' ').slice(1).map((w) => (w === 'census-norway-baseline.csv' ? join(web, w) : w));
    const cliRun = await cli([...args, '-o', join(dir, 'run'), '--quiet']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    const expected = JSON.parse(await readFile(join(dir, 'run', 'summary.json'), 'utf8'));
    expect(summary.scenario.sha256).toBe(expected.scenario.sha256);
    expect(summary.census).toEqual(expected.census);
    expect(summary.replications).toBe(2);
    expect(Math.abs(summary.performance.events - expected.performance.events)).toBeLessThanOrEqual(0.001 * expected.performance.events);
    const worst = expectCloseMetrics(summary.metrics, expected.metrics);
    const same = Object.keys(expected.metrics).filter((m) => summary.metrics[m].mean === expected.metrics[m].mean).length;
    console.log(`seminar page vs corrsim run: events ${summary.performance.events} vs ${expected.performance.events}; ${same} of ${Object.keys(expected.metrics).length} metric means bit-identical; largest gap ${worst.metric} ${(worst.gap * 100).toFixed(3)}%`);
    const csv = await download(page, 'Run: replications.csv');
    const header = (text: string) => text.split('\n')[0];
    expect(header(csv.text)).toBe(header(await readFile(join(dir, 'run', 'replications.csv'), 'utf8')));
    expect(csv.text.trim().split('\n').length).toBe(3);

    // Compare: paired differences with intervals, a forest plot, the YAML that reproduces it.
    await page.locator('#compare').click();
    await page.waitForFunction(() => document.body.dataset.done === '2', undefined, { timeout: 240_000 });
    expect(await page.locator('#compare-table tr[data-metric=education_completion_rate] td').count()).toBe(5);
    expect(await page.locator('#compare-summary').textContent()).toContain('same random numbers');
    expect(await page.locator('#chart-forest svg .role-mark').count()).toBeGreaterThan(0);
    const comparison = JSON.parse((await download(page, 'Compare: comparison.json')).text);
    expect(comparison.replications).toBe(2);
    // 200 high-security places fewer: the queue to serve grows in every replication.
    expect(comparison.comparisons[0].metrics.sentence_queue.difference.mean).toBeGreaterThan(0);
    const yaml = await download(page, 'Scenario (norway-baseline-changed.yaml)');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, yaml.name), yaml.text);
    const resolved = loadScenario(join(dir, yaml.name));
    expect(resolved.ok ? resolved.sha256 : resolved.errors).toBe(comparison.policies[0].sha256);

    // Stop: the replications running finish, no more start, the page says so and keeps working.
    await page.getByLabel('Replications', { exact: true }).fill('12');
    await page.locator('#run').click();
    await page.waitForFunction(() => document.body.dataset.state === 'running');
    await page.locator('#stop').click();
    await page.waitForFunction(() => document.body.dataset.done === '3', undefined, { timeout: 240_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Stopped in/);
    expect(await page.locator('#run').isEnabled()).toBe(true);

    // Opened from disk, with no server: the page still runs (its workers start from Blob URLs, by the page).
    const fromDisk = await context.newPage();
    fromDisk.on('pageerror', (e) => problems.push(`from disk: ${String(e)}`));
    await fromDisk.goto(pathToFileURL(join(web, 'index.html')).href);
    await fromDisk.waitForFunction(() => document.body.dataset.state === 'idle', undefined, { timeout: 60_000 });
    await fromDisk.getByLabel('Replications', { exact: true }).fill('2');
    await fromDisk.getByLabel('Years', { exact: true }).fill('1');
    await fromDisk.getByLabel('Life stories', { exact: true }).fill('0');
    await fromDisk.locator('#run').click();
    await fromDisk.waitForFunction(() => document.body.dataset.done === '1', undefined, { timeout: 240_000 });
    expect(await fromDisk.locator('#status').textContent()).toMatch(/^Done in/);
    expect(await fromDisk.locator('#run-table tr[data-metric=population_total] td').first().textContent()).toMatch(/^\d{1,2},\d{3}$/);

    if (process.env.CORRSIM_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.CORRSIM_SCREENSHOT_DIR, 'seminar-test.png'), fullPage: true });
    expect(blocked).toEqual([]);
    expect(problems).toEqual([]);
  }, 600_000);
});
