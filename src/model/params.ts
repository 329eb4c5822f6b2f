/**
 * Parameters prepared once per replication from the scenario: samplers compiled, mixes turned
 * into cumulative tables, years turned into days. The model reads these, never raw YAML.
 */
import * as PMath from '../engine/portable-math.js';
import { compileDistribution, standardNormal, type Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import {
  EDUCATION_LEVELS,
  HOUSING_STATUSES,
  OFFENCES,
  PROGRAMS,
  PROGRAM_TRACKS,
  SECURITY_LEVELS,
  type EducationLevel,
  type OddsRatio,
  type Offence,
  type ProgramName,
  type Scenario,
  type SecurityLevel,
} from '../scenario/types.js';

export const DAYS_PER_YEAR = 365.25;
const MS_PER_DAY = 86_400_000;

/** Simulation day of a calendar date, given the date at which measurement starts (day measureStartDay). */
export function dayOfDate(date: string, startDate: string, measureStartDay: number): number {
  return measureStartDay + (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / MS_PER_DAY;
}

/** Calendar date (YYYY-MM-DD) of a simulation day. */
export function dateOfDay(day: number, startDate: string, measureStartDay: number): string {
  return new Date(Date.parse(`${startDate}T00:00:00Z`) + Math.round((day - measureStartDay) * MS_PER_DAY)).toISOString().slice(0, 10);
}

/** The places a facility's staff is given for: its capacity, or if it starts closed, its first opening. */
export function nominalPlaces(f: { capacity: number; capacityChanges?: ReadonlyArray<{ capacity: number }> }): number {
  if (f.capacity > 0) return f.capacity;
  return f.capacityChanges?.find((c) => c.capacity > 0)?.capacity ?? 0;
}

/** Cumulative shares of a mix, normalised so that the last entry is exactly 1. */
export function cumulative(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] / total;
    out[i] = acc;
  }
  out[weights.length - 1] = 1;
  return out;
}

export function pickIndex(cum: Float64Array, u: number): number {
  for (let i = 0; i < cum.length; i++) if (u < cum[i]) return i;
  return cum.length - 1;
}

export function offenceIndex(offence: Offence): number {
  return OFFENCES.indexOf(offence);
}

export function educationRank(level: EducationLevel): number {
  return EDUCATION_LEVELS.indexOf(level);
}

export interface ProgramParams {
  name: ProgramName;
  index: number;
  duration: Sampler;
  completionProbability: number;
  minRemainingDays: number;
  referralShare: number;
  levels: ReadonlySet<SecurityLevel>;
  /** 0: the programme track, 1: the work track (PROGRAM_TRACKS); the two run side by side. */
  track: number;
  continues: boolean;
  resumeAfterTransfer: boolean;
}

/** Programmes in the order a sentence plan takes them up: treatment first, then school, then the rest. */
export const PROGRAM_PRIORITY: readonly ProgramName[] = [
  'psychiatricCare',
  'addictionTreatment',
  'education',
  'cognitiveBehavioural',
  'vocational',
  'work',
];

export interface Params {
  scenario: Scenario;
  offenceCum: Float64Array;
  pdOffenceCum: Float64Array;
  educationCum: Float64Array;
  housingCum: Float64Array;
  remandOutcomeCum: Float64Array;
  ageAtEntry: Sampler;
  priors: Sampler;
  remandDuration: Sampler;
  convictionLag: Sampler;
  sentenceLength: Sampler;
  maxSentenceDays: number;
  pdMinimumTerm: Sampler;
  pdTimeFrameExtra: Sampler;
  summonsLead: Sampler;
  communityDuration: Sampler;
  halfwayLast: Sampler;
  timeToReoffence: Sampler;
  programs: ProgramParams[];
  /** Bits (programBit) of the programmes whose completion counts as progress (stepDown.progress.programmes). */
  progressMask: number;
  policeCellMaxDays: number;
  /** Natural logs of the recidivism model's odds ratios, taken once rather than per release. */
  lnOdds: Record<keyof Scenario['recidivism']['effects'] | 'women', number>;
}

/** 1.96: a 95% interval spans ±1.96 standard errors. */
const Z_95 = 1.959963984540054;

/**
 * ln(odds ratio) for this replication: the estimate itself, or, when an interval is given and
 * `evidence` is a stream, one log-normal draw (the interval read as ±1.96 SE on the log scale).
 * A draw is taken for every effect in a fixed order whether or not it has an interval, so that
 * two scenarios differing in one effect still draw the others identically.
 */
function lnOdds(or: OddsRatio, evidence: RandomStream | null): number {
  const z = evidence === null ? 0 : standardNormal(evidence);
  if (typeof or === 'number') return PMath.log(or);
  const [low, high] = or.ci95;
  const se = (PMath.log(high) - PMath.log(low)) / (2 * Z_95);
  return PMath.log(or.estimate) + z * se;
}

