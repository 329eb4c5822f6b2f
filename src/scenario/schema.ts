/**
 * The zod schema of a scenario: what `types.ts` declares, plus the constraints that make a value
 * meaningful (shares in [0, 1], odds ratios above 0, capacities as whole numbers, ...).
 *
 * Every leaf carries its expectation in words ("expected a whole number >= 0"); `messages.ts` turns
 * zod's issues into one line per problem with the path and the value found. Cross-field checks
 * (superRefine) write their whole message themselves, the value found included.
 */
import { z } from 'zod';
import { checkDistribution, type DistributionSpec } from '../engine/distributions.js';
import { isPlainObject } from './merge.js';
import { describeIssues, describeValue } from './messages.js';
import { fixedFieldsIn, withPatches } from './policy.js';
import {
  EDUCATION_LEVELS,
  HOUSING_STATUSES,
  OFFENCES,
  POLICY_REACH,
  PROGRAMS,
  PROGRAM_TRACKS,
  SECURITY_LEVELS,
  VALVE_METRICS,
  VALVE_TYPES,
  type PolicyChange,
  type Scenario,
  type SecurityLevel,
  type Valve,
} from './types.js';

// ---------------------------------------------------------------------------------------------
// Leaves

interface NumberRule {
  int?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  gt?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive upper bound. */
  lt?: number;
}

