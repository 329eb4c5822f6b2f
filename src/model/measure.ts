/**
 * From the measurements of a finished replication to its metrics, monthly series and cohort
 * curves. Averages are exact time integrals over the measured period (after warm-up).
 */
import type { Scenario, SecurityLevel } from '../scenario/types.js';
import { Ev, Priority } from './events.js';
import { DAYS_PER_YEAR, nominalPlaces, OFFENCES, PROGRAMS } from './params.js';
import { Status } from './person.js';
import { COHORT_YEARS, SERIES, type CohortCounts, type MetricValues, type SeriesName } from './result.js';
import { Slot, releaseLevel, unpackTags, type Flows } from './measurements.js';
import { METRICS, ratio } from './metrics.js';
import type { ModelListener } from './observe.js';
import type { Model } from './state.js';
import type { ValveSummary } from './valves.js';

const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;
/** Time allowed after a follow-up window for the court to decide an offence committed within it, days. */
export const COHORT_RESOLUTION_DAYS = 365;
/** Releases this long before measurement starts still join the cohorts (the system is at steady state by then), years. */
const COHORT_LOOKBACK_YEARS = 5;

/** Person-days held at a level (or, with `capacity`, place-days available) over the measured period. */
function levelArea(m: Model, level: SecurityLevel, capacity = false): number {
  let area = 0;
  for (const i of m.levelFacilities[level]) area += m.integrals.area[capacity ? m.capacitySlot(i) : Slot.FirstFacility + i];
  return area;
}

/**
 * Monthly averages of the series, read from the integrals at each month's end, and the month's
 * admissions and releases, counted as the model tells them (it listens to the model).
 */
export class MonthlyRecorder implements ModelListener {
  private readonly values: Record<SeriesName, number[]>;
  private previous: Float64Array;
  /** Admissions and releases since the last month's end (or the start of measurement). */
  private admissions = 0;
  private releases = 0;

  constructor(private readonly m: Model) {
    this.values = Object.fromEntries(SERIES.map((s) => [s, [] as number[]])) as unknown as Record<SeriesName, number[]>;
    this.previous = new Float64Array(m.integrals.size);
    m.listen(this);
  }

  admitted(): void {
    this.admissions++;
  }

  releasedFromPrison(): void {
    this.releases++;
  }

  start(): void {
    this.previous = new Float64Array(this.m.integrals.size);
    this.admissions = 0;
    this.releases = 0;
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const next = this.m.now + DAYS_PER_MONTH;
    if (next <= this.m.endDay + 1e-9) this.m.sim.scheduleAt(Math.min(next, this.m.endDay), Ev.MonthTick, -1, 0, Priority.Bookkeeping);
  }

  tick(): void {
    const m = this.m;
    m.integrals.flush(m.now);
    const area = m.integrals.area;
    const prev = this.previous;
    const diff = (slot: number) => (area[slot] - prev[slot]) / DAYS_PER_MONTH;
    const level = (l: SecurityLevel, capacity = false) => {
      let sum = 0;
      for (const i of m.levelFacilities[l]) sum += diff(capacity ? m.capacitySlot(i) : Slot.FirstFacility + i);
      return sum;
    };
    const v = this.values;
    const remand = level('remand');
    const high = level('high');
    const low = level('low');
    const halfway = level('halfway');
    v.population_total.push(remand + high + low + halfway);
    v.population_remand.push(remand);
    v.population_high.push(high);
    v.population_low.push(low);
    v.population_halfway.push(halfway);
    v.population_em.push(diff(Status.Em));
    v.population_community_sentence.push(diff(Status.Community));
    v.sentence_queue.push(diff(Status.Queue));
    v.sentence_queue_kdi.push(diff(Slot.KdiQueue));
    v.police_cell_population.push(diff(Status.PoliceCell));
    v.occupancy_high.push(ratio(high, level('high', true)));
    v.occupancy_low.push(ratio(low, level('low', true)));
    v.admissions.push(this.admissions);
    v.releases.push(this.releases);
    this.admissions = 0;
    this.releases = 0;
    this.previous = Float64Array.from(area);
    this.scheduleNext();
  }

