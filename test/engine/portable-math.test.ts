/**
 * The portable elementary functions (src/engine/portable-math.ts) against the engine's own Math.
 *
 * On Node 20 (V8 11, whose Math.log, log1p, exp, expm1, pow, sin and cos are fdlibm) they must be
 * the very same doubles, bit for bit, on every argument: that is what keeps `corrsim run`'s results
 * unchanged by the switch. Each range below is one the model uses (logs of 1 − u for exponential
 * draws, cos(2πu) for Box–Muller, odds ratios to the power of counts, Weibull powers, …) or the whole
 * double range. On any other engine the test asserts what the standard asks of Math instead: within
 * one unit in the last place. A fixed hash of the outputs pins the results themselves, so a change to
 * the code that alters a last bit anywhere fails here and not only in a browser.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random.js';
import * as PMath from '../../src/engine/portable-math.js';

const FDLIBM_MATH = /^11\./.test(process.versions.v8);
const N = 100_000;

const bits = new Float64Array(1);
const words = new BigUint64Array(bits.buffer);
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const key = (x: number) => {
    bits[0] = x;
    const w = words[0];
    return w >> 63n ? -(w & 0x7fffffffffffffffn) : w;
  };
  return Number(key(a) > key(b) ? key(a) - key(b) : key(b) - key(a));
}

type Gen = (u: () => number, anyDouble: () => number) => number[];

/** A uniform on [0, 1) and a random finite positive double (any exponent), from one seeded stream. */
function sources(name: string) {
  const rng = createStream(2026, 0, `portable-math:${name}`);
  const u = () => rng.next();
  const anyDouble = () => {
    for (;;) {
      const hi = Math.floor(u() * 0x7ff00000);
      const lo = Math.floor(u() * 2 ** 32);
      words[0] = (BigInt(hi) << 32n) | BigInt(lo);
      if (bits[0] > 0) return bits[0];
    }
  };
  return { u, anyDouble };
}

const CASES: Array<{ name: string; portable: (...a: number[]) => number; math: (...a: number[]) => number; gen: Gen }> = [
  { name: 'log(1 − u)', portable: PMath.log, math: Math.log, gen: (u) => [1 - u()] },
  { name: 'log(any double)', portable: PMath.log, math: Math.log, gen: (_, any) => [any()] },
  { name: 'log(0 .. 1e6)', portable: PMath.log, math: Math.log, gen: (u) => [u() * 1e6] },
  { name: 'exp(−50 .. 50)', portable: PMath.exp, math: Math.exp, gen: (u) => [(u() - 0.5) * 100] },
  { name: 'exp(−746 .. 710)', portable: PMath.exp, math: Math.exp, gen: (u) => [u() * 1456 - 746] },
  { name: 'exp(tiny)', portable: PMath.exp, math: Math.exp, gen: (u) => [(u() - 0.5) * 1e-7] },
  { name: 'log1p(−1 .. 2)', portable: PMath.log1p, math: Math.log1p, gen: (u) => [u() * 3 - 1] },
  { name: 'log1p(any double)', portable: PMath.log1p, math: Math.log1p, gen: (u, any) => [u() < 0.5 ? any() : -u()] },
  { name: 'expm1(−40 .. 5)', portable: PMath.expm1, math: Math.expm1, gen: (u) => [u() * 45 - 40] },
  { name: 'expm1(−750 .. 710)', portable: PMath.expm1, math: Math.expm1, gen: (u) => [u() * 1460 - 750] },
  { name: 'expm1(−1e-3 .. 1e-3)', portable: PMath.expm1, math: Math.expm1, gen: (u) => [(u() - 0.5) * 2e-3] },
  { name: 'cos(2πu)', portable: PMath.cos, math: Math.cos, gen: (u) => [2 * Math.PI * u()] },
  { name: 'sin(πx), x < 0.5', portable: PMath.sin, math: Math.sin, gen: (u) => [Math.PI * (u() - 0.5)] },
  { name: 'sin(−1e6 .. 1e6)', portable: PMath.sin, math: Math.sin, gen: (u) => [(u() - 0.5) * 2e6] },
  { name: 'cos(any double)', portable: PMath.cos, math: Math.cos, gen: (u, any) => [u() < 0.5 ? any() : -any()] },
  { name: 'sin(any double)', portable: PMath.sin, math: Math.sin, gen: (u, any) => [u() < 0.5 ? any() : -any()] },
  { name: 'pow(0 .. 10, −20 .. 20)', portable: PMath.pow, math: Math.pow, gen: (u) => [u() * 10, u() * 40 - 20] },
  { name: 'pow(weibull: 0 .. 40, 0.2 .. 5)', portable: PMath.pow, math: Math.pow, gen: (u) => [u() * 40, 0.2 + u() * 4.8] },
  { name: 'pow(1 − u, 1/shape)', portable: PMath.pow, math: Math.pow, gen: (u) => [1 - u(), 1 / (0.1 + u() * 5)] },
  { name: 'pow(odds ratio, count)', portable: PMath.pow, math: Math.pow, gen: (u) => [0.3 + u() * 2, Math.floor(u() * 60)] },
  { name: 'pow(ratio, age − 40)', portable: PMath.pow, math: Math.pow, gen: (u) => [1 + u() * 0.2, u() * 70 - 25] },
  {
    name: 'pow(any, any)',
    portable: PMath.pow,
    math: Math.pow,
    gen: (u, any) => [any() * (u() < 0.5 ? -1 : 1), (u() < 0.5 ? Math.floor(u() * 100) : any()) * (u() < 0.5 ? -1 : 1)],
  },
];

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, 1e-310, -1e-310, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Math.PI, Math.PI / 2, Math.PI / 4, 709.782712893384, -745.1332191019411, 1e300, 2 ** 31, 2 ** 53, 2 ** 64, 0.9999999999999999, 1.0000000000000002];

