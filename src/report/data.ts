/**
 * From replication results to the tidy rows the charts plot: one row per point, with the mean
 * across replications and the band holding the middle 95% of replications (2.5th to 97.5th
 * percentile). The band shows how much one replication, one possible history, varies; it is not
 * the confidence interval of the mean, which is narrower by about √n.
 */
import { summarise } from '../stats/intervals.js';
import { COHORT_YEARS, type ReplicationResult } from '../model/result.js';
import { PROGRAMS, SECURITY_LEVELS, type Facility, type SecurityLevel } from '../scenario/types.js';

export const MONTHS_PER_YEAR = 12;

export const LEVEL_LABELS: Record<SecurityLevel, string> = {
  remand: 'Remand',
  high: 'High security',
  low: 'Low security (open)',
  halfway: 'Halfway house',
};

export const PROGRAM_LABELS: Record<(typeof PROGRAMS)[number], string> = {
  education: 'Education',
  vocational: 'Vocational training',
  work: 'Work',
  addictionTreatment: 'Addiction treatment',
  cognitiveBehavioural: 'Cognitive-behavioural',
  psychiatricCare: 'Psychiatric care',
};

export interface Band {
  mean: number;
  lo: number;
  hi: number;
  /** Replications with a finite value at this point. */
  n: number;
}

/** Mean and middle-95% band of values across replications; undefined when none is finite. */
export function band(values: readonly number[]): Band | undefined {
  const s = summarise(values);
  if (s.mean === null || s.p2_5 === null || s.p97_5 === null) return undefined;
  return { mean: significant(s.mean), lo: significant(s.p2_5), hi: significant(s.p97_5), n: s.n };
}

/** Six significant digits: far below what a chart can show, and the specs stay readable. */
function significant(x: number): number {
  return Number(x.toPrecision(6));
}

/** A measured month (1-based) as years since the start of measurement, at the month's middle. */
export function monthToYears(month: number): number {
  return (month - 0.5) / MONTHS_PER_YEAR;
}

export interface SeriesRow extends Band {
  /** Which line the row belongs to (a level label, a scenario name, …). */
  series: string;
  month: number;
  /** Years since the start of measurement, at the middle of the month. */
  years: number;
}

function monthlyOf(r: ReplicationResult, name: string): number[] | undefined {
  return (r.monthly as Record<string, number[] | undefined>)[name];
}

/**
 * Per month, the band across replications of `valueOf(replication, monthIndex)` (NaN or
 * undefined leaves that replication out of that month).
 */
export function monthlyBand(
  results: readonly ReplicationResult[],
  series: string,
  valueOf: (r: ReplicationResult, i: number) => number | undefined,
  months = maxMonths(results),
): SeriesRow[] {
  const rows: SeriesRow[] = [];
  for (let i = 0; i < months; i++) {
    const b = band(results.map((r) => valueOf(r, i) ?? NaN));
    if (b !== undefined) rows.push({ series, month: i + 1, years: round(monthToYears(i + 1), 4), ...b });
  }
  return rows;
}

/** The band of one monthly series of the model, labelled `label`. */
export function seriesBand(results: readonly ReplicationResult[], name: string, label = name): SeriesRow[] {
  return monthlyBand(results, label, (r, i) => monthlyOf(r, name)?.[i]);
}

export function maxMonths(results: readonly ReplicationResult[]): number {
  let months = 0;
  for (const r of results) for (const values of Object.values(r.monthly) as number[][]) months = Math.max(months, values.length);
  return months;
}

/** Places per level: the sum of the capacities of the level's facilities (0 when it has none). */
export function levelCapacities(facilities: readonly Pick<Facility, 'level' | 'capacity'>[]): Record<SecurityLevel, number> {
  const capacity: Record<SecurityLevel, number> = { remand: 0, high: 0, low: 0, halfway: 0 };
  for (const f of facilities) capacity[f.level] += f.capacity;
  return capacity;
}

/** Levels to draw: those with places, or with anyone held there. */
export function levelsShown(results: readonly ReplicationResult[], capacity: Record<SecurityLevel, number>): SecurityLevel[] {
  return SECURITY_LEVELS.filter(
    (level) => capacity[level] > 0 || results.some((r) => (monthlyOf(r, `population_${level}`) ?? []).some((x) => x > 0)),
  );
}

export interface YearRow extends Band {
  flow: string;
  /** Measured year, from 1. */
  year: number;
  /** Months the year covers (12 but for a last, partial year, annualised). */
  months: number;
}

/**
 * Per measured year and flow, the band across replications of the year's count. Only whole years
 * are shown, unless the run is shorter than a year, when its months are annualised.
 */
