/// <reference lib="dom" />
/**
 * End to end: report.html from a small real run, opened from disk in headless Chromium (Debian's
 * package, driven by playwright-core; no browser is ever downloaded) with every request that is
 * not a file: URL blocked. Every chart must render with no error and draw the same marks as the
 * Node rendering of its spec, a tooltip must appear on hover, and a screenshot is saved.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCharts } from '../../src/report/charts/run.js';
import { type TracedPerson } from '../../src/studies/trace.js';
import { buildRunReport } from '../../src/report/files.js';
import { renderChart } from '../../src/report/render.js';
import { smallRun } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!HAVE_CHROMIUM) {
  console.warn(`report browser test SKIPPED: ${CHROMIUM} not found. Install Debian's package: apt-get update && apt-get install -y chromium`);
}

const TRACES: TracedPerson[] = [
  {
    id: 17,
    lines: [
      { day: 5480, text: 'remanded in custody', kind: 'remand' },
      { day: 5530, text: 'sentenced to 240 days', kind: 'sentence' },
      { day: 5700, text: 'released on parole, housed, no job </script><script>alert(3)</script>', kind: 'release' },
    ],
  },
  { id: 42, lines: [{ day: 5600, text: 'sentenced to 90 days; waits at liberty', kind: 'sentence' }, { day: 5690, text: 'called in to serve', kind: 'remand' }] },
];

/** Marks per named layer of every view on the page, and the data marks its SVG holds. */
interface PageCounts {
  views: Record<string, Record<string, number>>;
  svgMarks: Record<string, number>;
  errors: string[];
}

describe('report.html in headless Chromium', () => {
  const cleanup: string[] = [];
  let context: BrowserContext | undefined;
  afterAll(async () => {
    await context?.close();
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  const title = 'renders every chart offline, with the expected marks and tooltips';
  it.skipIf(!HAVE_CHROMIUM)(HAVE_CHROMIUM ? title : `${title} — SKIPPED: ${CHROMIUM} not found (apt-get install -y chromium)`, async () => {
    // A hostile scenario name: the page must show it as text and run none of it.
    const run = smallRun({ name: '</script><script>alert(1)</script>', description: '<img src=x onerror=alert(2)>' });
    const files = await buildRunReport({ ...run, traces: TRACES });
    const folder = await mkdtemp(join(tmpdir(), 'corrsim-report-'));
    cleanup.push(folder);
    for (const f of files) {
      const path = join(folder, ...f.name.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content);
    }

    // What each chart should draw: its marks as rendered in Node from the same spec.
    const charts = runCharts(run.summary, run.results, { traces: TRACES });
    const expected: Record<string, Record<string, number>> = {};
    for (const c of charts) expected[c.name] = (await renderChart(c.spec)).marks;

    const profile = await mkdtemp(join(tmpdir(), 'corrsim-chromium-'));
    cleanup.push(profile);
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1100, height: 900 } });
    const blocked: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      // vega and vega-lite log their problems as console warnings (e.g. "WARN Infinite extent") or errors.
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await page.goto(pathToFileURL(join(folder, 'report.html')).href);
    await page.waitForFunction(() => document.body.getAttribute('data-charts') !== null, undefined, { timeout: 30_000 });

    const counts: PageCounts = await page.evaluate(() => {
      interface Mark {
        marktype: string;
        role: string;
        name?: string;
        items: Array<{ items?: Mark[] }>;
      }
      const w = window as unknown as { corrsimViews: Record<string, { scenegraph(): { root: Mark } }>; corrsimErrors: string[] };
      const views: Record<string, Record<string, number>> = {};
      for (const [name, view] of Object.entries(w.corrsimViews)) {
        const out: Record<string, number> = {};
        const visit = (mark: Mark): void => {
          if (mark.role === 'mark') {
            const key = (mark.name ?? mark.marktype).replace(/_marks$/, '');
            const pathLike = mark.marktype === 'line' || mark.marktype === 'area' || mark.marktype === 'trail';
            out[key] = (out[key] ?? 0) + (pathLike ? (mark.items.length > 0 ? 1 : 0) : mark.items.length);
          }
          for (const item of mark.items) if (Array.isArray(item.items)) item.items.forEach(visit);
        };
        visit(view.scenegraph().root);
        views[name] = out;
      }
      const svgMarks: Record<string, number> = {};
      for (const el of Array.from(document.querySelectorAll('.chart-view'))) {
        svgMarks[el.id.replace(/^chart-/, '')] = el.querySelectorAll('svg g.role-mark > *').length;
      }
      return { views, svgMarks, errors: w.corrsimErrors };
    });

    expect(dialogs).toEqual([]);
    expect(await page.locator('h1').textContent()).toBe('corrsim report: </script><script>alert(1)</script>');
    expect(counts.errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(blocked).toEqual([]);
    expect(requested.filter((u) => !u.startsWith('file:') && !u.startsWith('data:'))).toEqual([]);
    expect(Object.keys(counts.views).sort()).toEqual(charts.map((c) => c.name).sort());
    for (const c of charts) {
      expect(counts.views[c.name], c.name).toEqual(expected[c.name]);
      const total = Object.values(expected[c.name]).reduce((a, b) => a + b, 0);
      expect(total, `${c.name} draws something`).toBeGreaterThan(0);
      expect(counts.svgMarks[c.name], `${c.name}: SVG elements of data marks`).toBe(total);
    }
    // Known shapes: a line per level, a line per age band, a point per line of a story.
    expect(counts.views.population.mean).toBe(4);
    expect(counts.views.population.capacity).toBe(4);
    expect(counts.views['reconviction-age'].mean).toBe(3);
    expect(counts.views['life-stories'].events).toBe(5);
    expect(counts.views['life-stories'].lanes).toBe(2);

    // A tooltip on hover: over one of the population chart's points.
    await page.locator('#chart-population g.role-mark.mark-symbol path').nth(10).hover({ force: true });
    await page.waitForFunction(() => document.getElementById('vg-tooltip-element')?.classList.contains('visible') === true, undefined, { timeout: 5_000 });
    expect(await page.locator('#vg-tooltip-element').textContent()).toContain('Measured month');

    const screenshots = process.env.CORRSIM_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'corrsim-report-screenshot-')));
    await mkdir(screenshots, { recursive: true });
    const shot = join(screenshots, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report screenshot: ${shot}`);
    expect(existsSync(shot)).toBe(true);
  });
});