/** "a whole number >= 0", "a number between 0 and 1", "a number > 0 and <= 1", ... */
export function describeNumberRule(rule: NumberRule): string {
  const kind = rule.int ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} between ${rule.min} and ${rule.max}`;
  const lower = rule.gt !== undefined ? `> ${rule.gt}` : rule.min !== undefined ? `>= ${rule.min}` : undefined;
  const upper = rule.lt !== undefined ? `< ${rule.lt}` : rule.max !== undefined ? `<= ${rule.max}` : undefined;
  return [kind, [lower, upper].filter((part) => part !== undefined).join(' and ')].filter((s) => s !== '').join(' ');
}

function numberWith(rule: NumberRule) {
  const error = `expected ${describeNumberRule(rule)}`;
  let schema = z.number({ error });
  if (rule.int) schema = schema.int({ error });
  if (rule.min !== undefined) schema = schema.gte(rule.min, { error });
  if (rule.gt !== undefined) schema = schema.gt(rule.gt, { error });
  if (rule.max !== undefined) schema = schema.lte(rule.max, { error });
  if (rule.lt !== undefined) schema = schema.lt(rule.lt, { error });
  return schema;
}

/** Any finite number (log-odds, slopes). */
const real = () => numberWith({});
/** Places, slots, counts. */
const count = () => numberWith({ int: true, min: 0 });
/** Days, years, NOK, FTE, rates. */
const nonNegative = () => numberWith({ min: 0 });
/** Divisors, scales, multipliers and odds ratios. */
const positive = () => numberWith({ gt: 0 });
/** Shares and probabilities. */
const share = () => numberWith({ min: 0, max: 1 });

const text = () => z.string({ error: 'expected text' });
const flag = () => z.boolean({ error: 'expected true or false' });

const offence = z.enum(OFFENCES);
const offenceList = () => z.array(offence, { error: `expected a list of offences, e.g. [violence, sexual]` });
const levelList = () => z.array(z.enum(SECURITY_LEVELS), { error: 'expected a list of levels, e.g. [high, low]' });
const programList = () => z.array(z.enum(PROGRAMS), { error: 'expected a list of programmes, e.g. [education, vocational]' });

/** An object with exactly the given keys, each holding `value`. */
function keyed<const K extends string, S extends z.ZodType>(keys: readonly K[], value: () => S) {
  const shape = {} as Record<K, S>;
  for (const key of keys) shape[key] = value();
  return z.strictObject(shape);
}

/**
 * Cross-field checks run only once the fields they combine are each valid, so that one wrong
 * value gives one message (zod would otherwise run them after a continuable issue such as a
 * value below its minimum).
 */
const onceFieldsAreValid = { when: (payload: z.core.ParsePayload) => payload.issues.length === 0 };

const sumOf = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** Shares over the keys (normalised by the model), so only their sum must be positive. */
function mix<const K extends string>(keys: readonly K[]) {
  return keyed(keys, nonNegative).superRefine((shares, ctx) => {
    if (sumOf(Object.values(shares as Record<string, number>)) <= 0) {
      ctx.addIssue({ code: 'custom', message: 'expected shares with a positive sum, found all zero' });
    }
  }, onceFieldsAreValid);
}

// ---------------------------------------------------------------------------------------------
// Distributions. Every random quantity of a scenario (ages, counts, days, years) is non-negative,
// so the support of each distribution must be too.

const DISTRIBUTION_EXAMPLE = 'expected a distribution, e.g. {type: gamma, shape: 2, scale: 60}';

const fixedDistribution = z.strictObject({ type: z.literal('fixed'), value: nonNegative() });
const uniformDistribution = z.strictObject({ type: z.literal('uniform'), min: nonNegative(), max: nonNegative() });
const exponentialDistribution = z.strictObject({ type: z.literal('exponential'), mean: positive() });
const gammaDistribution = z.strictObject({ type: z.literal('gamma'), shape: positive(), scale: positive() });
const lognormalDistribution = z.strictObject({ type: z.literal('lognormal'), mean: positive(), cv: positive() });
const weibullDistribution = z.strictObject({ type: z.literal('weibull'), shape: positive(), scale: positive() });
const bernoulliDistribution = z.strictObject({ type: z.literal('bernoulli'), p: share() });

const categoricalDistribution = z.strictObject({
  type: z.literal('categorical'),
  values: z.array(nonNegative(), { error: 'expected a list of numbers' }).min(1, { error: 'expected at least one value' }),
  weights: z.array(nonNegative(), { error: 'expected a list of numbers' }).min(1, { error: 'expected at least one weight' }),
});

const BIN_EXPECTED = 'expected a bin [lower, upper, weight]';
const empiricalBin = z.tuple([nonNegative(), nonNegative(), nonNegative()], {
  error: (issue) => (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type' ? BIN_EXPECTED : undefined),
});

const empiricalDistribution = z.strictObject({
  type: z.literal('empirical'),
  bins: z
    .array(empiricalBin, { error: 'expected a list of bins [lower, upper, weight]' })
    .min(1, { error: 'expected at least one bin [lower, upper, weight]' }),
});

/** Checks across the fields of a distribution whose fields are each valid. */
function checkDistributionFields(d: DistributionSpec, ctx: z.RefinementCtx): void {
  let found = 0;
  const problem = (path: PropertyKey[], message: string) => {
    found++;
    ctx.addIssue({ code: 'custom', path, message });
  };
  switch (d.type) {
    case 'uniform':
      if (d.max < d.min) problem(['max'], `expected a number >= min (${d.min}), found ${d.max}`);
      break;
    case 'categorical':
      if (d.weights.length !== d.values.length) {
        problem(['weights'], `expected one weight per value (${d.values.length}), found ${d.weights.length}`);
      } else if (sumOf(d.weights) <= 0) {
        problem(['weights'], 'expected weights with a positive sum, found all zero');
      }
      break;
    case 'empirical': {
      // The engine draws uniformly within bins laid end to end: ascending, not overlapping (gaps allowed).
      let previousUpper = -Infinity;
      d.bins.forEach(([lower, upper], i) => {
        if (!(upper > lower)) {
          problem(['bins', i, 1], `expected an upper bound > the lower bound (${lower}), found ${upper}`);
        } else if (lower < previousUpper) {
          problem(['bins', i, 0], `expected a lower bound >= the previous bin's upper bound (${previousUpper}), found ${lower}`);
        }
        previousUpper = Math.max(previousUpper, upper);
      });
      if (sumOf(d.bins.map((bin) => bin[2])) <= 0) {
        problem(['bins'], 'expected bin weights with a positive sum, found all zero');
      }
      break;
    }
    default:
      break;
  }
  // The engine's own check as a safety net, in case it learns a rule this schema does not know.
  if (found === 0) for (const message of checkDistribution(d)) problem([], message);
}

export const distributionSchema = z
  .discriminatedUnion(
    'type',
    [
      fixedDistribution,
      uniformDistribution,
      exponentialDistribution,
      gammaDistribution,
      lognormalDistribution,
      weibullDistribution,
      bernoulliDistribution,
      categoricalDistribution,
      empiricalDistribution,
    ],
    // zod types this hook for union issues only, but a non-object value reaches it as invalid_type.
    { error: (issue: { code?: string }) => (issue.code === 'invalid_type' ? DISTRIBUTION_EXAMPLE : undefined) },
  )
  .superRefine(checkDistributionFields, onceFieldsAreValid);

