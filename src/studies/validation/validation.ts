/**
 * The validation suite of `corrsim validate`: checks of the model against queueing theory,
 * Little's law, conservation of people, the Norwegian calibration targets, and the recovery of a
 * known effect size. Each check runs the model, compares a simulated figure with an expected one
 * and says, in words, the tolerance it allows and why (docs/validation.md has the reasoning).
 */
import type { BatchRunner } from '../../experiments/batch.js';
import { rangePlan } from '../../experiments/plan.js';
import { DAYS_PER_YEAR, SECURITY_LEVELS } from '../../model/params.js';
import type { ReplicationResult } from '../../model/result.js';
import type { Scenario, SecurityLevel } from '../../scenario/types.js';
import { mean, sampleSd, summarise } from '../../stats/intervals.js';
import { fitLogistic } from '../../stats/logistic.js';
import { metricUnit } from '../../stats/metric-names.js';
import { mmc } from '../../stats/queueing.js';
import type { Provenance } from '../provenance.js';
import { observeReleases, probeReplication, RELEASE_COVARIATES, type ProbeResult } from './probes.js';
import { NORWAY_TARGETS } from './targets.js';

export type ValidationGroup = 'queueing' | 'little' | 'conservation' | 'calibration' | 'effect' | 'backtest';

export const GROUP_TITLES: Record<ValidationGroup, string> = {
  queueing: 'Queueing theory',
  little: "Little's law",
  conservation: 'Conservation of people',
  calibration: 'Calibration targets (Norway)',
  effect: 'Effect recovery',
  backtest: 'Backtest against Norwegian history (validate --backtest)',
};

export interface ValidationCheck {
  id: string;
  group: ValidationGroup;
  name: string;
  /** Unit of expected and simulated ('share', 'days', 'people', 'ratio', …), for formatting. */
  unit: string;
  expected: number;
  expectedSource: string;
  /** The range of simulated values that passes, when the rule can be put as one. */
  acceptance: [number, number] | null;
  simulated: { value: number; ci95: [number, number] | null; n: number };
  tolerance: string;
  pass: boolean;
  detail: string;
}

export type ValidationMode = 'full' | 'quick';

/** How much of the model each part runs. */
export interface ValidationPlan {
  queueingReplications: number;
  calibrationReplications: number;
  /** Baseline replications run with the level-flow probe (Little's law and conservation). */
  probeReplications: number;
  /** Warm-up of the probe replications, years: long enough for every level to be stationary. */
  probeWarmupYears: number;
  /** Measured years of the probe replications: the edge effects of Little's law shrink as 1/years. */
  probeYears: number;
  effectReplications: number;
}

export const PLANS: Record<ValidationMode, ValidationPlan> = {
  full: { queueingReplications: 40, calibrationReplications: 20, probeReplications: 4, probeWarmupYears: 40, probeYears: 30, effectReplications: 4 },
  quick: { queueingReplications: 12, calibrationReplications: 4, probeReplications: 1, probeWarmupYears: 40, probeYears: 30, effectReplications: 1 },
};

/** The scenarios the suite runs, loaded by the caller (from scenarios/ and scenarios/validation/ of the package). */
export interface ValidationScenarios {
  /** scenarios/validation/mmc.yaml: an M/M/12 queue. */
  mmc: Scenario;
  /** scenarios/validation/mminf.yaml: unlimited places. */
  mminf: Scenario;
  baseline: Scenario;
  /** scenarios/validation/effect-recovery.yaml: a known odds ratio of education. */
  effectRecovery: Scenario;
}

export interface ValidationOptions {
  mode: ValidationMode;
  seed: number;
  scenarios: ValidationScenarios;
  /** Told when each part starts, for a progress line. */
  onPart?: (part: string) => void;
}

/** validation.json: the report with its provenance. */
export type ValidationRecord = Provenance & ValidationReport;

export interface ValidationReport {
  mode: ValidationMode;
  seed: number;
  plan: ValidationPlan;
  checks: ValidationCheck[];
  /** Wall time per part, seconds. */
  timings: Array<{ part: string; seconds: number }>;
  pass: boolean;
}