  series(): Record<SeriesName, number[]> {
    return this.values;
  }
}

interface YearlyCost {
  prison: number;
  total: number;
}

/** Yearly cost under one set of rules, from the time integrals over `days` days (place-days open, community person-days). */
function yearlyCost(m: Model, s: Scenario, area: (slot: number) => number, days: number): YearlyCost {
  // Places and their staff cost by the average capacity open: staff per place stays as given.
  let placeCost = 0;
  let staffFte = 0;
  s.facilities.forEach((x, i) => {
    const places = area(m.capacitySlot(i)) / days;
    const nominal = nominalPlaces(x);
    placeCost += places * x.nonStaffCostPerPlaceYearNok;
    if (nominal > 0) staffFte += (places / nominal) * (x.officersFte + x.otherStaffFte);
  });
  const programCost = PROGRAMS.reduce((a, name) => a + s.programs[name].slots * s.programs[name].costPerSlotYearNok, 0);
  const prison = placeCost + staffFte * s.costs.staffCostPerFteYearNok;
  const total =
    prison +
    programCost +
    (m.valves.devicesVary ? area(Slot.EmDevices) / days : s.electronicMonitoring.capacity) * s.electronicMonitoring.costPerPlaceYearNok +
    (area(Status.Community) / days) * s.communitySentences.costPerPersonYearNok;
  return { prison, total };
}

/** What the yearly cost of a stretch depends on besides the time integrals: equal keys, equal prices. */
function costKey(s: Scenario): string {
  return JSON.stringify([
    s.facilities,
    PROGRAMS.map((name) => [s.programs[name].slots, s.programs[name].costPerSlotYearNok]),
    s.electronicMonitoring.capacity,
    s.electronicMonitoring.costPerPlaceYearNok,
    s.communitySentences.costPerPersonYearNok,
    s.costs.staffCostPerFteYearNok,
  ]);
}

/** Yearly costs over the measured period: each stretch between policy changes at the prices and slots then in force, weighted by its length. */
function measuredCosts(m: Model, days: number): YearlyCost {
  const area = m.integrals.area;
  // A stretch priced as the next one is merged with it (a change that leaves the prices alone
  // then gives the very same cost as no change, not one rounded differently).
  const all = m.policy.measuredSwitches;
  const switches = all.filter((sw, i) => costKey(sw.scenario) !== costKey(i + 1 < all.length ? all[i + 1].scenario : m.scenario));
  if (switches.length === 0) return yearlyCost(m, m.scenario, (slot) => area[slot], days);
  const cost: YearlyCost = { prison: 0, total: 0 };
  let fromDay = m.measureStartDay;
  let fromArea: ArrayLike<number> = new Float64Array(area.length);
  const add = (s: Scenario, toDay: number, toArea: ArrayLike<number>) => {
    const stretch = toDay - fromDay;
    if (stretch > 0) {
      const c = yearlyCost(m, s, (slot) => toArea[slot] - fromArea[slot], stretch);
      cost.prison += (c.prison * stretch) / days;
      cost.total += (c.total * stretch) / days;
    }
    fromDay = toDay;
    fromArea = toArea;
  };
  for (const { day, scenario, area: atSwitch } of switches) add(scenario, day, atSwitch);
  add(m.scenario, m.measureStartDay + days, area);
  return cost;
}

/**
 * What the metrics are computed from (metrics.ts): the measured period's flows and time
 * integrals, the person-days held and place-days open per level, the costs, and the release
 * cohorts.
 */
export class Measured {
  readonly flows: Flows;
  /** Time integrals over the measured period, by slot (person-days, place-days). */
  readonly area: Float64Array;
  /** Length of the measured period, days. */
  readonly days: number;
  private readonly years: number;
  /** Person-days held at each level, and place-days open. */
  readonly held: Record<SecurityLevel, number>;
  readonly places: Record<SecurityLevel, number>;
  /** The same over the four levels: the prison. */
  readonly prisonHeld: number;
  readonly prisonPlaces: number;
  readonly cost: YearlyCost;
  /** What the valves did (valves.ts). */
  readonly valves: ValveSummary;
  /** Person-days held in women's facilities and their place-days (issue 15 part 3); 0 without women's places. */
  readonly womenPlacesHeld: number;
  readonly womenPlaces: number;

