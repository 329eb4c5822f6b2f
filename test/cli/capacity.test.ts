/**
 * `corrsim capacity` end to end through the real model, kept small (see small.ts: the baseline
 * scaled down fourfold, 2 + 2 years) with 8 replications per candidate in the main thread (-j 1),
 * and its refusals of bad input.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileSpec } from '../../src/report/render.js';
import { loadScenario } from '../../src/scenario/files.node.js';
import { cli, type Captured } from './capture.js';
import { SMALL as SMALL_SEXED } from './small.js';

/**
 * The small baseline with the women's high-security places shared and empty (facility 5), so that
 * the high level is one pool of places in one facility, as these checks of the search count it.
 */
const SMALL = [...SMALL_SEXED, ...['women=false', 'capacity=0', 'officersFte=0', 'otherStaffFte=0'].flatMap((s) => ['--set', `facilities.5.${s}`])];

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-capacity-test-'));
const read = (...path: string[]) => readFileSync(join(...path), 'utf8');
const rowsOf = (text: string) => text.trimEnd().split('\n').map((l) => l.split(','));

/** Facilities in the baseline: 0 remand, 1 high, 2 low, 3 halfway. */
const HIGH = 1;

describe('corrsim capacity: bad input', () => {
  test('--help lists its flags', async () => {
    const r = await cli(['capacity', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--target', '--level', '--probability', '--min', '--max', '--resolution', '-n', '-s', '--years', '--warmup-years', '-o', '-j', '--set', '--fixed-effects', '--quiet', '--json']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).not.toContain('--precision');
  });

  test.each([
    [[], /^corrsim: capacity needs --target SERIES\.STAT<=VALUE, e\.g\. --target "occupancy_high\.p95<=0\.9"\n$/],
    [['--target', 'occupancy_high.p95'], /^corrsim: --target must be SERIES\.STAT<=VALUE \(or <, >=, >\).*got 'occupancy_high\.p95'\n$/],
    [['--target', 'occupancy_hihg.p95<=0.9'], /^corrsim: --target occupancy_hihg\.p95<=0\.9: unknown series or metric 'occupancy_hihg' \(did you mean occupancy_high\?\)\n$/],
    [['--target', 'occupancy_high.p59x<=0.9'], /^corrsim: --target occupancy_high\.p59x<=0\.9: unknown statistic 'p59x' \(did you mean p9[05]\? statistics: mean, max, or a percentile p1 to p99 such as p90, p95\)\n$/],
    [['--target', 'sentence_queue.p95<=100'], /^corrsim: --level is needed: sentence_queue belongs to no one level; say whose places vary: --level high, low, remand or halfway\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--target', 'occupancy_low.p95<=0.9'], /^corrsim: --level is needed: the targets name different levels \(occupancy_high → high, occupancy_low → low\)/],
    [['--target', 'occupancy_high.p95<=0.9', '--level', 'hihg'], /^corrsim: --level must be one of remand, high, low, halfway; got 'hihg' \(did you mean high\?\)\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--min', '500', '--max', '400'], /^corrsim: --min must be below --max; got --min 500 and --max 400\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--probability', '0'], /^corrsim: --probability must be a share in \(0, 1\], e\.g\. 0\.9; got '0'\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--probability', '1.5'], /^corrsim: --probability must be a share in \(0, 1\]/],
    [['--target', 'occupancy_high.p95<=0.9', '--resolution', '0'], /^corrsim: --resolution must be a whole number ≥ 1; got '0'\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--max', '12.5'], /^corrsim: --max must be a whole number ≥ 1; got '12\.5'\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '-n', 'auto'], /^corrsim: --replications \(-n\) must be a positive integer \(auto is for run and compare\); got 'auto'\n$/],
    [['--target', 'occupancy_high.p95<=0.9', '--min', '0'], /^corrsim: --min 0: the scenario is not valid with 0 high-security places: facilities: expected at least one facility of level high/],
    [['--target', 'occupancy_high.p95<=0.9', '--level', 'halfway', '--set', 'facilities=[{name: a, level: remand, capacity: 10, officersFte: 1, otherStaffFte: 1, nonStaffCostPerPlaceYearNok: 1}, {name: b, level: high, capacity: 10, officersFte: 1, otherStaffFte: 1, nonStaffCostPerPlaceYearNok: 1}, {name: c, level: low, capacity: 10, officersFte: 1, otherStaffFte: 1, nonStaffCostPerPlaceYearNok: 1}]'], /^corrsim: --level halfway: norway-baseline has no facility at level halfway/],
  ])('%j: exit 2 with one line', async (args, pattern) => {
    const out = join(scratch(), 'out');
    const r = await cli(['capacity', ...args, '-o', out]);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  test('several problems at once: one line each', async () => {
    const r = await cli(['capacity', '--target', 'bad', '--probability', '2', '--resolution', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('corrsim capacity: the search through the model', () => {
  let out: string;
  let r: Captured;
  // Shared by the tests below: one search of about five candidates × 8 replications.
  beforeAll(async () => {
    out = join(scratch(), 'out');
    r = await cli(['capacity', '--target', 'occupancy_high.mean<=0.9', ...SMALL, '-n', '8', '-s', '2', '-j', '1', '-o', out]);
  });

  test('the answer meets the target, one place fewer does not; every file is written', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['capacity.csv', 'capacity.json', 'charts']);
    expect(readdirSync(join(out, 'charts')).sort()).toEqual([
      'capacity-share.png', 'capacity-share.svg', 'capacity-share.vl.json', 'capacity.png', 'capacity.svg', 'capacity.vl.json',
    ]);
    const record = JSON.parse(read(out, 'capacity.json'));
    expect(record).toMatchObject({
      seed: 2, replications: 8, years: 2, warmupYears: 2, level: 'high', probability: 0.9, currentPlaces: 410, complete: true, failures: [],
      search: { min: 1, max: 1640, resolution: 1, start: 410 },
      targets: [{ text: 'occupancy_high.mean<=0.9', series: 'occupancy_high', stat: 'mean', operator: '<=', value: 0.9 }],
    });
    expect(record.command).toMatch(/^corrsim capacity --target 'occupancy_high\.mean<=0\.9' --years 2/);
    const answer = record.answer.places;
    expect(record.answer).toMatchObject({ status: 'found', largestFailing: answer - 1, change: answer - 410, nonMonotone: [] });
    const at = (places: number) => record.candidates.find((c: { places: number }) => c.places === places);
    expect(at(answer)).toMatchObject({ meets: true, replications: 8 });
    expect(at(answer - 1)).toMatchObject({ meets: false, replications: 8 });
    // 90% of 8 replications is 8 of 8 (⌈7.2⌉): the answer is where the last replication comes under 0.9.
    expect(at(answer).shareMeeting).toBe(1);
    expect(at(answer).targets[0].values.every((v: number) => v <= 0.9)).toBe(true);
    expect(at(answer - 1).targets[0].values.some((v: number) => v > 0.9)).toBe(true);
    // A search, not a grid: a handful of candidates, none twice, in the order they ran.
    expect(record.candidates.length).toBeLessThanOrEqual(10);
    expect(new Set(record.candidates.map((c: { places: number }) => c.places)).size).toBe(record.candidates.length);
    expect(record.candidates.map((c: { order: number }) => c.order).sort((a: number, b: number) => a - b)).toEqual(record.candidates.map((_: unknown, i: number) => i + 1));
    expect(at(410).order).toBe(1);
    // Staff per place kept at the answer.
    const [high] = record.answer.facilities;
    expect(high.capacity).toBe(answer);
    // SMALL sets the places (410), not the staff: the baseline's officers over 410 places.
    const baseline = loadScenario('norway-baseline');
    if (!baseline.ok) throw new Error(baseline.errors.join('\n'));
    const officers = baseline.scenario.facilities.find((f) => f.level === 'high')!.officersFte;
    expect(high.officersFte / high.capacity).toBeCloseTo(officers / 410, 10);
    // The uncertainty: a bootstrap interval around the answer, ends among the candidates.
    const [lo, hi] = record.answer.uncertainty.ci95;
    expect(lo).toBeLessThanOrEqual(answer);
    expect(hi === null || hi >= answer).toBe(true);
    expect(record.yearByYear.places).toBe(410);
    expect(record.yearByYear.years).toHaveLength(2);

    for (const chart of ['capacity', 'capacity-share']) expect(compileSpec(JSON.parse(read(out, 'charts', `${chart}.vl.json`))).warnings).toEqual([]);

    const [header, ...rows] = rowsOf(read(out, 'capacity.csv'));
    expect(header).toEqual(['places', 'order', 'replications', 'share_meeting_all', 'meets_all', 'target', 'share_meeting', 'mean', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'decisive']);
    expect(rows.map((row) => Number(row[0]))).toEqual(record.candidates.map((c: { places: number }) => c.places));

    expect(r.stdout).toMatch(/^norway-baseline: high-security places for occupancy_high\.mean<=0\.9 in at least 90% of replications\n8 replications per candidate \(common random numbers\)/);
    expect(r.stdout).toContain(`answer: ${answer} places (today 410, −${410 - answer}); ${answer - 1} misses the target\n`);
    expect(r.stdout).toMatch(/uncertainty: [\d,]+ to [\d,]+ places \(95% bootstrap interval over replications, 1000 resamples\)/);
    expect(r.stdout).toContain(`output: ${out}`);
  });

  test('checked apart from the search: corrsim run at the answer and one place fewer, with the same seed', async () => {
    const record = JSON.parse(read(out, 'capacity.json'));
    const answer: number = record.answer.places;
    const shareMeeting = async (places: number) => {
      const candidate = record.candidates.find((c: { places: number }) => c.places === places);
      const [f] = candidate.facilities;
      const runOut = join(scratch(), `run-${places}`);
      const sets = [`facilities.${HIGH}.capacity=${f.capacity}`, `facilities.${HIGH}.officersFte=${f.officersFte}`, `facilities.${HIGH}.otherStaffFte=${f.otherStaffFte}`];
      const run = await cli(['run', ...SMALL, ...sets.flatMap((s) => ['--set', s]), '-n', '8', '-s', '2', '-j', '1', '-o', runOut, '--quiet']);
      expect(run.code).toBe(0);
      // The very scenario the candidate ran.
      expect(JSON.parse(read(runOut, 'summary.json')).scenario.sha256).toBe(candidate.sha256);
      const [header, ...rows] = rowsOf(read(runOut, 'replications.csv'));
      const column = header.indexOf('occupancy_high');
      return rows.filter((row) => Number(row[column]) <= 0.9).length / rows.length;
    };
    expect(await shareMeeting(answer)).toBeGreaterThanOrEqual(0.9);
    expect(await shareMeeting(answer - 1)).toBeLessThan(0.9);
  });
});

describe('corrsim capacity: other outcomes', () => {
  test('--json prints capacity.json; a target already met at --min is said so', async () => {
    const out = join(scratch(), 'out');
    const r = await cli(['capacity', '--target', 'sentence_queue.max<=100000', '--level', 'low', ...SMALL, '-n', '2', '-j', '1', '--min', '150', '-o', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read(out, 'capacity.json'));
    const record = JSON.parse(r.stdout);
    expect(record.answer).toMatchObject({ status: 'holds-at-min', places: 150 });
    expect(record.level).toBe('low');
  });

  test('Ctrl-C before the first candidate finishes: exit 130, nothing written', async () => {
    const out = join(scratch(), 'out');
    const interrupt = new AbortController();
    interrupt.abort();
    const r = await cli(['capacity', '--target', 'occupancy_high.mean<=0.9', ...SMALL, '-n', '2', '-j', '1', '-o', out], { interrupt: interrupt.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('corrsim: interrupted before any candidate finished; nothing written\n');
    expect(existsSync(out)).toBe(false);
  });
});
