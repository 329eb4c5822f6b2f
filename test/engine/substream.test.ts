/**
 * Per-entity substreams: uniform on [0, 1), reproducible from their seed, and independent enough
 * across neighbouring seeds for a model's agents.
 */
import { describe, expect, it } from 'vitest';
import { Substream, createStream, substreamSeed } from '../../src/engine/random.js';

describe('Substream', () => {
  it('has the mean and variance of U(0,1) (n = 400,000; tolerance 5 standard errors)', () => {
    const s = new Substream(12345);
    const n = 400_000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      if (u < min) min = u;
      if (u > max) max = u;
      sum += u;
      sumSq += u * u;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // SE of the mean: sqrt(1/12 / n); SE of the variance: sqrt((1/80 - 1/144) / n).
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it('passes a chi-square test on 100 bins over many short streams with consecutive seeds', () => {
    // 20,000 entities drawing 10 numbers each, as agents do: the first draws of neighbouring seeds must not be alike.
    const bins = new Array(100).fill(0);
    for (let seed = 0; seed < 20_000; seed++) {
      const s = new Substream(seed);
      for (let k = 0; k < 10; k++) bins[Math.floor(s.next() * 100)]++;
    }
    const expected = 200_000 / 100;
    const chi2 = bins.reduce((a, o) => a + (o - expected) ** 2 / expected, 0);
    // 99 degrees of freedom: the 99.9th percentile is 148.2.
    expect(chi2).toBeLessThan(148.2);
  });

  it('is reproducible from its seed, and seeds drawn from a named stream are reproducible', () => {
    const a = new Substream(substreamSeed(createStream(1, 0, 'people')));
    const b = new Substream(substreamSeed(createStream(1, 0, 'people')));
    const xs = Array.from({ length: 50 }, () => a.next());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(xs);
    const c = new Substream(substreamSeed(createStream(2, 0, 'people')));
    expect(Array.from({ length: 50 }, () => c.next())).not.toEqual(xs);
  });

  it('replays its draws from a recorded position', () => {
    const a = new Substream(12345);
    a.next();
    const replay = new Substream(a.position);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => replay.next())).toEqual(xs);
  });

  it('draws of one entity are uncorrelated with the next entity (lag correlation below 4/sqrt(n))', () => {
    const n = 50_000;
    let sxy = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    for (let seed = 0; seed < n; seed++) {
      const x = new Substream(seed).next();
      const y = new Substream(seed + 1).next();
      sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
    }
    const r = (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
  });
});
