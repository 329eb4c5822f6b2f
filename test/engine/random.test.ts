import { describe, expect, it } from 'vitest';
import { createStream, type RandomStream, StreamFactory } from '../../src/engine/random.js';

function draw(stream: RandomStream, n: number): number[] {
  return Array.from({ length: n }, () => stream.next());
}

describe('random streams', () => {
  it('same (seed, replication, name) gives an identical sequence', () => {
    expect(draw(createStream(42, 3, 'arrivals'), 1000)).toEqual(draw(createStream(42, 3, 'arrivals'), 1000));
  });

  it('a different name, replication or seed gives a different sequence', () => {
    const base = draw(createStream(42, 3, 'arrivals'), 20);
    for (const other of [createStream(42, 3, 'releases'), createStream(42, 4, 'arrivals'), createStream(43, 3, 'arrivals')]) {
      expect(draw(other, 20)).not.toEqual(base);
    }
  });

  it('drawing more from one stream does not change another', () => {
    const a1 = new StreamFactory(7, 0);
    const a2 = new StreamFactory(7, 0);
    draw(a1.stream('x'), 5000);
    expect(draw(a1.stream('y'), 100)).toEqual(draw(a2.stream('y'), 100));
  });

  it('a factory returns the same stream object for the same name', () => {
    const f = new StreamFactory(1, 2);
    expect(f.stream('a')).toBe(f.stream('a'));
    expect(f.stream('a')).not.toBe(f.stream('b'));
    expect(draw(f.stream('c'), 10)).toEqual(draw(createStream(1, 2, 'c'), 10));
  });

  it('values lie in [0, 1) with a uniform mean', () => {
    const s = createStream(9, 0, 'range');
    const n = 200_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = s.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    // 5 standard errors of a U(0,1) mean: sd = 1/sqrt(12).
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(5 / Math.sqrt(12 * n));
  });
});
