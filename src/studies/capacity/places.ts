/** The places of a security level, and a scenario with a level resized, staff per place kept. */
import type { Scenario, SecurityLevel } from '../../scenario/types.js';
import type { CandidateEvaluation } from './evaluate.js';
import type { CapacityTarget } from './targets.js';

/** A level in words, as outputs name its places ("1,815 high-security places"). */
export const LEVEL_WORDS: Record<SecurityLevel, string> = {
  remand: 'remand',
  high: 'high-security',
  low: 'low-security',
  halfway: 'halfway-house',
};

export interface LevelFacility {
  /** Index in the scenario's `facilities`. */
  index: number;
  name: string;
  capacity: number;
  officersFte: number;
  otherStaffFte: number;
}

export function levelFacilities(scenario: Pick<Scenario, 'facilities'>, level: SecurityLevel): LevelFacility[] {
  return scenario.facilities.flatMap((f, index) =>
    f.level === level ? [{ index, name: f.name, capacity: f.capacity, officersFte: f.officersFte, otherStaffFte: f.otherStaffFte }] : [],
  );
}

/** The level's places: the sum of its facilities' capacities. */
export function levelPlaces(scenario: Pick<Scenario, 'facilities'>, level: SecurityLevel): number {
  return levelFacilities(scenario, level).reduce((sum, f) => sum + f.capacity, 0);
}

/** `total` split in whole numbers in proportion to `weights` (largest remainder; equal split when all are 0). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const whole = shares.map(Math.floor);
  let left = total - whole.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    whole[i]++;
    left--;
  }
  return whole;
}

/**
 * A copy of the scenario whose `level` has `places` in all: the level's facilities are scaled in
 * proportion to their current capacity, and their staff with them (officers and other staff per
 * place stay as they are), so that more places do not also mean thinner or thicker staffing, which
 * changes incidents and reoffending and would confound the answer. Running costs per place stay too.
 * Dated capacity changes of a facility (when the scenario has them) scale with it. Not validated:
 * the caller validates.
 */
export function withLevelPlaces(scenario: Scenario, level: SecurityLevel, places: number): Scenario {
  const facilities = levelFacilities(scenario, level);
  if (facilities.length === 0) throw new Error(`withLevelPlaces: the scenario has no facility at level ${level}`);
  const split = apportion(places, facilities.map((f) => f.capacity));
  const total = facilities.reduce((s, f) => s + f.capacity, 0);
  const staffPerPlace = (key: 'officersFte' | 'otherStaffFte') => (total > 0 ? facilities.reduce((s, f) => s + f[key], 0) / total : 0);
  const copy = structuredClone(scenario);
  facilities.forEach((f, k) => {
    const target = copy.facilities[f.index];
    const capacity = split[k];
    const factor = f.capacity > 0 ? capacity / f.capacity : undefined;
    target.capacity = capacity;
    target.officersFte = factor !== undefined ? f.officersFte * factor : staffPerPlace('officersFte') * capacity;
    target.otherStaffFte = factor !== undefined ? f.otherStaffFte * factor : staffPerPlace('otherStaffFte') * capacity;
    // Read without the type: dated changes are newer than this module and may take other forms.
    const dated = target as unknown as { capacityChanges?: unknown };
    if (Array.isArray(dated.capacityChanges) && factor !== undefined) {
      dated.capacityChanges = dated.capacityChanges.map((c: unknown) =>
        typeof c === 'object' && c !== null && typeof (c as { capacity?: unknown }).capacity === 'number'
          ? { ...c, capacity: Math.round((c as { capacity: number }).capacity * factor) }
          : c,
      );
    }
  });
  return copy;
}

/**
 * A first guess of the answer for occupancy targets of the level searched: the people held hardly
 * depend on the places while there is room, so the occupancy scales as 1 / places and the places
 * needed are about places × (decisive occupancy ÷ target). A little more, so that the guess tends
 * to land on the passing side and close the bracket. Undefined for any other target.
 */
export function occupancyGuess(
  targets: readonly CapacityTarget[],
  level: SecurityLevel,
  places: number,
  first: Pick<CandidateEvaluation, 'targets'>,
): number | undefined {
  let ratio = 0;
  for (const [j, t] of targets.entries()) {
    const decisive = first.targets[j]?.decisive;
    if (t.series !== `occupancy_${level}` || !(t.operator === '<=' || t.operator === '<') || !(t.value > 0)) return undefined;
    if (decisive === null || decisive === undefined || !Number.isFinite(decisive)) return undefined;
    ratio = Math.max(ratio, decisive / t.value);
  }
  if (!(ratio > 0)) return undefined;
  return Math.round(places * ratio * (ratio >= 1 ? 1.02 : 0.98));
}