/** Standard errors allowed between a replication mean and theory (a false alarm about once in 15,000 per check). */
export const THEORY_SE = 4;
/** Relative tolerance of Little's law. */
export const LITTLE_TOLERANCE = 0.01;
/** Follow-up of the effect-recovery cohort, days (3 years: see scenarios/validation/effect-recovery.yaml). */
export const EFFECT_FOLLOW_UP_DAYS = 3 * DAYS_PER_YEAR;
/** The largest drift of the high-security population over the baseline's measured years that counts as steady. */
export const STEADY_TOLERANCE = 0.02;

const Z_95 = 1.959963984540054;

/** Runs the suite: batches (queueing and calibration) on the runner's threads, the probes in this thread. */
export async function runValidation(options: ValidationOptions, runner: BatchRunner): Promise<ValidationReport> {
  const scenarios = options.scenarios;
  const plan = PLANS[options.mode];
  const timings: ValidationReport['timings'] = [];
  const checks: ValidationCheck[] = [];
  const part = async (name: string, run: () => Promise<ValidationCheck[]> | ValidationCheck[]) => {
    options.onPart?.(name);
    const started = performance.now();
    checks.push(...(await run()));
    timings.push({ part: name, seconds: (performance.now() - started) / 1000 });
  };
  const batch = async (s: Scenario, replications: number, extra: { warmupYears?: number; fixedEffects?: boolean } = {}) => {
    const settings = { seed: options.seed, years: s.run.years, warmupYears: extra.warmupYears ?? s.run.warmupYears, fixedEffects: extra.fixedEffects };
    const result = await runner.run(s, rangePlan(settings, 0, replications));
    if (!result.complete) throw new Error(`${s.name}: ${result.failures.map((f) => `replication ${f.replication}: ${f.message}`).join('; ')}`);
    return result.results;
  };

  await part('queueing theory', async () => {
    const mmcRuns = await batch(scenarios.mmc, plan.queueingReplications);
    const mminfRuns = await batch(scenarios.mminf, plan.queueingReplications);
    return queueingChecks(mmcRuns, mminfRuns);
  });
  let baselineRuns: ReplicationResult[] = [];
  await part('calibration', async () => {
    const s = scenarios.baseline;
    baselineRuns = await batch(s, plan.calibrationReplications);
    return [...calibrationChecks(baselineRuns), steadyStateCheck(baselineRuns, s.run.warmupYears)];
  });
  await part("Little's law and conservation", () => {
    const s = scenarios.baseline;
    const probes = Array.from({ length: plan.probeReplications }, (_, r) =>
      probeReplication(s, { seed: options.seed, replication: r, years: plan.probeYears, warmupYears: plan.probeWarmupYears }),
    );
    return [...littleChecks(probes, plan.probeWarmupYears, plan.probeYears), ...conservationChecks(probes)];
  });
  await part('effect recovery', () => {
    const s = scenarios.effectRecovery;
    const cohorts = Array.from({ length: plan.effectReplications }, (_, r) =>
      observeReleases(s, { seed: options.seed, replication: r, years: s.run.years, warmupYears: s.run.warmupYears, fixedEffects: true }, EFFECT_FOLLOW_UP_DAYS),
    );
    return [effectCheck(cohorts, s)];
  });
  return { mode: options.mode, seed: options.seed, plan, checks, timings, pass: checks.every((c) => c.pass) };
}

// --- Queueing theory -------------------------------------------------------------------------------

