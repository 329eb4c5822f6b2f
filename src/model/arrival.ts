/**
 * Arrival of cases: new people by a Poisson process (with a yearly trend), preventive-detention
 * cases by their own stream, and the choice between remand and conviction at liberty.
 */
import * as PMath from '../engine/portable-math.js';
import { PiecewiseConstantRate } from '../engine/distributions.js';
import { EDUCATION_LEVELS, HOUSING_STATUSES, OFFENCES, type Population } from '../scenario/types.js';
import { convictAtLiberty } from './court.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, dateOfDay, dayOfDate, pickIndex } from './params.js';
import { Substream, substreamSeed } from '../engine/random.js';
import { PersonRecord, Sentence, Status, type Person, type PersonStreams } from './person.js';
import { startFamilyContact } from './family.js';
import { updateRisk } from './recidivism.js';
import { enterRemand } from './remand.js';
import { drawForeignCase, remandShareOf } from './people.js';
import type { Model } from './state.js';

/**
 * The rate of new cases as a step function over calendar years: from the table of yearly figures
 * where it has an entry for the year or an earlier one, otherwise newCasesPerYear compounded by the
 * trend for each whole year since the start date (warm-up runs at the base rate).
 */
export function newCaseRate(m: Model): PiecewiseConstantRate {
  const pop = m.scenario.population;
  const start = m.scenario.run.startDate;
  const perYearIn = (year: number) => newCasesInYear(pop, start, year);
  const firstYear = Number(dateOfDay(0, start, m.measureStartDay).slice(0, 4));
  const starts = [0];
  const rates = [perYearIn(firstYear) / DAYS_PER_YEAR];
  for (let year = firstYear + 1; ; year++) {
    const day = dayOfDate(`${year}-01-01`, start, m.measureStartDay);
    if (day >= m.endDay) break;
    starts.push(day);
    rates.push(perYearIn(year) / DAYS_PER_YEAR);
  }
  return new PiecewiseConstantRate(starts, rates);
}

/**
 * New cases a year in a calendar year: the table's figure for the year or the last earlier one;
 * without one, newCasesPerYear compounded by the trend for each whole year since the start date.
 */
export function newCasesInYear(
  pop: Pick<Population, 'newCasesPerYear' | 'trendPercentPerYear' | 'newCasesByYear'>,
  startDate: string,
  year: number,
): number {
  let value: number | undefined;
  for (const row of pop.newCasesByYear ?? []) if (row.year <= year) value = row.perYear;
  if (value !== undefined) return value;
  const startYear = Number(startDate.slice(0, 4));
  return pop.newCasesPerYear * PMath.pow(1 + pop.trendPercentPerYear / 100, Math.max(0, year - startYear));
}

/**
 * The health stream (issue 15 part 3) is seeded from the recidivism stream's seed, hashed, not
 * drawn from the people stream: adding it shifts no one's other streams.
 */
export function healthStream(recidivism: Substream): Substream {
  let z = (recidivism.position ^ 0x68ea17b5) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  z ^= z >>> 16;
  return new Substream(z);
}

