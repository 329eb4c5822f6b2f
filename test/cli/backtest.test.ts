/**
 * `corrsim backtest` end to end on a small scenario and a short window: the files it writes and
 * their columns, intervals in order, input rows never compared, and bad data as one line per
 * problem naming the row and the column (exit 2).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { cli } from './capture.js';
import { SMALL } from './small.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'corrsim-backtest-test-'));
/** The small baseline from 2021: the KDI monthly figures of 2021-23 fall in its window. */
const SMALL_2021 = [...SMALL, '--set', 'run.startDate=2021-01-01', '-n', '2', '-j', '1'];

describe('corrsim backtest', () => {
  const dir = scratch();
  const out = join(dir, 'bt');
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    run = await cli(['backtest', 'norway-baseline', ...SMALL_2021, '--data', 'data/norway-history.csv', '-o', out]);
  }, 300_000);

  test('writes backtest.json, backtest.csv, the report and a chart per series, and prints the scores', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const f of ['backtest.json', 'backtest.csv', 'report.html', 'charts/backtest-sentence-queue.svg', 'charts/backtest-occupancy.png']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    expect(run.stdout).toMatch(/^Backtest of norway-baseline against norway-history\.csv \(2021-01-01 to 2023-01-01; 2 replications, seed 1\)/);
    expect(run.stdout).toContain('sentence_queue');
    expect(run.stdout).toContain('naive MAPE');
  });

  test('backtest.csv has the contract columns, model rows from the start and model/naive rows from rolling origins', () => {
    const lines = readFileSync(join(out, 'backtest.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('series,date,observed,mean,lo80,hi80,lo95,hi95,origin,horizon_years,forecast');
    const rows = lines.slice(1).map((l) => l.split(','));
    const fromStart = rows.filter((r) => r[8] === '2021-01-01');
    expect(fromStart.length).toBeGreaterThan(10);
    // The queue of 1 Jan 2021 (931) is inside the window, from the start, one year ahead.
    expect(fromStart.some((r) => r[0] === 'sentence_queue' && r[1] === '2021-01-01' && r[2] === '931' && r[9] === '1' && r[10] === 'model')).toBe(true);
    const naive = rows.filter((r) => r[10] === 'naive');
    expect(naive.length).toBeGreaterThan(0);
    for (const r of naive) expect(r.slice(4, 8)).toEqual(['', '', '', '']);
    // From origin 2022-01-01 the naive forecast of the queue is the last count on or before it (470 on 3 Dec 2021).
    expect(naive.some((r) => r[0] === 'sentence_queue' && r[8] === '2022-01-01' && r[3] === '470')).toBe(true);
    for (const r of rows.filter((x) => x[10] === 'model')) {
      const [mean, lo80, hi80, lo95, hi95] = r.slice(3, 8).map(Number);
      expect(lo95).toBeLessThanOrEqual(lo80);
      expect(lo80).toBeLessThanOrEqual(mean + 1e-9);
      expect(mean).toBeLessThanOrEqual(hi80 + 1e-9);
      expect(hi80).toBeLessThanOrEqual(hi95);
    }
  });

  test('backtest.json: only outcome rows are compared, with scores per series family', () => {
    const record = JSON.parse(readFileSync(join(out, 'backtest.json'), 'utf8'));
    expect(record.data.inputRows).toBeGreaterThan(100);
    expect(record.data.compared + record.data.outsideWindow).toBeLessThanOrEqual(record.data.outcomeRows);
    expect(record.families.map((f: { family: string }) => f.family)).toEqual(expect.arrayContaining(['sentence_queue', 'occupancy']));
    for (const f of record.families) {
      expect(f.points.length).toBe(f.scores.n);
      for (const p of f.points) expect(['places_total', 'places_total_derived', 'em_capacity']).not.toContain(p.series);
      expect(f.byHorizon.map((h: { horizonYears: number }) => h.horizonYears)).toEqual([1, 2, 3]);
    }
    expect(record.window).toEqual({ start: '2021-01-01', end: '2023-01-01' });
  });

  test('bad data: one line per problem naming the row and the column, exit 2, nothing written', async () => {
    const data = join(dir, 'bad.csv');
    writeFileSync(
      data,
      'series,date,period,value,unit,role,definition,source,confidence,note\n' +
        'sentence_queue,2021-01-01,month,931,sentences,outcome,d,s,H,\n' +
        'sentence_queues,2021-02-01,month,959,sentences,outcome,d,s,H,\n' +
        'sentence_queue,2021-3-01,month,877,sentences,outcome,d,s,H,\n' +
        'sentence_queue,2021-04-01,month,-936,sentences,outcome,d,s,H,\n',
    );
    const r = await cli(['backtest', 'norway-baseline', ...SMALL_2021, '--data', data, '--series', 'data/norway-history-series.csv', '-o', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      "corrsim: bad.csv row 3, column series: unknown series 'sentence_queues' (not in the vocabulary of series)",
      "corrsim: bad.csv row 4, column date: expected a date YYYY-MM-DD, found '2021-3-01'",
      'corrsim: bad.csv row 5, column value: expected a value ≥ 0 (counts, places and percentages are never negative), found -936',
    ]);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  test('no observation inside the simulated window: one line, exit 2', async () => {
    const r = await cli(['backtest', 'norway-baseline', ...SMALL_2021, '--set', 'run.startDate=2040-01-01', '-o', join(dir, 'late')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^corrsim: norway-history\.csv: no observation of a compared outcome series .* inside the simulated window 2040-01-01 to 2042-01-01/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('validate --backtest refuses a file that is not a backtest.json, before running anything', async () => {
    const notBacktest = join(dir, 'not-backtest.json');
    writeFileSync(notBacktest, '{"checks": []}');
    const r = await cli(['validate', '--quick', '--backtest', notBacktest, '-o', join(dir, 'v')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`corrsim: --backtest: ${notBacktest} is not a backtest.json of corrsim backtest (no families)\n`);
    const missing = await cli(['validate', '--quick', '--backtest', join(dir, 'none.json'), '-o', join(dir, 'v')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^corrsim: --backtest: cannot read .*none\.json \(ENOENT\)\n$/);
  });

  test('the history scenario is what its script writes from the input rows', () => {
    expect(() => execFileSync('python3', ['scripts/history/norway-2005.py', '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});
