/** The grid of `corrsim sweep`: parsing `--vary` and computing values without floating drift. */
import { describe, expect, test } from 'vitest';
import { decimalsOf, gridCount, gridPoints, gridValues, parseVary, type VarySpec } from '../../src/stats/grid.js';

function spec(text: string): VarySpec {
  const parsed = parseVary(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('parseVary', () => {
  test('PATH=FROM:TO:STEP', () => {
    expect(spec('programs.education.slots=100:600:100')).toEqual({
      path: 'programs.education.slots',
      segments: ['programs', 'education', 'slots'],
      from: 100,
      to: 600,
      step: 100,
      decimals: 0,
    });
    expect(spec(' facilities.0.capacity = 10 : 20 : 5 ').segments).toEqual(['facilities', '0', 'capacity']);
    expect(spec('x=-1:1:0.25').from).toBe(-1);
  });

  test.each([
    ['slots', /--vary must be PATH=FROM:TO:STEP.*got 'slots'/],
    ['=1:2:1', /--vary must be PATH=FROM:TO:STEP/],
    ['a..b=1:2:1', /--vary must be PATH=FROM:TO:STEP/],
    ['a=1:2', /--vary a: expected FROM:TO:STEP, three numbers.*got '1:2'/],
    ['a=1:2:3:4', /three numbers/],
    ['a=x:2:1', /three numbers.*got 'x:2:1'/],
    ['a=0x10:20:1', /three numbers/],
    ['a=1:2:', /three numbers/],
    ['a=1:2:0', /--vary a: STEP must be > 0; got '1:2:0'/],
    ['a=1:2:-1', /STEP must be > 0/],
    ['a=3:2:1', /--vary a: FROM must not be above TO; got '3:2:1'/],
  ])('%s is refused', (text, pattern) => {
    const parsed = parseVary(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(pattern);
  });
});

describe('grid values', () => {
  test('decimals as written', () => {
    expect(['100', '0.25', '0.250', '1e-3', '2.5e-2', '2.5e1', '-0.1'].map(decimalsOf)).toEqual([0, 2, 2, 3, 3, 0, 1]);
  });

  test('integers stay integers, TO included when on the grid', () => {
    expect(gridValues(spec('s=100:600:100'))).toEqual([100, 200, 300, 400, 500, 600]);
    expect(gridValues(spec('s=100:650:100'))).toEqual([100, 200, 300, 400, 500, 600]);
    expect(gridValues(spec('s=5:5:1'))).toEqual([5]);
    expect(gridValues(spec('s=5:6:10'))).toEqual([5]);
    expect(gridValues(spec('s=100:600:100')).every(Number.isInteger)).toBe(true);
  });

  test('no floating error accumulates: each value is the decimal as written', () => {
    // Adding 0.1 ten times gives 0.9999999999999999 and 0.30000000000000004 on the way.
    expect(gridValues(spec('p=0:1:0.1'))).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(gridValues(spec('p=0.5:0.75:0.05'))).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75]);
    expect(gridValues(spec('p=0:1:0.3'))).toEqual([0, 0.3, 0.6, 0.9]);
    expect(gridValues(spec('p=1e-3:5e-3:1e-3'))).toEqual([0.001, 0.002, 0.003, 0.004, 0.005]);
    expect(gridValues(spec('p=-0.2:0.2:0.1'))).toEqual([-0.2, -0.1, 0, 0.1, 0.2]);
    expect(gridCount(spec('p=0:1:0.1'))).toBe(11);
  });

  test('points: the first parameter varies slowest', () => {
    expect(gridPoints([[1, 2], [0.5, 0.6, 0.7]])).toEqual([
      [1, 0.5], [1, 0.6], [1, 0.7],
      [2, 0.5], [2, 0.6], [2, 0.7],
    ]);
    expect(gridPoints([[1, 2, 3]])).toEqual([[1], [2], [3]]);
  });
});