function theoryCheck(
  id: string,
  name: string,
  unit: string,
  values: readonly number[],
  theory: number,
  source: string,
  scenarioFile: string,
): ValidationCheck {
  const s = summarise(values);
  const m = s.mean ?? NaN;
  const se = s.n > 1 ? sampleSd(values.filter(Number.isFinite)) / Math.sqrt(s.n) : NaN;
  // All replications equal (e.g. nobody ever waits): the mean is exact, so it must equal theory.
  const pass = se === 0 ? m === theory : Math.abs(m - theory) < THEORY_SE * se;
  return {
    id,
    group: 'queueing',
    name,
    unit,
    expected: theory,
    expectedSource: source,
    acceptance: Number.isFinite(se) ? [theory - THEORY_SE * se, theory + THEORY_SE * se] : null,
    simulated: { value: m, ci95: s.ci95, n: s.n },
    tolerance:
      se === 0
        ? `the same in all ${s.n} replications, so equal to theory`
        : `theory within ${THEORY_SE} standard errors of the mean of ${s.n} replications (±${round(THEORY_SE * se)})`,
    pass,
    detail: `${scenarioFile}; mean ${round(m)}, standard error ${round(se)}, theory ${round(theory)}; difference ${round((m - theory) / se)} standard errors`,
  };
}

export function queueingChecks(mmcRuns: readonly ReplicationResult[], mminfRuns: readonly ReplicationResult[]): ValidationCheck[] {
  // scenarios/validation/mmc.yaml: 1 arrival a day, exponential stays of mean 10 days, 12 places.
  const theory = mmc(12, 1, 0.1);
  const col = (runs: readonly ReplicationResult[], metric: string) => runs.map((r) => r.metrics[metric]);
  const erlang = 'Erlang C, M/M/12 with λ = 1/day, μ = 1/10 days';
  return [
    theoryCheck('queue-wait-probability', 'M/M/12: probability of waiting', 'share', col(mmcRuns, 'queue_waited_share'), theory.waitProbability, erlang, 'mmc.yaml'),
    theoryCheck('queue-mean-wait', 'M/M/12: mean wait to be served (days)', 'days', col(mmcRuns, 'queue_wait_days_mean'), theory.meanWait, `${erlang}: Wq = C/(cμ − λ)`, 'mmc.yaml'),
    theoryCheck('queue-mean-queue', 'M/M/12: mean number waiting', 'people', col(mmcRuns, 'sentence_queue'), theory.meanQueue, `${erlang}: Lq = λ·Wq`, 'mmc.yaml'),
    theoryCheck('queue-in-service', 'M/M/12: mean number in service', 'people', col(mmcRuns, 'population_high'), theory.meanInService, 'offered load a = λ/μ', 'mmc.yaml'),
    theoryCheck('mminf-population', 'M/M/∞: mean population', 'people', col(mminfRuns, 'population_high'), 10, 'Poisson mean λ/μ = 10', 'mminf.yaml'),
    theoryCheck('mminf-wait', 'M/M/∞: mean wait (nobody waits)', 'days', col(mminfRuns, 'queue_wait_days_mean'), 0, 'no queue with unlimited places', 'mminf.yaml'),
  ];
}

// --- Calibration -----------------------------------------------------------------------------------

export function calibrationChecks(runs: readonly ReplicationResult[]): ValidationCheck[] {
  return NORWAY_TARGETS.map((t) => {
    const s = summarise(runs.map((r) => r.metrics[t.metric]));
    const m = s.mean ?? NaN;
    return {
      id: `target-${t.id}`,
      group: 'calibration' as const,
      name: `${t.label} (${t.kind})`,
      unit: metricUnit(t.metric),
      expected: t.target,
      expectedSource: t.source,
      acceptance: [t.low, t.high] as [number, number],
      simulated: { value: m, ci95: s.ci95, n: s.n },
      tolerance: `mean of ${s.n} replications within the calibration band`,
      pass: m >= t.low && m <= t.high,
      detail: `metric ${t.metric}; target ${t.target}, band ${t.low} to ${t.high}`,
    };
  });
}

/**
 * Whether the baseline's measured years start at a steady state: the high-security population of
 * the last measured year against the first. A stock still growing biases every average over the
 * window (and breaks Little's law, which holds at steady state).
 */
