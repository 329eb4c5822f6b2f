/**
 * The seminar page's speed in headless Chromium (Debian's, driven by playwright-core): the page of
 * dist/web (npm run build:web) served by corrsim's loopback server, the baseline run from the
 * shipped census on one Web Worker per core, against the same run on Node's worker threads (what
 * `corrsim run … --census census-norway-baseline.csv` does, without writing the report). Issue 11's
 * targets: a first result within 2 s of pressing Run, 10 years × 10 replications within 30 s on a
 * 2-core laptop.
 */
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveFolder } from '../src/cli/static-server.js';
import { nodeRunner } from '../src/experiments/pool.node.js';
import { corrsimVersion, loadScenario, packageRoot, readCensusFile } from '../src/scenario/files.node.js';
import { runStudy } from '../src/studies/run.js';
import { formatFixed, type BenchSection, type SectionResult } from './util.js';

const CHROMIUM = '/usr/bin/chromium';
const CENSUS = 'census-norway-baseline.csv';

export interface SeminarTiming {
  firstResultSeconds: number;
  browserSeconds: number;
  nodeSeconds: number;
  workers: number;
  appKiB: number;
  censusKiB: number;
}

export async function seminarTiming(replications: number, years: number, stories: number): Promise<SeminarTiming | string> {
  const web = join(packageRoot(), 'dist', 'web');
  if (!existsSync(join(web, 'app.js'))) return 'dist/web is missing: run npm run build:web';
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} not found (apt-get install -y chromium)`;
  const server = await serveFolder(web, 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
  let first: number;
  let total: number;
  let workers: number;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url);
    // Strings, not functions: they run in the page (this file is compiled without the DOM's types).
    await page.waitForFunction("document.body.dataset.state === 'idle'", undefined, { timeout: 120_000 });
    await page.fill('#replications', String(replications));
    await page.fill('#years', String(years));
    await page.fill('#stories', String(stories));
    await page.click('#run');
    await page.waitForFunction("document.body.dataset.done === '1'", undefined, { timeout: 900_000 });
    const data = (await page.evaluate('({ first: Number(document.body.dataset.firstResultSeconds), total: Number(document.body.dataset.lastSeconds), workers: navigator.hardwareConcurrency })')) as { first: number; total: number; workers: number };
    first = data.first;
    total = data.total;
    workers = data.workers;
  } finally {
    await browser.close();
    await server.close();
  }

  const loaded = loadScenario('norway-baseline');
  const census = readCensusFile(join(web, CENSUS));
  if (!loaded.ok || !census.ok) return 'the baseline or the census does not load';
  const start = performance.now();
  await runStudy(
    {
      provenance: { corrsim: corrsimVersion(), command: 'bench' },
      seed: 1,
      years,
      start: { warmupYears: 0, census: census.census, flag: CENSUS },
      fixedEffects: false,
      scenario: { name: loaded.name, sha256: loaded.sha256, resolved: loaded.scenario },
      replications: { kind: 'fixed', count: replications },
      stories,
    },
    nodeRunner(Math.min(workers, replications)),
  );
  const nodeSeconds = (performance.now() - start) / 1000;
  const kib = (name: string) => statSync(join(web, name)).size / 1024;
  return { firstResultSeconds: first, browserSeconds: total, nodeSeconds, workers, appKiB: kib('app.js'), censusKiB: kib('census.js') };
}

export const seminarSection: BenchSection = {
  id: 'seminar',
  title: 'Seminar page: the baseline in headless Chromium (Web Workers) and on Node (worker threads)',
  async run(context): Promise<SectionResult> {
    const quick = context.options.quick;
    const replications = quick ? 2 : 10;
    const years = quick ? 2 : 10;
    context.progress(`seminar: ${replications} replications of ${years} years in Chromium, then on Node`);
    const r = await seminarTiming(replications, years, 3);
    const columns = [
      { key: 'first', header: 'first result (s)', format: formatFixed(2) },
      { key: 'browser', header: 'Chromium (s)', format: formatFixed(2) },
      { key: 'node', header: 'Node (s)', format: formatFixed(2) },
      { key: 'ratio', header: 'Chromium / Node', format: formatFixed(2) },
    ];
    if (typeof r === 'string') return { columns, rows: [], metrics: {}, notes: [`skipped: ${r}`] };
    return {
      columns,
      rows: [{ label: `${replications} × ${years} years from the census, ${r.workers} workers`, values: { first: r.firstResultSeconds, browser: r.browserSeconds, node: r.nodeSeconds, ratio: r.browserSeconds / r.nodeSeconds } }],
      metrics: { firstResultSeconds: r.firstResultSeconds, browserSeconds: r.browserSeconds, nodeSeconds: r.nodeSeconds, appKiB: r.appKiB, censusKiB: r.censusKiB },
      notes: [
        'targets (issue 11): first result within 2 s of Run; 10 × 10 years within 30 s on 2 cores',
        `bundle: app.js ${r.appKiB.toFixed(0)} KiB (the page, vega and the worker's code), census.js ${r.censusKiB.toFixed(0)} KiB (the census every run starts from)`,
        'both include the life stories (3 people of the first replication, traced after the batch)',
        `load average when the section ended: ${loadavg().map((x) => x.toFixed(2)).join(', ')} (1, 5, 15 min; 2 cores)`,
      ],
    };
  },
};