/** Prepares the parameters; `evidence` draws uncertain effect sizes once for the replication (null keeps the estimates). */
export function prepareParams(scenario: Scenario, evidence: RandomStream | null = null): Params {
  const s = scenario;
  const programs = PROGRAMS.map((name, index) => {
    const spec = s.programs[name];
    return {
      name,
      index,
      duration: compileDistribution(spec.durationDays),
      completionProbability: spec.completionProbability,
      minRemainingDays: spec.minRemainingDays,
      referralShare: spec.referralShare,
      levels: new Set(spec.levels),
      track: PROGRAM_TRACKS.indexOf(spec.track),
      continues: spec.continues,
      resumeAfterTransfer: spec.resumeAfterTransfer,
    };
  });
  return {
    scenario: s,
    offenceCum: cumulative(OFFENCES.map((o) => s.population.offenceMix[o])),
    pdOffenceCum: cumulative(OFFENCES.map((o) => s.sentencing.preventiveDetention.offenceMix[o])),
    educationCum: cumulative(EDUCATION_LEVELS.map((e) => s.population.educationMix[e])),
    housingCum: cumulative(HOUSING_STATUSES.map((h) => s.population.housingMix[h])),
    remandOutcomeCum: cumulative([
      s.remand.outcome.custodialDirect,
      s.remand.outcome.custodialLater,
      s.remand.outcome.community,
      s.remand.outcome.noCorrectionalSentence,
    ]),
    ageAtEntry: compileDistribution(s.population.ageAtEntryYears),
    priors: compileDistribution(s.population.priorConvictions),
    remandDuration: compileDistribution(s.remand.durationDays),
    convictionLag: compileDistribution(s.court.convictionLagDays),
    sentenceLength: compileDistribution(s.sentencing.lengthDays),
    maxSentenceDays: s.sentencing.maxYears * DAYS_PER_YEAR,
    pdMinimumTerm: compileDistribution(s.sentencing.preventiveDetention.minimumTermYears),
    pdTimeFrameExtra: compileDistribution(s.sentencing.preventiveDetention.timeFrameExtraYears),
    summonsLead: compileDistribution(s.sentenceQueue.summonsLeadTimeDays),
    communityDuration: compileDistribution(s.communitySentences.durationDays),
    halfwayLast: compileDistribution(s.stepDown.halfwayHouse.lastDays),
    timeToReoffence: compileDistribution(s.recidivism.timeToReoffenceDays),
    programs,
    progressMask: s.stepDown.progress.programmes.reduce((mask, name) => mask | (1 << PROGRAMS.indexOf(name)), 0),
    policeCellMaxDays: s.remand.policeCellMaxHours / 24,
    lnOdds: {
      ...(Object.fromEntries(EFFECTS.map((k) => [k, lnOdds(s.recidivism.effects[k], evidence)])) as Record<EffectName, number>),
      women: PMath.log(s.recidivism.womenOddsRatio),
    },
  };
}

/**
 * Slots per programme (PROGRAMS order) and facility (scenario order): each programme's total split
 * over the facilities of its levels in proportion to capacity, a remand unit's capacity weighted
 * by the programme's `remandSlotWeight` (remand units offer little).
 */
export function programSlots(s: Scenario): number[][] {
  return PROGRAMS.map((name) => {
    const spec = s.programs[name];
    const weights = s.facilities.map((f) => (f.level === 'remand' ? spec.remandSlotWeight : 1) * f.capacity);
    return splitSlots(spec.slots, weights, s.facilities.map((f) => spec.levels.includes(f.level)));
  });
}

/** Splits a programme's total slots over the facilities of its levels in proportion to capacity (largest remainder). */
export function splitSlots(total: number, capacities: readonly number[], offered: readonly boolean[]): number[] {
  const weights = capacities.map((c, i) => (offered[i] ? c : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  let left = Math.round(total) - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    if (weights[i] > 0) {
      out[i]++;
      left--;
    }
  }
  return out;
}

type EffectName = keyof Scenario['recidivism']['effects'];
/** The recidivism effects in the fixed order their evidence draws are taken. */
export const EFFECTS: readonly EffectName[] = [
  'educationCompleted',
  'treatmentCompleted',
  'treatmentContinued',
  'cognitiveBehaviouralCompleted',
  'housedAtRelease',
  'employedAtRelease',
  'familyContactKept',
  'staffPerPlacePlus025',
  'servedOnEm',
  'perIncident',
  // Issue 15 part 3 (health): appended, so that the draws of the effects above are unchanged.
  'psychiatricCareContinued',
];

/** Programme names as a reader would write them. */
export const PROGRAM_LABELS: Record<ProgramName, string> = {
  education: 'education',
  vocational: 'vocational training',
  work: 'prison work',
  addictionTreatment: 'addiction treatment',
  cognitiveBehavioural: 'a cognitive-behavioural programme',
  psychiatricCare: 'psychiatric care',
};

/** A duration for a story line: days, with months or years when long. */
export function formatDuration(days: number): string {
  const d = Math.round(days);
  if (d < 120) return `${d} days`;
  if (d < 730) return `${d} days (${(d / (DAYS_PER_YEAR / 12)).toFixed(0)} months)`;
  return `${d} days (${(d / DAYS_PER_YEAR).toFixed(1)} years)`;
}

export const LEVEL_INDEX: Record<SecurityLevel, number> = { remand: 0, high: 1, low: 2, halfway: 3 };
export { SECURITY_LEVELS, OFFENCES, PROGRAMS };