  constructor(private readonly m: Model) {
    this.flows = m.flows;
    this.area = m.integrals.area;
    this.days = m.endDay - m.measureStartDay;
    this.years = this.days / DAYS_PER_YEAR;
    const held = { remand: levelArea(m, 'remand'), high: levelArea(m, 'high'), low: levelArea(m, 'low'), halfway: levelArea(m, 'halfway') };
    // Capacity can change at dates, so occupancy divides person-days by place-days.
    const places = { remand: levelArea(m, 'remand', true), high: levelArea(m, 'high', true), low: levelArea(m, 'low', true), halfway: levelArea(m, 'halfway', true) };
    this.held = held;
    this.places = places;
    this.prisonHeld = held.remand + held.high + held.low + held.halfway;
    this.prisonPlaces = places.remand + places.high + places.low + places.halfway;
    this.cost = measuredCosts(m, this.days);
    this.valves = m.valves.summary(m);
    let womenHeld = 0;
    let womenPlaces = 0;
    m.facilities.forEach((f, i) => {
      if (!f.women) return;
      womenHeld += m.integrals.area[Slot.FirstFacility + i];
      womenPlaces += m.integrals.area[m.capacitySlot(i)];
    });
    this.womenPlacesHeld = womenHeld;
    this.womenPlaces = womenPlaces;
  }

  /** A count over the measured period, per year. */
  perYear(n: number): number {
    return n / this.years;
  }

  /** The average over the measured period of a time-integral slot. */
  average(slot: number): number {
    return this.area[slot] / this.days;
  }

  /**
   * Share of the release cohort (released from `level`, LEVEL_INDEX, or any) with a new prison
   * sentence (or, with `any`, any correctional sentence) for an offence within `horizonYears`,
   * among releases followed that long.
   */
  reconvictedWithin(horizonYears: number, level: number | null, any: boolean): number {
    const m = this.m;
    const r = m.releases;
    const start = cohortStartDay(m);
    const Y = DAYS_PER_YEAR;
    let atRisk = 0;
    let hit = 0;
    for (let i = 0; i < r.length; i++) {
      const day = r.day[i];
      if (day < start || day + horizonYears * Y + COHORT_RESOLUTION_DAYS > m.endDay) continue;
      if (level !== null && releaseLevel(r.tags[i]) !== level) continue;
      atRisk++;
      const off = any ? r.anyOffenceDay[i] : r.prisonOffenceDay[i];
      if (off - day <= horizonYears * Y) hit++;
    }
    return ratio(hit, atRisk);
  }

  /** Share of the 2-year reconvictions whose offence fell in year 1, among releases followed for 2 years. */
  reconvictedInYear1Share(): number {
    const m = this.m;
    const r = m.releases;
    const start = cohortStartDay(m);
    const Y = DAYS_PER_YEAR;
    let inYear1 = 0;
    let inYear2 = 0;
    for (let i = 0; i < r.length; i++) {
      const day = r.day[i];
      if (day < start || day + 2 * Y + COHORT_RESOLUTION_DAYS > m.endDay) continue;
      const t = r.prisonOffenceDay[i] - day;
      if (t <= Y) inYear1++;
      else if (t <= 2 * Y) inYear2++;
    }
    return ratio(inYear1, inYear1 + inYear2);
  }
}

/** The metrics of the table (metrics.ts), in its order. */
export function computeMetrics(m: Model): MetricValues {
  const x = new Measured(m);
  const metrics: MetricValues = {};
  for (const metric of METRICS) metrics[metric.name] = metric.compute(x);
  return metrics;
}