const distribution = () => distributionSchema;

// ---------------------------------------------------------------------------------------------
// Sections

/** A calendar date written YYYY-MM-DD that exists. */
const date = () =>
  z.string({ error: 'expected a date YYYY-MM-DD' }).refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: (issue) => `expected a date YYYY-MM-DD, found ${JSON.stringify(issue.input)}`,
  });

const runSchema = z.strictObject({
  replications: numberWith({ int: true, min: 1 }),
  seed: count(),
  years: positive(),
  warmupYears: nonNegative(),
  startDate: date(),
  census: z
    .string({ error: 'expected the path of a census CSV file, or synthetic' })
    .refine((s) => s.trim() !== '', { error: 'expected the path of a census CSV file, or synthetic, found an empty text' })
    .optional(),
});

/** Levels that must have places for the model to run; halfway houses are optional. */
const REQUIRED_LEVELS: readonly SecurityLevel[] = ['remand', 'high', 'low'];

const facilitySchema = z.strictObject({
  name: text().min(1, { error: 'expected a non-empty name' }),
  level: z.enum(SECURITY_LEVELS),
  capacity: count(),
  officersFte: nonNegative(),
  otherStaffFte: nonNegative(),
  nonStaffCostPerPlaceYearNok: nonNegative(),
  capacityChanges: z
    .array(z.strictObject({ date: date(), capacity: count() }), { error: 'expected a list of { date, capacity }' })
    .optional(),
  women: flag().optional(),
});