export function steadyStateCheck(runs: readonly ReplicationResult[], warmupYears: number): ValidationCheck {
  const yearMean = (series: readonly number[], from: number) => mean(series.slice(from, from + 12));
  const first = runs.map((r) => yearMean(r.monthly.population_high, 0));
  const last = runs.map((r) => yearMean(r.monthly.population_high, r.monthly.population_high.length - 12));
  const f = mean(first);
  const s = summarise(last);
  const value = s.mean ?? NaN;
  return {
    id: 'steady-state-high',
    group: 'little',
    name: 'Baseline at steady state: high-security population, last vs first measured year',
    unit: 'people',
    expected: f,
    expectedSource: `first measured year after ${warmupYears} warm-up years`,
    acceptance: [f * (1 - STEADY_TOLERANCE), f * (1 + STEADY_TOLERANCE)],
    simulated: { value, ci95: s.ci95, n: s.n },
    tolerance: `last year within ${STEADY_TOLERANCE * 100}% of the first`,
    pass: Math.abs(value / f - 1) <= STEADY_TOLERANCE,
    detail: `drift ${((value / f - 1) * 100).toFixed(1)}% over the measured years; a drift means the warm-up (run.warmupYears) is too short for this level`,
  };
}

// --- Little's law and conservation -----------------------------------------------------------------

export function littleChecks(probes: readonly ProbeResult[], warmupYears: number, years: number): ValidationCheck[] {
  return SECURITY_LEVELS.map((level: SecurityLevel) => {
    const population = probes.map((p) => p.result.metrics[`population_${level}`]);
    const product = probes.map((p) => {
      const f = p.levels[level];
      return (f.entries / p.days) * (f.stayDays / f.exits);
    });
    const L = mean(population);
    // Replications differ in their population; the law is about each one's ratio, so the
    // interval is that of the ratio, put back on the scale of the mean population.
    const ratios = summarise(product.map((x, r) => x / population[r]));
    const value = (ratios.mean ?? NaN) * L;
    const s = { ci95: ratios.ci95 === null ? null : ([ratios.ci95[0] * L, ratios.ci95[1] * L] as [number, number]), n: ratios.n };
    const entriesPerYear = mean(probes.map((p) => (p.levels[level].entries / p.days) * DAYS_PER_YEAR));
    const stay = mean(probes.map((p) => p.levels[level].stayDays / p.levels[level].exits));
    return {
      id: `little-${level}`,
      group: 'little' as const,
      name: `${level}: admissions per day × mean stay = average population`,
      unit: 'people',
      expected: L,
      expectedSource: `average daily population (time integral), norway-baseline, ${years} years measured after ${warmupYears} of warm-up`,
      acceptance: [L * (1 - LITTLE_TOLERANCE), L * (1 + LITTLE_TOLERANCE)],
      simulated: { value, ci95: s.ci95, n: s.n },
      tolerance: `within ${LITTLE_TOLERANCE * 100}% of the average population`,
      pass: Math.abs(value / L - 1) <= LITTLE_TOLERANCE,
      detail: `${round(entriesPerYear)} entries per year × ${round(stay)} days mean stay (of stays ending in the measured years); mean ratio to the population ${(value / L).toFixed(4)}`,
    };
  });
}