export function yearlyFlows(results: readonly ReplicationResult[], flows: Record<string, string>): YearRow[] {
  const months = maxMonths(results);
  const wholeYears = Math.floor(months / MONTHS_PER_YEAR);
  const spans: Array<{ year: number; from: number; to: number }> = [];
  if (wholeYears === 0 && months > 0) spans.push({ year: 1, from: 0, to: months });
  for (let y = 0; y < wholeYears; y++) spans.push({ year: y + 1, from: y * MONTHS_PER_YEAR, to: (y + 1) * MONTHS_PER_YEAR });
  const rows: YearRow[] = [];
  for (const span of spans) {
    const length = span.to - span.from;
    for (const [name, label] of Object.entries(flows)) {
      const values = results.map((r) => {
        const monthly = monthlyOf(r, name);
        if (monthly === undefined || monthly.length < span.to) return NaN;
        let sum = 0;
        for (let i = span.from; i < span.to; i++) sum += monthly[i];
        return (sum * MONTHS_PER_YEAR) / length;
      });
      const b = band(values);
      if (b !== undefined) rows.push({ flow: label, year: span.year, months: length, ...b });
    }
  }
  return rows;
}

// --- Release cohorts ---------------------------------------------------------------------------

/** A family of cohort subgroups: which labels belong to it, in the order they read best. */
export interface SubgroupFamily {
  /** Completes "Reconviction by …". */
  title: string;
  /** The subgroup labels of the family, in legend order; labels the model reports beyond these follow, sorted. */
  order: readonly string[];
  matches(label: string): boolean;
}

export const SUBGROUP_FAMILIES = {
  age: {
    title: 'age at release',
    order: ['age under 25', 'age 25-39', 'age 40+'],
    matches: (label: string) => label.startsWith('age '),
  },
  education: {
    title: 'education completed inside',
    order: ['education completed', 'no education completed'],
    matches: (label: string) => label.endsWith('education completed'),
  },
  housing: {
    title: 'housing at release',
    order: ['housed at release', 'not housed at release'],
    matches: (label: string) => label.endsWith('housed at release'),
  },
  level: {
    title: 'level released from',
    order: ['released from remand', 'released from high', 'released from low', 'released from halfway', 'released from EM'],
    matches: (label: string) => label.startsWith('released from '),
  },
  employment: {
    title: 'job or education place at release',
    order: ['employed at release', 'not employed at release'],
    matches: (label: string) => label.endsWith('employed at release'),
  },
  priors: {
    title: 'prior sentences',
    order: ['no priors', '1-4 priors', '5+ priors'],
    matches: (label: string) => label.endsWith(' priors'),
  },
  offence: {
    title: 'offence',
    order: [],
    matches: (label: string) => label.startsWith('offence '),
  },
} satisfies Record<string, SubgroupFamily>;

export type SubgroupFamilyName = keyof typeof SUBGROUP_FAMILIES;

/** Subgroups of `family` present in the results, in the family's order. */
export function familySubgroups(results: readonly ReplicationResult[], family: SubgroupFamily): string[] {
  const present = new Set<string>();
  for (const r of results) for (const c of r.cohorts) if (family.matches(c.subgroup)) present.add(c.subgroup);
  const known = family.order.filter((s) => present.has(s));
  const rest = [...present].filter((s) => !family.order.includes(s)).sort();
  return [...known, ...rest];
}

export type ReconvictionKind = 'prison' | 'any';

export interface CohortRow extends Band {
  subgroup: string;
  yearsSinceRelease: number;
  /** Releases followed to this point, summed over replications. */
  atRisk: number;
}

/**
 * Per subgroup and point of COHORT_YEARS, the band across replications of the share reconvicted
 * (as in cohorts.csv): a replication with nobody at risk at a point is left out of it, and a point
 * with nobody at risk in any replication is not drawn.
 */
export function cohortCurves(results: readonly ReplicationResult[], subgroups: readonly string[], kind: ReconvictionKind = 'prison'): CohortRow[] {
  const rows: CohortRow[] = [];
  for (const subgroup of subgroups) {
    const curves = results.map((r) => r.cohorts.find((c) => c.subgroup === subgroup));
    COHORT_YEARS.forEach((yearsSinceRelease, i) => {
      let atRisk = 0;
      const shares: number[] = [];
      for (const c of curves) {
        const n = c?.atRisk[i] ?? 0;
        if (c === undefined || !(n > 0)) continue;
        atRisk += n;
        shares.push((kind === 'prison' ? c.reconvicted[i] : c.reconvictedAny[i]) / n);
      }
      const b = band(shares);
      if (b !== undefined) rows.push({ subgroup, yearsSinceRelease, atRisk, ...b });
    });
  }
  return rows;
}

export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
