/**
 * report.html: self-contained (the libraries inlined, nothing fetched), complete (what was run,
 * headlines, charts, every metric, assumptions, the command), and safe: scenario text cannot
 * inject markup or script.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pairedDifferences } from '../../src/stats/paired.js';
import { summarise } from '../../src/stats/intervals.js';
import { escapeHtml, jsonForScript, scriptSource } from '../../src/report/page.js';
import { formatDifference, formatInterval, formatValue } from '../../src/report/numbers.js';
import { inlineLibraries } from '../../src/report/page.js';
import { buildCompareReport, buildRunReport, type ReportFile } from '../../src/report/files.js';
import { smallRun, type SmallRun } from './fixture.js';
import { costAccount, policyPurchase } from '../../src/studies/costs.js';

const HOSTILE_NAME = '</script><script>alert(1)</script>';
const HOSTILE_DESCRIPTION = '<img src=x onerror=alert(2)> & "quoted" \u2028 line';
const HOSTILE_STORY = '</script><!--<script>alert(3)</script>\u2029';

function html(files: readonly ReportFile[]): string {
  const f = files.find((x) => x.name === 'report.html');
  expect(f).toBeDefined();
  return f!.content as string;
}

/** The contents of every <script> element, in order. */
function scripts(page: string): Array<{ attributes: string; body: string }> {
  return [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attributes: m[1], body: m[2] }));
}

/** The page without the bodies of its <script> elements (the libraries hold markup in strings). */
function outsideScripts(page: string): string {
  return page.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
}

/** Whether `page` contains `text`, as a boolean so that a failure does not print a megabyte of page. */
function has(page: string, text: string): boolean {
  return page.includes(text);
}

