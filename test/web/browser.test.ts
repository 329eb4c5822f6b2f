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
 * "The same answers" means byte-identical: the model computes its elementary functions itself
 * (src/engine/portable-math.ts), so Chromium's V8, whose Math.log, exp, pow, sin and cos differ from
 * Node 20's in the last bit for some arguments, gives `corrsim run`'s metrics exactly. The images of
 * a chart (PNG, SVG), the scenario as YAML (run by `corrsim run`), and a replication that fails (its
 * number and seed shown, the page working on) are checked too.
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

/** JSON text of a value, for a comparison down to the last digit printed. */
function jsonOf(value: unknown): string {
  return JSON.stringify(value);
}

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!HAVE_CHROMIUM) {
  console.warn(`seminar browser test SKIPPED: ${CHROMIUM} not found. Install Debian's package: apt-get update && apt-get install -y chromium`);
}

async function downloadFrom(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const bytes = await readFile(await file.path());
  return { name: file.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer; text: string }> {
  return downloadFrom(page, () => page.getByRole('button', { name: button }).click());
}

/**
 * Makes the page's replication workers fail replication `replication` while window.__corrsimFail is
 * true: its task reaches the worker with a horizon of −1 years, which the model refuses (as it
 * would any bad horizon), so the worker reports an error for that replication.
 */
function failingReplicas(replication: number): string {
  return `(() => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) {
      if (window.__corrsimFail && message && message.type === 'task' && message.task.replication === ${replication}) message = { ...message, task: { ...message.task, years: -1 } };
      return post.call(this, message, ...rest);
    };
  })();`;
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
    await page.addInitScript(failingReplicas(1));
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
    // A share above 1 and a horizon of 0 years: each refused beside its own field, then put right.
    const parole = page.getByRole('spinbutton', { name: /Parole after this share served/ });
    await parole.fill('1.5');
    await expect.poll(() => page.locator('#msg-parole-afterShareServed').textContent()).toBe('expected a number > 0 and <= 1, found 1.5');
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await parole.fill('0.666667');
    await expect.poll(() => page.locator('#msg-parole-afterShareServed').textContent()).toBe('');
    await page.getByRole('button', { name: 'Reset Parole after this share served to the baseline' }).click();
    await page.getByLabel('Years', { exact: true }).fill('0');
    await expect.poll(() => page.locator('#msg-years').textContent()).toMatch(/^expected a whole number from 1 to \d+, found 0$/);
    expect(await page.locator('#msg-programs-education-slots').textContent()).toBe('');
    expect(await page.locator('#run').isDisabled()).toBe(true);
    await page.getByLabel('Years', { exact: true }).fill('1');
    await expect.poll(() => page.locator('#msg-years').textContent()).toBe('');
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
    // Byte-identical: every metric's every figure, and the events simulated.
    expect(summary.performance.events).toBe(expected.performance.events);
    expect(summary.metrics).toEqual(expected.metrics);
    expect(jsonOf(summary.metrics)).toBe(jsonOf(expected.metrics));
    const csv = await download(page, 'Run: replications.csv');
    expect(csv.name).toBe('replications.csv');
    expect(csv.text).toBe(await readFile(join(dir, 'run', 'replications.csv'), 'utf8'));
    expect(csv.text.trim().split('\n').length).toBe(3);
    const series = await download(page, 'Run: timeseries.csv');
    expect(series.text).toBe(await readFile(join(dir, 'run', 'timeseries.csv'), 'utf8'));

    // A chart as images: a PNG (its signature, a size) and an SVG (a whole <svg> with the chart's marks).
    const png = await downloadFrom(page, () => page.locator('#chart-population .chart-tools button[data-image=png]').click());
    expect(png.name).toBe('population.png');
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(400); // width, in pixels (drawn at twice the size)
    const svg = await downloadFrom(page, () => page.locator('#chart-queue .chart-tools button[data-image=svg]').click());
    expect(svg.name).toBe('sentence-queue.svg');
    expect(svg.text).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.text.trim().endsWith('</svg>')).toBe(true);
    expect(svg.text).toContain('role-mark');

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
    // corrsim run takes the YAML: the same levers as the page's Run, so the same metrics as its summary.json.
    const fromYaml = await cli(['run', join(dir, yaml.name), '-n', '2', '-s', '1', '--years', '1', '--census', join(web, 'census-norway-baseline.csv'), '--stories', '0', '-o', join(dir, 'yaml-run'), '--quiet']);
    expect(fromYaml.code, fromYaml.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'yaml-run', 'summary.json'), 'utf8')).metrics).toEqual(summary.metrics);
    // And corrsim compare, as the page prints it, gives the page's comparison.
    const compareArgs = (await page.locator('#compare-command').textContent())!.split(' ').slice(1).map((w) => (w === 'census-norway-baseline.csv' ? join(web, w) : w === yaml.name ? join(dir, yaml.name) : w));
    const cliCompare = await cli([...compareArgs, '-o', join(dir, 'compare'), '--quiet']);
    expect(cliCompare.code, cliCompare.stderr).toBe(0);
    const expectedComparison = JSON.parse(await readFile(join(dir, 'compare', 'comparison.json'), 'utf8'));
    expect(comparison.comparisons).toEqual(expectedComparison.comparisons);

    // A replication that fails: which one and its seed are shown, the others' figures too, and the page runs on.
    await page.evaluate(() => ((window as unknown as { __corrsimFail: boolean }).__corrsimFail = true));
    await page.getByLabel('Replications', { exact: true }).fill('3');
    await page.locator('#run').click();
    await page.waitForFunction(() => document.body.dataset.done === '3', undefined, { timeout: 240_000 });
    expect(await page.locator('#failures').textContent()).toMatch(/^Replication 1 \(seed 1\) failed: until -365\.25 is before now \(0\)$/);
    expect(await page.locator('#status').textContent()).toMatch(/with 1 failed replication/);
    expect(await page.locator('#run-table tr[data-metric=population_total] td').first().textContent()).toMatch(/^\d{1,2},\d{3}$/);
    expect(await page.locator('#run').isEnabled()).toBe(true);
    await page.evaluate(() => ((window as unknown as { __corrsimFail: boolean }).__corrsimFail = false));
    await page.getByLabel('Replications', { exact: true }).fill('2');
    await page.locator('#run').click();
    await page.waitForFunction(() => document.body.dataset.done === '4', undefined, { timeout: 240_000 });
    expect(await page.locator('#status').textContent()).toMatch(/^Done in/);
    expect(await page.locator('#failures').textContent()).toBe('');

    // Stop: the replications running finish, no more start, the page says so and keeps working.
    await page.getByLabel('Replications', { exact: true }).fill('12');
    await page.locator('#run').click();
    await page.waitForFunction(() => document.body.dataset.state === 'running');
    await page.locator('#stop').click();
    await page.waitForFunction(() => document.body.dataset.done === '5', undefined, { timeout: 240_000 });
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