function cohortStartDay(m: Model): number {
  return Math.max(0, m.measureStartDay - COHORT_LOOKBACK_YEARS * DAYS_PER_YEAR);
}

/** Subgroups a release record belongs to (labels), from its packed tags. */
function subgroupsOf(packed: number): string[] {
  const t = unpackTags(packed);
  const levelNames = ['remand', 'high', 'low', 'halfway', 'EM'];
  return [
    'all',
    ['age under 25', 'age 25-39', 'age 40+'][t.ageBand],
    ['no priors', '1-4 priors', '5+ priors'][t.priorsBand],
    t.educationCompleted ? 'education completed' : 'no education completed',
    t.housed ? 'housed at release' : 'not housed at release',
    t.employed ? 'employed at release' : 'not employed at release',
    `offence ${OFFENCES[t.offence]}`,
    `released from ${levelNames[t.level]}`,
  ];
}

/**
 * Cohort curves by subgroup. Each release is observable up to the last grid point its follow-up
 * (plus the resolution allowance) reaches, and counts as reconvicted from the first grid point at
 * or after its offence; both are ranges of grid points, added with difference arrays so that a
 * release costs one step per subgroup rather than one per grid point.
 */
export function computeCohorts(m: Model): CohortCounts[] {
  const r = m.releases;
  const start = cohortStartDay(m);
  const n = COHORT_YEARS.length;
  const horizons = COHORT_YEARS.map((y) => y * DAYS_PER_YEAR);
  const labels: string[] = [];
  const labelIndex = new Map<string, number>();
  const groupsByTag = new Map<number, number[]>();
  // Per group: difference arrays (length n + 1) for at-risk, reconvicted and reconvicted-any.
  const diffs: Float64Array[] = [];
  /** Index of the first grid point at or after `days`, or n if beyond the grid. */
  const firstPointAtOrAfter = (days: number): number => {
    let k = 0;
    while (k < n && horizons[k] < days) k++;
    return k;
  };
  for (let i = 0; i < r.length; i++) {
    const day = r.day[i];
    if (day < start) continue;
    // Last observable grid point: day + horizon + resolution <= endDay.
    let last = -1;
    while (last + 1 < n && day + horizons[last + 1] + COHORT_RESOLUTION_DAYS <= m.endDay) last++;
    if (last < 0) continue;
    const prisonFrom = firstPointAtOrAfter(r.prisonOffenceDay[i] - day);
    const anyFrom = firstPointAtOrAfter(r.anyOffenceDay[i] - day);
    let groups = groupsByTag.get(r.tags[i]);
    if (groups === undefined) {
      groups = subgroupsOf(r.tags[i]).map((label) => {
        let g = labelIndex.get(label);
        if (g === undefined) {
          g = labels.length;
          labels.push(label);
          labelIndex.set(label, g);
          diffs.push(new Float64Array(3 * (n + 1)));
        }
        return g;
      });
      groupsByTag.set(r.tags[i], groups);
    }
    for (const g of groups) {
      const d = diffs[g];
      d[0]++;
      d[last + 1]--;
      if (prisonFrom <= last) {
        d[n + 1 + prisonFrom]++;
        d[n + 1 + last + 1]--;
      }
      if (anyFrom <= last) {
        d[2 * (n + 1) + anyFrom]++;
        d[2 * (n + 1) + last + 1]--;
      }
    }
  }
  const integrate = (d: Float64Array, offset: number): number[] => {
    const out = new Array<number>(n);
    let acc = 0;
    for (let k = 0; k < n; k++) {
      acc += d[offset + k];
      out[k] = acc;
    }
    return out;
  };
  const result = labels.map((subgroup, g) => ({
    subgroup,
    atRisk: integrate(diffs[g], 0),
    reconvicted: integrate(diffs[g], n + 1),
    reconvictedAny: integrate(diffs[g], 2 * (n + 1)),
  }));
  return result.sort((a, b) => (a.subgroup === 'all' ? -1 : b.subgroup === 'all' ? 1 : a.subgroup.localeCompare(b.subgroup)));
}
