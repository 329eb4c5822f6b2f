/** Calendar pieces of the band report: years as numbers, and places as steps through dated capacity changes. */
import { describe, expect, it } from 'vitest';
import { decimalYear, placesSteps } from '../../src/report/charts/bands.js';
import type { Facility } from '../../src/scenario/types.js';

const facility = (capacity: number, capacityChanges?: Facility['capacityChanges']): Facility => ({
  name: `f${capacity}`, level: 'high', capacity, officersFte: 1, otherStaffFte: 1, nonStaffCostPerPlaceYearNok: 1, ...(capacityChanges ? { capacityChanges } : {}),
});

describe('band report calendar', () => {
  it('decimalYear: 1 January is the whole year, 2 July is 182 days of 365 in', () => {
    expect(decimalYear('2025-01-01')).toBe(2025);
    expect(decimalYear('2025-07-02')).toBeCloseTo(2025 + 182 / 365, 10);
    expect(decimalYear('2024-12-31')).toBeCloseTo(2024 + 365 / 366, 10);
  });

  it('placesSteps: the places at the start, at every dated change within the horizon, and at its end', () => {
    const facilities = [facility(100, [{ date: '2026-07-01', capacity: 150 }, { date: '2040-01-01', capacity: 0 }]), facility(50)];
    const steps = placesSteps(facilities, '2025-01-01', 36);
    expect(steps.map((s) => [s.places, s.date])).toEqual([[150, '2025-01-01'], [200, '2026-07-01'], [200, 'end of the horizon']]);
    expect(steps[0].x).toBe(2025);
    expect(steps[2].x).toBe(2028);
    expect(placesSteps([facility(10)], '2025-01-01', 12).map((s) => s.places)).toEqual([10, 10]);
  });
});
