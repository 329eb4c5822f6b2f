/**
 * Family contact during the stay (issue 15 part 3): a two-state process in continuous time —
 * contact kept or lost — with a loss rate of the level (raised while placed far from home) and a
 * regain rate of the level (leave and visits in open prisons and halfway houses). Whether contact
 * is kept matters only at release, so the model carries the probability that it is kept, updated
 * exactly at the end of each place held, and draws the state once at release: the same
 * distribution as simulating every loss and regain, with one draw instead of many events.
 */
import * as PMath from '../engine/portable-math.js';
import { DAYS_PER_YEAR } from './params.js';
import type { Person } from './person.js';
import type { Model } from './state.js';

/**
 * The probability of contact after `days` in a place, starting from `p0`: with loss rate λ and
 * regain rate μ (per day) the chain tends to π = μ / (λ + μ), and p(t) = π + (p0 − π) e^{−(λ+μ)t}.
 */
export function contactAfter(p0: number, lossPerDay: number, regainPerDay: number, days: number): number {
  const total = lossPerDay + regainPerDay;
  if (!(total > 0) || !(days > 0)) return p0;
  const pi = regainPerDay / total;
  return pi + (p0 - pi) * PMath.exp(-total * days);
}

/** A stay starts (the first place after liberty or a police cell): contact as at entry. */
export function startFamilyContact(m: Model, p: Person): void {
  p.familyContactP = m.scenario.familyContact.atEntry;
}

/** A place is taken: is it far from home? (a draw of the health stream) */
export function enterPlaceFamily(m: Model, p: Person, level: keyof Model['scenario']['familyContact']['lossPerYear']): void {
  p.familySince = m.now;
  p.farFromHome = p.rng.health.next() < m.scenario.familyContact.farFromHomeShare[level];
}

/** The place is left: the probability of contact carried through the days held there. */
export function leavePlaceFamily(m: Model, p: Person, level: keyof Model['scenario']['familyContact']['lossPerYear']): void {
  const fc = m.scenario.familyContact;
  const loss = (fc.lossPerYear[level] * (p.farFromHome ? fc.farFromHomeLossRatio : 1)) / DAYS_PER_YEAR;
  p.familyContactP = contactAfter(p.familyContactP, loss, fc.regainPerYear[level] / DAYS_PER_YEAR, m.now - p.familySince);
  p.familySince = m.now;
}
