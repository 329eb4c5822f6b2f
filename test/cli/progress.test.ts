import { describe, expect, test } from 'vitest';
import { formatDuration } from '../../src/report/numbers.js';
import { progressLine } from '../../src/cli/progress.js';

describe('progressLine', () => {
  test('done/total, rate and time left', () => {
    expect(progressLine({ done: 0, total: 10, elapsedSeconds: 0, workers: 1 }, 80)).toBe(`[${'░'.repeat(30)}] 0/10 replications  0.00/s  ETA ?`);
    expect(progressLine({ done: 5, total: 10, elapsedSeconds: 10, workers: 1 }, 80)).toBe(`[${'█'.repeat(15)}${'░'.repeat(15)}] 5/10 replications  0.50/s  ETA 10s`);
  });

  test('with workers, replications finishing in rounds: the first one counts its whole round', () => {
    // 2 threads, 2 s per replication: after 2 s one is done and the other nearly so.
    expect(progressLine({ done: 1, total: 10, elapsedSeconds: 2, workers: 2 }, 80)).toMatch(/ 1\/10 replications {2}1\.0\/s {2}ETA 9s$/);
    expect(progressLine({ done: 4, total: 10, elapsedSeconds: 4, workers: 2 }, 80)).toMatch(/ 4\/10 replications {2}1\.0\/s {2}ETA 6s$/);
    // The last round may be short: never count more than the total.
    expect(progressLine({ done: 3, total: 3, elapsedSeconds: 4, workers: 2 }, 80)).toMatch(/ 3\/3 replications {2}0\.75\/s {2}ETA 0s$/);
  });

  test('durations', () => {
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(61)).toBe('1m 01s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3h 05m');
  });
});
