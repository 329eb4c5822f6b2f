/** The backtest's arithmetic on series with known answers: MAPE, bias, coverage, the factor band, and prediction bands. */
import { describe, expect, test } from 'vitest';
import { forecastScores, predictionBand } from '../../src/stats/forecast.js';

describe('forecastScores', () => {
  test('MAPE, bias and bias % of a known series', () => {
    // errors: +10 on 100 (10%), −20 on 200 (−10%), +0 on 50 (0%)
    const s = forecastScores([
      { observed: 100, forecast: 110 },
      { observed: 200, forecast: 180 },
      { observed: 50, forecast: 50 },
    ]);
    expect(s.n).toBe(3);
    expect(s.mapePercent).toBeCloseTo((10 + 10 + 0) / 3, 12);
    expect(s.bias).toBeCloseTo((10 - 20 + 0) / 3, 12);
    expect(s.biasPercent).toBeCloseTo(0, 12);
    expect(Number.isNaN(s.coverage80)).toBe(true); // no intervals given
  });

  test('coverage counts observations inside each interval, ends included', () => {
    const pairs = [
      { observed: 10, forecast: 10, lo80: 9, hi80: 11, lo95: 8, hi95: 12 }, // inside both
      { observed: 11, forecast: 10, lo80: 9, hi80: 11, lo95: 8, hi95: 12 }, // on the 80% edge: inside
      { observed: 11.5, forecast: 10, lo80: 9, hi80: 11, lo95: 8, hi95: 12 }, // outside 80, inside 95
      { observed: 20, forecast: 10, lo80: 9, hi80: 11, lo95: 8, hi95: 12 }, // outside both
    ];
    const s = forecastScores(pairs);
    expect(s.coverage80).toBe(2 / 4);
    expect(s.coverage95).toBe(3 / 4);
  });

  test('within a factor of 1.5, and observations of 0 left out of the percentages but not the bias', () => {
    const s = forecastScores([
      { observed: 100, forecast: 150 }, // ratio 1.5: within
      { observed: 100, forecast: 151 }, // outside
      { observed: 90, forecast: 60 }, // ratio 2/3: within
      { observed: 0, forecast: 5 },
    ]);
    expect(s.withinFactor1_5).toBe(2 / 3);
    expect(s.n).toBe(4);
    expect(s.mapePercent).toBeCloseTo((50 + 51 + (30 / 90) * 100) / 3, 10);
    expect(s.bias).toBeCloseTo((50 + 51 - 30 + 5) / 4, 12);
  });

  test('a forecast that is not finite is not scored', () => {
    const s = forecastScores([{ observed: 100, forecast: NaN }, { observed: 100, forecast: 90 }]);
    expect(s.n).toBe(1);
    expect(s.mapePercent).toBeCloseTo(10, 12);
    expect(Number.isNaN(forecastScores([]).mapePercent)).toBe(true);
  });
});

describe('predictionBand', () => {
  test('the mean and type-7 percentiles of replications', () => {
    const values = Array.from({ length: 11 }, (_, i) => i * 10); // 0, 10, …, 100
    const b = predictionBand([...values].reverse());
    expect(b.mean).toBe(50);
    expect(b.lo80).toBeCloseTo(10, 12);
    expect(b.hi80).toBeCloseTo(90, 12);
    expect(b.lo95).toBeCloseTo(2.5, 12);
    expect(b.hi95).toBeCloseTo(97.5, 12);
    expect(b.n).toBe(11);
  });

  test('non-finite values are left out; none at all gives NaN', () => {
    expect(predictionBand([1, NaN, 3]).mean).toBe(2);
    expect(Number.isNaN(predictionBand([NaN]).mean)).toBe(true);
  });
});
