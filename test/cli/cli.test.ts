import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { explainYargsError } from '../../src/cli/cli.js';
import { cli } from './capture.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A usage error: exit 2, nothing on stdout, one `corrsim: ` line per problem and no stack trace. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  for (const line of lines) expect(line).toMatch(/^corrsim: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('help and version', () => {
  test('--help lists the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/corrsim run \[scenario\]/);
    expect(r.stdout).toMatch(/corrsim scenarios/);
    expect(r.stdout).toMatch(/corrsim compare \[baseline\] \[policies\.\.\]/);
    expect(r.stdout).toMatch(/corrsim sweep \[scenario\]/);
    expect(r.stdout).toMatch(/trace/);
    expect(r.stdout).toMatch(/corrsim capacity \[scenario\]/);
    expect(r.stderr).toBe('');
  });

  test('run --help lists its flags', async () => {
    const r = await cli(['run', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--replications', '-n', '--seed', '-s', '--years', '--warmup-years', '--out', '-o', '--workers', '-j', '--replication', '--set', '--quiet', '--json', '--fixed-effects', '--precision', '--max-replications', '--min-replications']) {
      expect(r.stdout).toContain(flag);
    }
  });

  test('compare --help and sweep --help list their flags', async () => {
    const compare = await cli(['compare', '--help']);
    expect(compare.code).toBe(0);
    for (const flag of ['-n', '-s', '--years', '--warmup-years', '-o', '-j', '--set', '--quiet', '--json', '--fixed-effects', '--precision', '--max-replications']) {
      expect(compare.stdout).toContain(flag);
    }
    const sweep = await cli(['sweep', '--help']);
    expect(sweep.code).toBe(0);
    for (const flag of ['--vary', '-n', '-s', '--years', '-o', '-j', '--set', '--fixed-effects']) expect(sweep.stdout).toContain(flag);
    expect(sweep.stdout).not.toContain('--precision');
  });

  test('scenarios --help and -h', async () => {
    expect((await cli(['scenarios', '--help'])).stdout).toMatch(/built-in scenarios/);
    expect((await cli(['-h'])).code).toBe(0);
  });

  test('--version prints the package version', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('usage errors exit 2 with one line', () => {
  test('no command', async () => {
    expectUsageError(await cli([]), /name a command/);
  });

  test('unknown command', async () => {
    expectUsageError(await cli(['frobnicate']), /unknown command 'frobnicate'/);
  });

  test('unknown flag, named as typed', async () => {
    const r = await cli(['run', '--frobnicate', '-n', '2']);
    expectUsageError(r, /unknown option --frobnicate/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expectUsageError(await cli(['run', '-x']), /unknown option -x\b/);
    expectUsageError(await cli(['scenarios', '--frob=1']), /unknown option --frob\b/);
  });

  test('a stray argument', async () => {
    expectUsageError(await cli(['run', 'a.yaml', 'b.yaml']), /unexpected argument 'b.yaml'/);
  });

  test.each([
    [['-n', '0'], /--replications \(-n\) must be a positive integer or auto; got '0'/],
    [['-n', 'abc'], /--replications \(-n\) must be a positive integer or auto; got 'abc'/],
    [['-n', '2.5'], /--replications/],
    [['-n'], /--replications \(-n\) must be a positive integer or auto; got nothing/],
    [['-n', 'auto'], /--replications auto needs --precision METRIC=HALFWIDTH/],
    [['-n', 'auto', '--precision', 'reconviction2y=0.01'], /--precision: unknown metric 'reconviction2y' \(did you mean reconviction_2y\?/],
    [['--precision', 'reconviction_2y=0.01'], /--precision applies only with --replications auto/],
    [['-n', 'auto', '--precision', 'reconviction_2y=0.01', '--replication', '1'], /--replication .* cannot go with --replications auto/],
    [['-s', '-1'], /--seed \(-s\) must be a non-negative integer; got '-1'/],
    [['--years', '0'], /--years must be a positive number of years; got '0'/],
    [['--warmup-years', 'x'], /--warmup-years/],
    [['-j', '0'], /--workers \(-j\) must be a positive integer; got '0'/],
    [['-j', '0x4'], /--workers/],
    [['-j', '-2'], /--workers \(-j\) must be a positive integer; got '-2'/],
    [['--workers', '1.5'], /--workers \(-j\) must be a positive integer; got '1.5'/],
    [['--replication', '-1'], /--replication must be a replication index, an integer ≥ 0; got '-1'/],
    [['-n', '4', '--replication', '4'], /--replication must be below the number of replications \(4; replications count from 0\); got '4'/],
    [['--set'], /--set needs PATH=VALUE/],
  ])('run %j', async (flags, pattern) => {
    expectUsageError(await cli(['run', ...flags]), pattern);
  });

  test('several bad values: one line each', async () => {
    const r = await cli(['run', '-n', '0', '-s', 'x']);
    expectUsageError(r, /--replications/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  test('a --set path that does not exist is named', async () => {
    expectUsageError(await cli(['run', '--set', 'population.noSuchField=3', '-n', '1']), /population\.noSuchField/);
    expectUsageError(await cli(['run', '--set', 'population.newCasesPerYear']), /--set population\.newCasesPerYear/);
  });

  test('a scenario file that does not exist', async () => {
    expectUsageError(await cli(['run', 'no/such/scenario.yaml']), /no\/such\/scenario\.yaml/);
    expectUsageError(await cli(['run', 'no-such-builtin']), /no-such-builtin/);
  });

  test('an output path blocked by a file', async () => {
    expectUsageError(await cli(['run', '-n', '1', '-o', 'package.json/out']), /not a folder/);
  });
});

describe('scenarios', () => {
  test('lists the built-ins with a description', async () => {
    const r = await cli(['scenarios']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^norway-baseline +\S.*$/m);
  });
});

describe('explainYargsError', () => {
  test('rephrases unknown arguments', () => {
    expect(explainYargsError('Unknown arguments: foo, x', ['run', '--foo', '-x'])).toBe('unknown options --foo, -x (see --help)');
    expect(explainYargsError('Something else\nmore', [])).toBe('Something else');
  });
});