export function createPerson(m: Model, preventiveDetention: boolean): Person {
  const pop = m.scenario.population;
  const people = m.rng.people;
  const rng: PersonStreams = {
    case: new Substream(substreamSeed(people)),
    programs: new Substream(substreamSeed(people)),
    conduct: new Substream(substreamSeed(people)),
    release: new Substream(substreamSeed(people)),
    recidivism: new Substream(substreamSeed(people)),
    health: null as unknown as Substream,
  };
  rng.health = healthStream(rng.recidivism as Substream);
  const a = rng.case;
  const now = m.now;
  const offenceCum = preventiveDetention ? m.params.pdOffenceCum : m.params.offenceCum;
  const p = new PersonRecord(m.personNumbers, {
    id: m.people.length,
    rng,
    caseRegime: m.policy.regime,
    birthDay: now - m.params.ageAtEntry.sample(a) * DAYS_PER_YEAR,
    woman: a.next() < pop.shareWomen,
    foreign: a.next() < pop.shareForeign,
    priors: Math.max(0, Math.round(m.params.priors.sample(a))),
    offence: OFFENCES[pickIndex(offenceCum, a.next())],
    education: EDUCATION_LEVELS[pickIndex(m.params.educationCum, a.next())],
    employedBefore: a.next() < pop.shareEmployedBeforeEntry,
    housingBefore: HOUSING_STATUSES[pickIndex(m.params.housingCum, a.next())],
    substanceUse: a.next() < pop.shareSubstanceUseDisorder,
    mentalIllness: a.next() < pop.shareSeriousMentalIllness,
    sentenceKind: preventiveDetention ? Sentence.PreventiveDetention : Sentence.None,
    now,
  });
  startFamilyContact(m, p);
  m.people.push(p);
  m.integrals.add(Status.AtLiberty, 1, now);
  updateRisk(m, p);
  return p;
}

export function onCaseArrival(m: Model, rate: PiecewiseConstantRate): void {
  const p = createPerson(m, false);
  m.note(p, 'new case');
  startCase(m, p);
  scheduleNextCase(m, rate);
}

export function scheduleNextCase(m: Model, rate: PiecewiseConstantRate): void {
  const next = rate.nextEventTime(m.now, m.rng.arrivals);
  if (next < m.endDay) m.sim.scheduleAt(next, Ev.CaseArrival, -1, 0, Priority.Arrival);
}

export function onPreventiveDetentionArrival(m: Model): void {
  const p = createPerson(m, true);
  m.note(p, 'new case (preventive detention)');
  // Cases that end in preventive detention are grave and always remanded first.
  enterRemand(m, p);
  scheduleNextPreventiveDetention(m);
}

export function scheduleNextPreventiveDetention(m: Model): void {
  const perYear = m.scenario.sentencing.preventiveDetention.newPerYear;
  if (perYear <= 0) return;
  const gap = (-PMath.log(1 - m.rng.preventiveDetention.next()) / perYear) * DAYS_PER_YEAR;
  if (m.now + gap < m.endDay) m.preventiveDetentionArrival = m.sim.schedule(gap, Ev.PreventiveDetentionArrival, -1, 0, Priority.Arrival);
}

/** A case starts: arrested and remanded (a share that depends on offence), or convicted at liberty. */
export function startCase(m: Model, p: Person): void {
  p.caseRegime = m.policy.regime;
  p.episodeStartDay = m.now;
  startFamilyContact(m, p);
  p.custodyDays = 0;
  p.staffRatioDays = 0;
  p.facilityDays = 0;
  p.incidents = 0;
  p.completed = 0;
  p.referrals = 0;
  p.enrolledEver = 0;
  p.programResume = -1;
  p.workResume = -1;
  p.halfwayApproved = false;
  p.enteredLowSecurity = false;
  p.wasOnEm = false;
  p.remandDays = 0;
  p.remandStartDay = NaN;
  p.convictionDay = NaN;
  p.sentenceKind = Sentence.None;
  drawForeignCase(m, p);
  const share = remandShareOf(m, p, m.scenario.remand.shareByOffence[p.offence]);
  if (p.rng.case.next() < (m.inputs.hasRemand ? share * m.inputs.remandShareFactor(m.now) : share)) enterRemand(m, p);
  else convictAtLiberty(m, p);
}

/** A reconvicted person comes back through the same door as a new case, carrying their history. */
export function onNewCase(m: Model, p: Person): void {
  p.generation++;
  p.priors++;
  p.offence = OFFENCES[pickIndex(m.params.offenceCum, p.rng.case.next())];
  updateRisk(m, p);
  if (m.tracing) m.note(p, `new case: charged with a ${p.offence} offence (${p.priors} prior convictions)`);
  startCase(m, p);
}