/** Anything that would make the page fetch: src/href/action to a URL with a scheme or protocol-relative, CSS imports, url(). */
function fetchingReferences(page: string): string[] {
  const outside = outsideScripts(page);
  return [
    ...outside.matchAll(/\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|\/\/)[^"'\s>]*/gi),
    ...outside.matchAll(/@import|url\(/gi),
    ...outside.matchAll(/<(?:link|iframe|object|embed|img|base)\b/gi),
  ].map((m) => m[0]);
}

describe('the run report', () => {
  let run: SmallRun;
  let files: ReportFile[];
  let page: string;
  beforeAll(async () => {
    run = smallRun({ name: HOSTILE_NAME, description: HOSTILE_DESCRIPTION });
    files = await buildRunReport({ ...run, traces: [{ id: 7, lines: [{ day: 1200, date: '2031-04-15', text: HOSTILE_STORY }] }] });
    page = html(files);
  });

  it('returns report.html and three files per chart', () => {
    const names = files.map((f) => f.name);
    expect(names[0]).toBe('report.html');
    const charts = names.filter((n) => n.startsWith('charts/'));
    expect(charts.length % 3).toBe(0);
    for (const stem of ['population', 'occupancy', 'sentence-queue', 'flows', 'reconviction-age', 'programmes', 'life-stories']) {
      expect(names).toEqual(expect.arrayContaining([`charts/${stem}.svg`, `charts/${stem}.png`, `charts/${stem}.vl.json`]));
    }
    for (const f of files) if (f.name.endsWith('.png')) expect(f.content).toBeInstanceOf(Uint8Array);
  });

  it('fetches nothing: no URL in any src or href, no stylesheet or image, and a policy that forbids fetching', () => {
    expect(fetchingReferences(page)).toEqual([]);
    expect(has(page, '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;')).toBe(true);
    expect(has(page, 'connect-src &#39;none&#39;')).toBe(true);
    for (const s of scripts(page)) expect(s.attributes).not.toMatch(/src\s*=/i);
  });

  it('inlines vega, vega-lite and vega-embed', () => {
    const libs = inlineLibraries();
    expect(libs.map((l) => l.name)).toEqual(['vega', 'vega-lite', 'vega-embed']);
    expect(libs[0].version).toMatch(/^6\./);
    expect(libs[1].version).toMatch(/^6\./);
    for (const lib of libs) {
      expect(lib.source.length).toBeGreaterThan(50_000);
      expect(has(page, scriptSource(lib.source)), lib.name).toBe(true);
      // A library containing "<!--" could confuse the HTML parser inside <script>; scriptSource does not handle it.
      expect(lib.source).not.toContain('<!--');
    }
  });

  it('escapes hostile scenario text everywhere', () => {
    // Our own scripts only: 3 libraries, the chart data, the runner.
    expect(scripts(page)).toHaveLength(5);
    expect((page.match(/<script/gi) ?? []).length).toBe(5);
    const outside = outsideScripts(page);
    expect(has(page, '<script>alert')).toBe(false);
    expect(outside.match(/<(?!\/?(?:html|head|meta|title|style|body|main|header|nav|section|footer|p|h[1-3]|ol|ul|li|a|dl|dt|dd|div|table|thead|tbody|tr|th|td|code|pre|strong|em|span|figure|noscript|script)\b)[a-z]/gi)).toBeNull();
    expect(has(outside, escapeHtml(HOSTILE_NAME))).toBe(true);
    expect(has(outside, '&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quoted&quot;')).toBe(true);
    // U+2028 is harmless in HTML text; inside <script> it is escaped (next test).
  });

  it('embeds the chart specs as JSON that reads back intact', () => {
    const data = scripts(page).find((s) => s.attributes.includes('id="corrsim-charts"'));
    expect(data).toBeDefined();
    expect(data!.attributes).toContain('type="application/json"');
    expect(data!.body).not.toMatch(/<|>|[\u2028\u2029]/);
    const charts = JSON.parse(data!.body) as Array<{ name: string; spec: unknown }>;
    expect(charts.map((c) => c.name)).toContain('population');
    expect(JSON.stringify(charts)).toContain(JSON.stringify(HOSTILE_STORY).slice(1, -1));
  });

  it('says what was run, the headlines with intervals, every metric, the assumptions and the command', () => {
    const s = run.summary;
    for (const id of ['what-was-run', 'headlines', 'charts', 'life-stories', 'metrics', 'assumptions', 'reproduce']) expect(has(page, `<section id="${id}">`), id).toBe(true);
    expect(has(page, s.scenario.sha256), s.scenario.sha256).toBe(true);
    expect(has(page, `<dt>Seed</dt><dd>${s.seed}</dd>`), `<dt>Seed</dt><dd>${s.seed}</dd>`).toBe(true);
    expect(has(page, '3 (replications 0–2)'), '3 (replications 0–2)').toBe(true);
    expect(has(page, 'after 2 years of warm-up'), 'after 2 years of warm-up').toBe(true);
    expect(has(page, `corrsim ${s.corrsim}`), `corrsim ${s.corrsim}`).toBe(true);
    expect(has(page, '<code>facilities.1.capacity</code>: <code>410</code> (<code>--set</code>)'), '<code>facilities.1.capacity</code>: <code>410</code> (<code>--set</code>)').toBe(true);
    expect(has(page, `<pre><code>${escapeHtml(s.command)}</code></pre>`), `<pre><code>${escapeHtml(s.command)}</code></pre>`).toBe(true);
    expect(outsideScripts(page)).toMatch(/people held a prison place \(remand, high, low and halfway house\) \(95% CI [\d,]+ to [\d,]+\)/);
    for (const name of Object.keys(s.metrics)) expect(has(page, `<code>${name}</code>`), `<code>${name}</code>`).toBe(true);
    expect(has(page, 'docs/model.md'), 'docs/model.md').toBe(true);
    const svgs = files.filter((f) => f.name.endsWith('.svg')).length;
    expect((page.match(/id="chart-/g) ?? []).length).toBe(svgs);
    expect(has(page, 'Day 1200 (2031-04-15)'), 'Day 1200 (2031-04-15)').toBe(true);
  });

  it('warns when the run is incomplete', async () => {
    const summary = { ...run.summary, complete: false, replicationsRequested: 5, failures: [{ replication: 3, seed: 1, message: 'boom <b>\nstack' }] };
    const page = html(await buildRunReport({ summary, results: run.results }));
    expect(has(page, '<strong>Incomplete run:</strong> 3 of 5 replications finished')).toBe(true);
    expect(has(page, '<li>replication 3: boom &lt;b&gt;</li>')).toBe(true);
  });

  it('has no life-stories section without traces', async () => {
    const plain = html(await buildRunReport({ summary: run.summary, results: run.results }));
    expect(has(plain, 'id="life-stories"')).toBe(false);
    expect(has(plain, 'Not recorded for this report')).toBe(true);
  });
});

describe('the comparison report', () => {
  it('shows each policy against the baseline: scenarios, clear differences, forest plot, all differences', async () => {
    const baseline = smallRun();
    const policy = smallRun({ name: 'more-open-places', description: 'Moves places to open prisons', sets: ['facilities.1.capacity=330', 'facilities.2.capacity=360'] });
    const differences = pairedDifferences(baseline.results, policy.results);
    const files = await buildCompareReport({
      baseline,
      policies: [{ ...policy, patch: { extends: 'norway-baseline', name: 'more-open-places', facilities: [{ level: 'low' }] }, differences }],
      command: 'corrsim compare norway-baseline more-open-places -n 3',
    });
    const names = files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['report.html', 'charts/forest.svg', 'charts/forest.png', 'charts/forest.vl.json', 'charts/difference-population-total.png']));
    const page = html(files);
    expect(fetchingReferences(page)).toEqual([]);
    expect(has(page, 'more-open-places'), 'more-open-places').toBe(true);
    expect(has(page, 'Moves places to open prisons'), 'Moves places to open prisons').toBe(true);
    expect(has(page, 'Extends <code>norway-baseline</code>'), 'Extends <code>norway-baseline</code>').toBe(true);
    expect(has(page, '<pre><code>corrsim compare norway-baseline more-open-places -n 3</code></pre>'), '<pre><code>corrsim compare norway-baseline more-open-places -n 3</code></pre>').toBe(true);
    expect(has(page, baseline.summary.scenario.sha256), baseline.summary.scenario.sha256).toBe(true);
    expect(has(page, '<section id="differences">'), '<section id="differences">').toBe(true);
    expect(has(page, '<code>occupancy_high</code>'), '<code>occupancy_high</code>').toBe(true);
    expect(has(page, 'id="chart-forest"'), 'id="chart-forest"').toBe(true);
    expect(has(page, '<section id="what-it-buys">'), 'no section on what the policy buys without its figures').toBe(false);
  });

  it('shows what each policy buys, with the marginal cost of a place and the cost-against-effect chart, when given', async () => {
    const baseline = smallRun();
    const policy = smallRun({ name: 'more-open-places', sets: ['facilities.1.capacity=330', 'facilities.2.capacity=360'] });
    const side = (r: SmallRun) => ({ scenario: r.summary.scenario.resolved, results: r.results });
    const files = await buildCompareReport({
      baseline,
      policies: [{ ...policy, differences: pairedDifferences(baseline.results, policy.results), buys: policyPurchase(side(baseline), side(policy)) }],
      costs: costAccount(baseline.summary.scenario.resolved, baseline.results),
    });
    expect(files.map((f) => f.name)).toContain('charts/cost-effect.svg');
    const page = html(files);
    for (const text of ['<section id="what-it-buys">', '<code>reconvictions_avoided_per_year</code>', '<code>benefit_cost_ratio</code>', 'Marginal cost of one more person', 'id="chart-cost-effect"']) {
      expect(has(page, text), text).toBe(true);
    }
  });
});

describe('formatting', () => {
  it('shows values in their units', () => {
    expect(formatValue(0.1934, 'share')).toBe('19.3%');
    expect(formatValue(3.35e9, 'NOK/year')).toBe('NOK 3.35 billion');
    expect(formatValue(63e6, 'NOK/year')).toBe('NOK 63.0 million');
    expect(formatValue(3104.4, 'people')).toBe('3,104');
    expect(formatValue(36.04, 'people')).toBe('36.0');
    expect(formatValue(0.0681, 'days')).toBe('0.0681');
    expect(formatValue(null, 'people')).toBe('–');
    expect(formatValue(NaN, 'people')).toBe('–');
    expect(formatDifference(-0.013, 'share')).toBe('−1.3 points');
    expect(formatDifference(25, 'people')).toBe('+25.0');
    expect(formatInterval(summarise([1, 2, 3]), 'people')).toMatch(/^95% CI -?[\d.]+ to [\d.]+$/);
    expect(formatInterval(summarise([5, 5]), 'people')).toBe('the same in every replication');
    expect(formatInterval(summarise([5]), 'people')).toBe('one replication: no interval');
  });

  it('escapes HTML and makes JSON safe inside <script>', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const value = { s: '</script><!-- & \u2028\u2029 >' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
    expect(scriptSource('a = "</script>"; b = /<\/SCRIPT/')).toBe('a = "<\\/script>"; b = /<\\/SCRIPT/');
  });
});

describe('dated policy changes in the run report', () => {
  it('are listed with their date, whom they reach and what they change, escaped', async () => {
    const change = '{ date: 2026-01-01, appliesTo: all, description: "<b>earlier</b> parole", patch: { parole: { afterShareServed: 0.5 } } }';
    const run = smallRun({ replications: 1, sets: [`policyChanges=[${change}]`] });
    const page = html(await buildRunReport(run));
    expect(has(page, '<dt>Policy changes</dt>')).toBe(true);
    expect(
      has(
        page,
        '<li>From 2026-01-01, for everyone, those already serving included (<code>all</code>): <code>parole.afterShareServed</code>: <code>0.5</code>. &lt;b&gt;earlier&lt;/b&gt; parole</li>',
      ),
    ).toBe(true);
    expect(has(page, '<code>policyChanges</code>: 1 dated change (listed as policy changes)')).toBe(true);
  });
});