const facilitiesSchema = z
  .array(facilitySchema, { error: 'expected a list of facilities' })
  .superRefine((facilities, ctx) => {
    const firstIndexByName = new Map<string, number>();
    facilities.forEach((facility, i) => {
      const first = firstIndexByName.get(facility.name);
      if (first === undefined) {
        firstIndexByName.set(facility.name, i);
      } else {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `expected a name unique among facilities, found "${facility.name}" (also facilities.${first}.name)`,
        });
      }
    });
    for (const level of REQUIRED_LEVELS) {
      const places = sumOf(facilities.filter((f) => f.level === level).map((f) => f.capacity));
      if (places <= 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected at least one facility of level ${level} with capacity > 0, found none`,
        });
      }
    }
    // Women's places split a level by sex: the men need facilities of their own there too.
    facilities.forEach((facility, i) => {
      if (facility.women !== true) return;
      const first = facilities.findIndex((f) => f.level === facility.level && f.women === true);
      if (first === i && !facilities.some((f) => f.level === facility.level && f.women !== true)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'women'],
          message: `expected a facility of level ${facility.level} for men beside the women's (a level with women's places holds men only in its other facilities), found none`,
        });
      }
    });
  }, onceFieldsAreValid);

/** New cases per calendar year, `[{ year, perYear }]` with years increasing. */
const newCasesTable = () =>
  z
    .array(z.strictObject({ year: numberWith({ int: true, min: 1900, max: 2300 }), perYear: nonNegative() }), {
      error: 'expected a list of { year, perYear }',
    })
    .superRefine((rows, ctx) => {
      rows.forEach((row, i) => {
        if (i > 0 && row.year <= rows[i - 1].year) {
          ctx.addIssue({ code: 'custom', path: [i, 'year'], message: `expected years in increasing order, found ${row.year} after ${rows[i - 1].year}` });
        }
      });
    });

/** Rows `{ year, ... }` in increasing years (a yearly input table). */
function increasingYears<T extends { year: number }>(rows: T[], ctx: z.RefinementCtx): void {
  rows.forEach((row, i) => {
    if (i > 0 && row.year <= rows[i - 1].year) {
      ctx.addIssue({ code: 'custom', path: [i, 'year'], message: `expected years in increasing order, found ${row.year} after ${rows[i - 1].year}` });
    }
  });
}

const yearField = () => numberWith({ int: true, min: 1900, max: 2300 });

/** A multiplier per calendar year, `[{ year, multiplier }]` with years increasing. */
const multiplierTable = () =>
  z
    .array(z.strictObject({ year: yearField(), multiplier: positive() }), { error: 'expected a list of { year, multiplier }' })
    .superRefine(increasingYears);

/** Remand demand per calendar year, `[{ year, shareMultiplier, durationMultiplier }]` with years increasing. */
const remandTable = () =>
  z
    .array(z.strictObject({ year: yearField(), shareMultiplier: nonNegative(), durationMultiplier: positive() }), {
      error: 'expected a list of { year, shareMultiplier, durationMultiplier }',
    })
    .superRefine(increasingYears);

/** Dated values `[{ date, capacity }]` in date order. */
const datedCapacities = () =>
  z
    .array(z.strictObject({ date: date(), capacity: count() }), { error: 'expected a list of { date, capacity }' })
    .superRefine((rows, ctx) => {
      rows.forEach((row, i) => {
        if (i > 0 && row.date < rows[i - 1].date) {
          ctx.addIssue({ code: 'custom', path: [i, 'date'], message: `expected dates in order, found ${row.date} after ${rows[i - 1].date}` });
        }
      });
    }, onceFieldsAreValid);

/** A band's name is also its folder in the output and a word on the command line (`--band low,high`). */
export const BAND_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

/** Admission projections by band name (low, middle, high, ...), each a table like newCasesByYear. */
const projectionsSchema = z
  .record(z.string(), newCasesTable().min(1, { error: 'expected at least one { year, perYear }' }), {
    error: 'expected a mapping of band names to tables, e.g. { low: [{ year: 2025, perYear: 4900 }], high: [...] }',
  })
  .superRefine((bands, ctx) => {
    const names = Object.keys(bands);
    if (names.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'expected at least one band, e.g. { low: [...], middle: [...], high: [...] }, found an empty mapping' });
    }
    for (const name of names) {
      if (!BAND_NAME.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `expected a band name of lower-case letters, digits, - and _ (at most 40, starting with a letter), found ${JSON.stringify(name)}`,
        });
      }
    }
  });

const populationSchema = z.strictObject({
  newCasesPerYear: nonNegative(),
  trendPercentPerYear: numberWith({ gt: -100 }),
  newCasesByYear: newCasesTable().optional(),
  projections: projectionsSchema.optional(),
  offenceMix: mix(OFFENCES),
  shareWomen: share(),
  shareForeign: share(),
  ageAtEntryYears: distribution(),
  priorConvictions: distribution(),
  educationMix: mix(EDUCATION_LEVELS),
  shareEmployedBeforeEntry: share(),
  housingMix: mix(HOUSING_STATUSES),
  shareSubstanceUseDisorder: share(),
  shareSeriousMentalIllness: share(),
});

const remandSchema = z.strictObject({
  shareByOffence: keyed(OFFENCES, share),
  durationDays: distribution(),
  outcome: mix(['custodialDirect', 'custodialLater', 'community', 'noCorrectionalSentence']),
  policeCellMaxHours: nonNegative(),
  byYear: remandTable().optional(),
});

const courtSchema = z.strictObject({
  custodialShareAtLibertyByOffence: keyed(OFFENCES, share),
  convictionLagDays: distribution(),
});

const preventiveDetentionSchema = z.strictObject({
  newPerYear: nonNegative(),
  offenceMix: mix(OFFENCES),
  minimumTermYears: distribution(),
  timeFrameExtraYears: distribution(),
  reviewReleaseProbability: share(),
  highRiskReviewOddsRatio: positive(),
  extensionYears: positive(),
});

const sentencingSchema = z.strictObject({
  lengthDays: distribution(),
  offenceMultiplier: keyed(OFFENCES, positive),
  lengthMultiplier: positive(),
  lengthMultiplierByYear: multiplierTable().optional(),
  maxYears: positive(),
  preventiveDetention: preventiveDetentionSchema,
});

const electronicMonitoringSchema = z.strictObject({
  capacity: count(),
  capacityChanges: datedCapacities().optional(),
  costPerPlaceYearNok: nonNegative(),
  frontDoor: z.strictObject({
    maxSentenceDays: nonNegative(),
    approvalShare: share(),
    excludedOffences: offenceList(),
  }),
  backDoor: z.strictObject({
    lastDays: nonNegative(),
    // At 1 the whole sentence would be served before the back door opens.
    afterShareServed: numberWith({ min: 0, lt: 1 }),
    approvalShare: share(),
    excludedOffences: offenceList(),
  }),
});

const communitySentencesSchema = z.strictObject({
  durationDays: distribution(),
  capacity: count(),
  costPerPersonYearNok: nonNegative(),
});

const sentenceQueueSchema = z.strictObject({
  summonsLeadTimeDays: distribution(),
  longSentenceDays: nonNegative(),
  youngAgeYears: nonNegative(),
  offendingWhileWaitingPerYear: nonNegative(),
});

const placementSchema = z.strictObject({
  lowSecurityMaxSentenceDays: nonNegative(),
  lowSecurityShare: share(),
  highOnlyOffences: offenceList(),
  highRiskLogit: real(),
  crossLevel: flag(),
});

const stepDownSchema = z.strictObject({
  highToLowAfterShareServed: share(),
  highToLowMinServedDays: nonNegative(),
  longSentenceYears: nonNegative(),
  longMinServedYears: nonNegative(),
  excludeHighRisk: flag(),
  incidentDelayDays: nonNegative(),
  progress: z.strictObject({
    programmes: programList(),
    advanceDaysPerProgramme: nonNegative(),
    earliestShareServed: share(),
    earliestMinServedDays: nonNegative(),
  }),
  halfwayHouse: z.strictObject({
    minSentenceDays: nonNegative(),
    lastDays: distribution(),
    approvalShare: share(),
    completedProgrammeOddsRatio: positive(),
  }),
});

const programFields = () => ({
  slots: count(),
  levels: levelList(),
  durationDays: distribution(),
  completionProbability: share(),
  minRemainingDays: nonNegative(),
  referralShare: share(),
  costPerSlotYearNok: nonNegative(),
  track: z.enum(PROGRAM_TRACKS),
  continues: flag(),
  resumeAfterTransfer: flag(),
  remandSlotWeight: nonNegative(),
});

/** Slots need somewhere to be: a program with places must name at least one level. */
function requireLevelsForSlots(program: { slots: number; levels: SecurityLevel[] }, ctx: z.RefinementCtx): void {
  if (program.slots > 0 && program.levels.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['levels'],
      message: `expected at least one level for ${program.slots} slots, found an empty list`,
    });
  }
}

const programsSchema = z.strictObject({
  education: z
    .strictObject({ ...programFields(), belowLevel: z.enum(EDUCATION_LEVELS) })
    .superRefine(requireLevelsForSlots, onceFieldsAreValid),
  vocational: z
    .strictObject({ ...programFields(), onlyIfNotEmployedBefore: flag() })
    .superRefine(requireLevelsForSlots, onceFieldsAreValid),
  work: z.strictObject(programFields()).superRefine(requireLevelsForSlots, onceFieldsAreValid),
  addictionTreatment: z.strictObject(programFields()).superRefine(requireLevelsForSlots, onceFieldsAreValid),
  cognitiveBehavioural: z
    .strictObject({ ...programFields(), offences: offenceList(), alsoHighRisk: flag() })
    .superRefine(requireLevelsForSlots, onceFieldsAreValid),
  psychiatricCare: z.strictObject(programFields()).superRefine(requireLevelsForSlots, onceFieldsAreValid),
});

const incidentsSchema = z.strictObject({
  basePer100InmateYears: nonNegative(),
  ageRateRatioPerYear: positive(),
  highRiskRateRatio: positive(),
  mentalIllnessRateRatio: positive(),
  levelRateRatio: keyed(SECURITY_LEVELS, nonNegative),
  referenceOfficersPerPlace: keyed(SECURITY_LEVELS, positive),
  staffElasticity: real(),
  moveUpProbability: share(),
});

const paroleSchema = z.strictObject({
  // 0 would mean parole before serving anything.
  afterShareServed: numberWith({ gt: 0, max: 1 }),
  minServedDays: nonNegative(),
  minSentenceDays: nonNegative(),
  grantProbability: share(),
  incidentOddsRatio: positive(),
  completedProgrammeOddsRatio: positive(),
});

const releaseSchema = z.strictObject({
  housing: z.strictObject({
    byHousingBefore: keyed(HOUSING_STATUSES, share),
    oddsRatioPerYearServed: positive(),
    halfwayOddsRatio: positive(),
    guaranteeProbability: share(),
  }),
  employment: z.strictObject({
    byEmployedBefore: z.strictObject({ employed: share(), notEmployed: share() }),
    vocationalOddsRatio: positive(),
    educationOddsRatio: positive(),
    workOddsRatio: positive(),
    employmentProgramOddsRatio: positive(),
  }),
});

const familyContactSchema = z.strictObject({
  atEntry: share(),
  farFromHomeShare: keyed(SECURITY_LEVELS, share),
  lossPerYear: keyed(SECURITY_LEVELS, nonNegative),
  farFromHomeLossRatio: nonNegative(),
  regainPerYear: keyed(SECURITY_LEVELS, nonNegative),
});

const healthSchema = z.strictObject({
  continuedCare: z.strictObject({
    afterTreatmentInside: share(),
    withoutTreatmentInside: share(),
    afterPsychiatricCareInside: share(),
    withoutPsychiatricCareInside: share(),
  }),
  custodyMortality: z.strictObject({
    suicidesPer10000InmateYears: nonNegative(),
    otherDeathsPer10000InmateYears: nonNegative(),
    otherAgeRateRatioPerYear: positive(),
    remandSuicideRateRatio: nonNegative(),
    remandOtherRateRatio: nonNegative(),
    firstWeeksDays: nonNegative(),
    firstWeeksSuicideRateRatio: nonNegative(),
    mentalIllnessSuicideRateRatio: nonNegative(),
    substanceUseSuicideRateRatio: nonNegative(),
    substanceUseOtherRateRatio: nonNegative(),
  }),
});

/** An odds ratio, or { estimate, ci95: [low, high] } with low <= estimate <= high. */
const oddsRatio = () =>
  z.union(
    [
      positive(),
      z
        .strictObject({ estimate: positive(), ci95: z.tuple([positive(), positive()], { error: 'expected [low, high], two numbers > 0' }) })
        .superRefine((v, ctx) => {
          const [low, high] = v.ci95;
          if (!(low <= v.estimate && v.estimate <= high)) {
            ctx.addIssue({ code: 'custom', path: ['ci95'], message: `expected low <= estimate <= high, found [${low}, ${high}] around ${v.estimate}` });
          }
        }),
    ],
    { error: 'expected an odds ratio > 0, or { estimate, ci95: [low, high] }' },
  );

const recidivismSchema = z.strictObject({
  interceptLogit: real(),
  ageLogitPerYear: real(),
  womenOddsRatio: positive(),
  priorsLogitPerLn: real(),
  offenceLogit: keyed(OFFENCES, real),
  substanceUseLogit: real(),
  young: z.strictObject({ ageYears: nonNegative(), logit: real() }).optional(),
  effects: z.strictObject({
    educationCompleted: oddsRatio(),
    treatmentCompleted: oddsRatio(),
    treatmentContinued: oddsRatio(),
    cognitiveBehaviouralCompleted: oddsRatio(),
    housedAtRelease: oddsRatio(),
    employedAtRelease: oddsRatio(),
    familyContactKept: oddsRatio(),
    staffPerPlacePlus025: oddsRatio(),
    servedOnEm: oddsRatio(),
    perIncident: oddsRatio(),
    psychiatricCareContinued: oddsRatio(),
  }),
  timeToReoffenceDays: distribution(),
  prosecutedShare: share(),
});

const exitsSchema = z.strictObject({
  mortalityPerYearAt40: share(),
  mortalityRateRatioPerYear: positive(),
  followUpYears: positive(),
});

const marginalPlaceSchema = z
  .strictObject({
    referenceOccupancy: numberWith({ gt: 0, max: 1 }),
    nonStaffVariableShare: share(),
    staffVariableShareWithRoom: share(),
    roomUntilOccupancy: share(),
    fullStaffFromOccupancy: share(),
  })
  .superRefine((m, ctx) => {
    if (m.roomUntilOccupancy > m.fullStaffFromOccupancy) {
      ctx.addIssue({
        code: 'custom',
        path: ['roomUntilOccupancy'],
        message: `expected a number <= fullStaffFromOccupancy (${m.fullStaffFromOccupancy}), found ${m.roomUntilOccupancy}`,
      });
    }
  }, onceFieldsAreValid);

const costsSchema = z.strictObject({
  staffCostPerFteYearNok: nonNegative(),
  marginalPlace: marginalPlaceSchema,
  perOffence: z.strictObject({
    offencesPerReconviction: nonNegative(),
    victimCostNok: keyed(OFFENCES, nonNegative),
    justiceSystemCostNok: nonNegative(),
  }),
});

/** The rules of a scenario: every field but its dated changes. */
const rulesShape = {
  name: text().min(1, { error: 'expected a non-empty name' }),
  description: text(),
  run: runSchema,
  facilities: facilitiesSchema,
  population: populationSchema,
  remand: remandSchema,
  court: courtSchema,
  sentencing: sentencingSchema,
  electronicMonitoring: electronicMonitoringSchema,
  communitySentences: communitySentencesSchema,
  sentenceQueue: sentenceQueueSchema,
  placement: placementSchema,
  stepDown: stepDownSchema,
  programs: programsSchema,
  incidents: incidentsSchema,
  familyContact: familyContactSchema,
  health: healthSchema,
  parole: paroleSchema,
  release: releaseSchema,
  recidivism: recidivismSchema,
  exits: exitsSchema,
  costs: costsSchema,
  foreignNationals: z
    .strictObject({
      remandOddsRatio: positive(),
      expulsionShare: share(),
      expulsionMinSentenceDays: nonNegative(),
      barredShare: share(),
      expelledAtReleaseShare: share(),
    })
    .optional(),
};

/** A scenario without dated changes, or the rules in force after some of them. */
export const rulesSchema = z.strictObject(rulesShape);

const policyChangeSchema = z.strictObject({
  date: date(),
  appliesTo: z.enum(POLICY_REACH),
  description: text().optional(),
  patch: z.custom<Record<string, unknown>>((value) => isPlainObject(value), {
    error: (issue) => `expected a mapping of the fields to change, e.g. { parole: { afterShareServed: 0.5 } }, found ${describeValue(issue.input)}`,
  }),
});

/**
 * Each change must build valid rules on those before it, and touch only what can change during a
 * run. Problems are reported at the path inside the change's patch, one change at a time: later
 * changes build on the rules of a change that is wrong, so they are checked once it is right.
 */
function checkPolicyChanges(scenario: z.output<typeof rulesSchema> & { policyChanges?: PolicyChange[]; valves?: Valve[] }, ctx: z.RefinementCtx): void {
  // The valves are not rules a change can build on (they switch themselves): left out of the rules checked.
  const { policyChanges: changes = [], valves: _valves, ...base } = scenario;
  const patches: Array<Record<string, unknown>> = [];
  for (const [i, change] of changes.entries()) {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path: ['policyChanges', i, ...path], message });
    const previous = changes[i - 1]?.date;
    if (previous !== undefined && change.date < previous) {
      problem(['date'], `expected a date on or after ${previous} (the change before it), found ${change.date}`);
      return;
    }
    const fixed = fixedFieldsIn(change.patch);
    for (const field of fixed) problem(['patch', ...field.path], field.message);
    if (fixed.length > 0) return;
    patches.push(change.patch);
    const rules = withPatches(base, patches);
    const parsed = rulesSchema.safeParse(rules);
    if (!parsed.success) {
      for (const issue of describeIssues(parsed.error.issues, rules, rulesSchema)) problem(['patch', ...issue.path], issue.text);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Valves (src/model/valves.ts): each switched on and off by a date window or a rule with hysteresis.

const TRIGGER_EXAMPLE = 'expected a trigger, e.g. { from: 2004-01-01, until: 2009-06-01 } or { metric: queue, above: 1500, below: 800 }';

/** One object for both kinds of trigger, so that each wrong field is named; which kind it is, is checked across fields. */
const triggerSchema = z
  .strictObject(
    {
      from: date().optional(),
      until: date().optional(),
      metric: z.enum(VALVE_METRICS, { error: `expected one of ${VALVE_METRICS.join(', ')}` }).optional(),
      level: z.enum(SECURITY_LEVELS).optional(),
      above: nonNegative().optional(),
      below: nonNegative().optional(),
      checkEveryDays: positive().optional(),
    },
    { error: TRIGGER_EXAMPLE },
  )
  .superRefine((t, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (t.from !== undefined) {
      for (const key of ['metric', 'level', 'above', 'below', 'checkEveryDays'] as const) {
        if (t[key] !== undefined) problem(key, `not allowed in a date trigger (it has from), found ${describeValue(t[key])}`);
      }
      if (t.until !== undefined && t.until <= t.from) problem('until', `expected a date after from (${t.from}), found ${t.until}`);
      return;
    }
    if (t.metric === undefined) {
      if (t.until !== undefined) problem('from', 'expected a date YYYY-MM-DD (the trigger has until), found nothing');
      else ctx.addIssue({ code: 'custom', message: `${TRIGGER_EXAMPLE}, found neither from nor metric` });
      return;
    }
    if (t.until !== undefined) problem('until', `not allowed in a rule trigger (it has metric), found ${describeValue(t.until)}`);
    if (t.above === undefined) problem('above', 'expected a number >= 0 (the level that switches the valve on), found nothing');
    if (t.below === undefined) problem('below', 'expected a number >= 0 (the level that switches it off again), found nothing');
    if (t.above !== undefined && t.below !== undefined && t.below > t.above) problem('below', `expected a number <= above (${t.above}), found ${t.below}`);
    if (t.level !== undefined && t.metric !== 'occupancy') problem('level', `allowed only with metric occupancy, found ${describeValue(t.level)}`);
  }, onceFieldsAreValid);

const valveBase = {
  name: text().min(1, { error: 'expected a non-empty name' }),
  description: text().optional(),
  trigger: triggerSchema,
};

const VALVE_EXAMPLE = `expected a valve with a type (${VALVE_TYPES.join(', ')}), e.g. { name: early-5, type: earlyRelease, trigger: { from: 2004-01-01 }, days: 5, minSentenceDays: 0, maxSentenceDays: 89 }`;

const valveSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({ ...valveBase, type: z.literal('earlyRelease'), days: positive(), minSentenceDays: nonNegative(), maxSentenceDays: nonNegative() }),
      z.strictObject({
        ...valveBase,
        type: z.literal('emBoost'),
        frontDoorApprovalShare: share().optional(),
        backDoorApprovalShare: share().optional(),
        extraDevices: count().optional(),
      }),
      z.strictObject({ ...valveBase, type: z.literal('doubleCell'), level: z.enum(SECURITY_LEVELS), share: share() }),
      z.strictObject({ ...valveBase, type: z.literal('tempPlaces'), level: z.enum(SECURITY_LEVELS), facility: text().optional(), places: count() }),
    ],
    { error: (issue: { code?: string }) => (issue.code === 'invalid_type' || issue.code === 'invalid_union' ? VALVE_EXAMPLE : undefined) },
  )
  .superRefine((v, ctx) => {
    if (v.type === 'earlyRelease' && v.maxSentenceDays < v.minSentenceDays) {
      ctx.addIssue({ code: 'custom', path: ['maxSentenceDays'], message: `expected a number >= minSentenceDays (${v.minSentenceDays}), found ${v.maxSentenceDays}` });
    }
    if (v.type === 'emBoost' && v.frontDoorApprovalShare === undefined && v.backDoorApprovalShare === undefined && v.extraDevices === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected at least one of frontDoorApprovalShare, backDoorApprovalShare, extraDevices, found none' });
    }
  }, onceFieldsAreValid);

/** Valve names are unique; a valve's level has facilities; a named facility exists at the level. */
function checkValves(scenario: { facilities: Array<{ name: string; level: SecurityLevel }>; valves?: Valve[] }, ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  (scenario.valves ?? []).forEach((v, i) => {
    const problem = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path: ['valves', i, ...path], message });
    const first = seen.get(v.name);
    if (first !== undefined) problem(['name'], `expected a name unique among valves, found "${v.name}" (also valves.${first}.name)`);
    else seen.set(v.name, i);
    if (v.type === 'doubleCell' || v.type === 'tempPlaces') {
      const atLevel = scenario.facilities.filter((f) => f.level === v.level);
      if (atLevel.length === 0) problem(['level'], `expected a level with at least one facility, found ${v.level} (none)`);
      if (v.type === 'tempPlaces' && v.facility !== undefined && !atLevel.some((f) => f.name === v.facility)) {
        problem(['facility'], `expected the name of a facility of level ${v.level}, found ${JSON.stringify(v.facility)}`);
      }
    }
  });
}

export const scenarioSchema = z
  .strictObject({
    ...rulesShape,
    policyChanges: z.array(policyChangeSchema, { error: 'expected a list of { date, appliesTo, patch }' }).optional(),
    valves: z.array(valveSchema, { error: 'expected a list of valves, e.g. [{ name, type, trigger, ... }]' }).optional(),
  })
  .superRefine(checkPolicyChanges, onceFieldsAreValid)
  .superRefine(checkValves, onceFieldsAreValid);

// ---------------------------------------------------------------------------------------------
// Compile-time guard: the schema and the `Scenario` type cannot drift apart. The first line fails
// if the schema's output lacks something `Scenario` has (with a readable error); the second if
// the schema has a field `Scenario` does not declare.
const schemaProducesScenario: z.ZodType<Scenario> = scenarioSchema;
void schemaProducesScenario;
type AssertTrue<T extends true> = T;
export type ScenarioHasEverySchemaField = AssertTrue<Scenario extends z.output<typeof scenarioSchema> ? true : false>;