export function conservationChecks(probes: readonly ProbeResult[]): ValidationCheck[] {
  const sum = (f: (p: ProbeResult) => number) => probes.reduce((a, p) => a + f(p), 0);
  const lines = (f: (p: ProbeResult) => string[]) => probes.flatMap((p, r) => f(p).map((x) => `replication ${r}: ${x}`));
  const exact = (
    id: string,
    name: string,
    expected: number,
    expectedSource: string,
    simulated: number,
    problems: string[],
    detail: string,
  ): ValidationCheck => ({
    id,
    group: 'conservation',
    name,
    unit: 'people',
    expected,
    expectedSource,
    acceptance: [expected, expected],
    simulated: { value: simulated, ci95: null, n: probes.length },
    tolerance: 'exact, in every replication',
    pass: simulated === expected && problems.length === 0,
    detail: problems.length === 0 ? detail : problems.slice(0, 5).join('; '),
  });
  const balance = lines((p) =>
    SECURITY_LEVELS.flatMap((l) => {
      const f = p.levels[l];
      const predicted = f.stockAtStart + f.entries - f.exits;
      return predicted === f.stockAtEnd ? [] : [`${l}: ${f.stockAtStart} + ${f.entries} − ${f.exits} = ${predicted}, held ${f.stockAtEnd}`];
    }),
  );
  return [
    exact(
      'people-accounted',
      'Everyone who entered is in exactly one status at the end',
      sum((p) => p.peopleCreated),
      'people created',
      sum((p) => p.statusCountTotal),
      [],
      `sum of the status counts over ${probes.length} replication(s)`,
    ),
    exact(
      'status-counts',
      'Each status count equals the people found in that status',
      sum((p) => p.statusCountTotal),
      'status counts',
      sum((p) => p.statusCountTotal) - sum((p) => p.statusMismatches.length),
      lines((p) => p.statusMismatches),
      'every status agrees person by person (people who left the model counted as left)',
    ),
    exact(
      'places',
      'Each facility holds exactly the people placed in it, within capacity',
      sum((p) => p.placesOccupied),
      'facility occupancy counts',
      sum((p) => p.peopleHoldingPlaces),
      lines((p) => p.placeMismatches),
      'occupied places equal the people holding them, facility by facility',
    ),
    exact(
      'level-balance',
      'Per level: stock at start + entries − exits = stock at end',
      sum((p) => SECURITY_LEVELS.reduce((a, l) => a + p.levels[l].stockAtEnd, 0)),
      'places held at the end',
      sum((p) => SECURITY_LEVELS.reduce((a, l) => a + p.levels[l].stockAtStart + p.levels[l].entries - p.levels[l].exits, 0)),
      [...balance, ...lines((p) => p.startMismatches)],
      'entries and exits counted at every change of place during the measured years',
    ),
    exact(
      'em-count',
      'People on electronic monitoring equal the EM counter',
      sum((p) => p.emActive),
      'EM counter (capacity accounting)',
      sum((p) => p.emCount),
      [],
      'status count of EM against the counter that limits EM places',
    ),
  ];
}

// --- Effect recovery -------------------------------------------------------------------------------

export function effectCheck(cohorts: ReturnType<typeof observeReleases>[], s: Scenario): ValidationCheck {
  const rows = cohorts.flatMap((c) => c.rows);
  const y = cohorts.flatMap((c) => c.reoffended);
  const fit = fitLogistic(rows, y);
  const column = 1 + RELEASE_COVARIATES.indexOf('educationCompleted');
  const b = fit.coefficients[column];
  const se = fit.standardErrors[column];
  const known = Math.exp(cohorts[0].lnOddsEducation);
  const ci: [number, number] = [Math.exp(b - Z_95 * se), Math.exp(b + Z_95 * se)];
  const educated = rows.reduce((a, r) => a + r[column], 0);
  const shape = s.recidivism.timeToReoffenceDays;
  const seen =
    shape.type === 'weibull' ? 1 - Math.exp(-Math.pow(EFFECT_FOLLOW_UP_DAYS / shape.scale, shape.shape)) : NaN;
  return {
    id: 'education-odds-ratio',
    group: 'effect',
    name: 'Odds ratio of reoffending for education completed, estimated back',
    unit: 'ratio',
    expected: known,
    expectedSource: 'recidivism.effects.educationCompleted (scenario, --fixed-effects)',
    acceptance: [known * Math.exp(-Z_95 * se), known * Math.exp(Z_95 * se)],
    simulated: { value: Math.exp(b), ci95: ci, n: rows.length },
    tolerance: 'the known odds ratio inside the estimate’s 95% interval',
    pass: known >= ci[0] && known <= ci[1],
    detail:
      `logistic regression (IRLS, ${fit.iterations} iterations) on ${rows.length} releases (${educated} with education completed, ` +
      `${y.reduce((a, v) => a + v, 0)} reoffended within ${EFFECT_FOLLOW_UP_DAYS / DAYS_PER_YEAR} years), adjusted for ${RELEASE_COVARIATES.length - 1} covariates; ` +
      `a susceptible person reoffends within the follow-up with probability ${seen.toPrecision(8)}`,
  };
}

function round(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  return abs >= 100 ? x.toFixed(0) : abs >= 1 ? x.toFixed(2) : x.toPrecision(3);
}