describe('portable elementary functions', () => {
  for (const c of CASES) {
    it(`${c.name}: ${FDLIBM_MATH ? 'identical to Node 20’s Math' : 'within 1 ulp of this engine’s Math'}`, () => {
      const { u, anyDouble } = sources(c.name);
      let differ = 0;
      let worst = 0;
      let example = '';
      for (let i = 0; i < N; i++) {
        const args = c.gen(u, anyDouble);
        const a = c.portable(...args);
        const b = c.math(...args);
        const apart = ulpsApart(a, b);
        if (apart > 0) {
          differ++;
          if (apart > worst) {
            worst = apart;
            example = `${c.name.split('(')[0]}(${args.join(', ')}) = ${a}, Math: ${b}`;
          }
        }
      }
      if (FDLIBM_MATH) expect(differ, example).toBe(0);
      else expect(worst, example).toBeLessThanOrEqual(1);
    });
  }

  it('special arguments: the standard’s results', () => {
    const problems: string[] = [];
    const check = (name: string, a: number, b: number, args: number[]) => {
      if (ulpsApart(a, b) > (FDLIBM_MATH ? 0 : 1)) problems.push(`${name}(${args.join(', ')}) = ${a}, Math: ${b}`);
    };
    for (const x of SPECIAL) {
      check('log', PMath.log(x), Math.log(x), [x]);
      check('log1p', PMath.log1p(x), Math.log1p(x), [x]);
      check('exp', PMath.exp(x), Math.exp(x), [x]);
      check('expm1', PMath.expm1(x), Math.expm1(x), [x]);
      check('sin', PMath.sin(x), Math.sin(x), [x]);
      check('cos', PMath.cos(x), Math.cos(x), [x]);
      for (const y of SPECIAL) check('pow', PMath.pow(x, y), Math.pow(x, y), [x, y]);
    }
    expect(problems).toEqual([]);
  });

  it('gives the same bits as when it was written (a hash of 10,000 results of each function)', () => {
    const { u } = sources('hash');
    const out = new Float64Array(7 * 10_000);
    let k = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = u();
      out[k++] = PMath.log(1 - v);
      out[k++] = PMath.exp(v * 40 - 20);
      out[k++] = PMath.log1p(v * 3 - 0.999);
      out[k++] = PMath.expm1(v * 20 - 15);
      out[k++] = PMath.sin(Math.PI * (v - 0.5));
      out[k++] = PMath.cos(2 * Math.PI * v);
      out[k++] = PMath.pow(v * 5, v * 10 - 5);
    }
    const hash = createHash('sha256').update(new Uint8Array(out.buffer)).digest('hex');
    expect(hash).toBe(EXPECTED_HASH);
  });
});

const EXPECTED_HASH = 'd80a590f536e1d970c4e796a270b365c558e5d1e68ee102d254b2cfa0f021bd6';
