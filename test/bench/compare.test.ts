import { describe, expect, it } from 'vitest';
import { parseCompareArgs } from '../../bench/compare.js';

describe('npm run bench -- --compare: arguments', () => {
  it('takes the ref, rounds, cases and switches, with defaults for the rest', () => {
    expect(parseCompareArgs(['--compare', 'main'])).toEqual({
      ref: 'main',
      rounds: 3,
      cases: ['replication', 'engine-hold', 'engine-mixed'],
      quick: false,
      json: false,
    });
    expect(parseCompareArgs(['--quick', '--compare', 'abc123', '--cases', 'pool,replication', '--rounds', '5', '--json'])).toEqual({
      ref: 'abc123',
      rounds: 5,
      cases: ['pool', 'replication'],
      quick: true,
      json: true,
    });
    expect(parseCompareArgs(['--compare', 'HEAD~1', '--quick'])).toMatchObject({ rounds: 2 });
  });

  it('names the flag and what was expected when an argument is wrong', () => {
    expect(parseCompareArgs(['--compare'])).toEqual({ error: '--compare needs a value' });
    expect(parseCompareArgs(['--rounds', '2'])).toEqual({ error: '--compare: expected a commit, branch or tag' });
    expect(parseCompareArgs(['--compare', 'main', '--rounds', '0'])).toEqual({ error: '--rounds: expected a positive integer, got 0' });
    expect(parseCompareArgs(['--compare', 'main', '--cases', 'replication,fast'])).toEqual({
      error: '--cases: unknown case fast; expected some of replication, engine-hold, engine-mixed, pool',
    });
    expect(parseCompareArgs(['--compare', 'main', '--fast'])).toEqual({ error: 'unknown argument: --fast' });
  });
});
