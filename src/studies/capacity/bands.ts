/**
 * The capacity study under each admission projection (`corrsim capacity … --band low,middle,high`):
 * the capacity search once per band of `population.projections` (each band's search is the
 * search on the band's scenario, with the same seed and replications), and the places needed under
 * each band side by side (capacity-bands.json); each band's own capacity.json is its search's record.
 */
import { combinedPerformance } from '../../experiments/aggregate.js';
import type { BatchPerformance, BatchRunner } from '../../experiments/batch.js';
import { bandTable, withBand } from '../../scenario/bands.js';
import { scenarioHash } from '../../scenario/hash.js';
import type { SecurityLevel, YearlyRate } from '../../scenario/types.js';
import type { BandIdentity } from '../bands.js';
import type { RunProvenance } from '../provenance.js';
import { StudyProgress } from '../study.js';
import type { SearchStatus } from './search.js';
import { buildCapacityRecord, searchInput, searchWithProgress, type CapacityHooks, type CapacityRecord, type CapacityRequest, type CapacitySearchRun } from './study.js';
import type { CapacityTarget } from './targets.js';

/** One band's search as recorded (its own capacity.json), with the band's table and scenario hash. */
export interface BandCapacity {
  band: string;
  table: YearlyRate[];
  sha256: string;
  record: CapacityRecord;
}

/** A band of capacity-bands.json: the places needed under it, and from when more are needed with today's. */
export interface BandPlaces extends BandIdentity {
  status: SearchStatus;
  /** The places needed (null when the search did not find them: fails-at-max or stopped). */
  places: number | null;
  change: number | null;
  /** 95% bootstrap interval of the places needed (null at an end it cannot say). */
  ci95: [number | null, number | null];
  /**
   * With today's places: the first year of the horizon (1-based) in which the targets fail with
   * the stated probability, i.e. from when more places are needed; null when they hold every year
   * or the year-by-year check was not possible (see the band's capacity.json).
   */
  firstYearFailing: number | null;
  /** The date that year starts. */
  firstYearFailingStarts: string | null;
  /** False when the year-by-year check could not be made (a target on a scalar metric, or today's places outside --min..--max). */
  yearByYearChecked: boolean;
  complete: boolean;
}

/**
 * capacity-bands.json. `scenario` is the scenario before a band's table is put in; `replications`
 * are per candidate, the same at every candidate of every band.
 */
export interface CapacityBandsRecord extends RunProvenance {
  level: SecurityLevel;
  targets: CapacityTarget[];
  probability: number;
  search: CapacityRecord['search'];
  /** The level's places in the scenario (the same in every band). */
  currentPlaces: number;
  bandsRequested: string[];
  /** The bands whose search ran at least one candidate, in order, each with its folder (capacity.json, capacity.csv, charts/) and its scenario's hash at today's places. */
  bands: BandPlaces[];
  complete: boolean;
  failures: Array<{ band: string; places: number; replication: number; seed: number; message: string }>;
  /** Summed over every band's candidates; wallSeconds is the whole run's. */
  performance: BatchPerformance;
}

export function buildCapacityBandsRecord(
  scenario: CapacityBandsRecord['scenario'],
  requested: readonly string[],
  searches: readonly BandCapacity[],
  wallSeconds: number,
  /** Bands that ran but whose search finished no candidate (not in `searches`). */
  empty: ReadonlyArray<{ band: string; failures: CapacityBandsRecord['failures'] }>,
  version: string,
): CapacityBandsRecord {
  const first = searches[0].record;
  return {
    corrsim: version,
    scenario,
    seed: first.seed,
    replications: first.replications,
    years: first.years,
    warmupYears: first.warmupYears,
    ...(first.census !== undefined ? { census: first.census } : {}),
    fixedEffects: first.fixedEffects,
    command: first.command,
    level: first.level,
    targets: first.targets,
    probability: first.probability,
    search: first.search,
    currentPlaces: first.currentPlaces,
    bandsRequested: [...requested],
    bands: searches.map(({ band, table, sha256, record }) => {
      const a = record.answer;
      const failing = record.yearByYear?.firstYearFailing ?? null;
      return {
        name: band,
        folder: band,
        newCasesByYear: table,
        sha256,
        status: a.status,
        places: a.places,
        change: a.change,
        ci95: a.uncertainty.resamples > 0 ? a.uncertainty.ci95 : [null, null],
        firstYearFailing: failing,
        firstYearFailingStarts: failing === null ? null : (record.yearByYear?.years[failing - 1]?.starts ?? null),
        yearByYearChecked: record.yearByYear !== null,
        complete: record.complete,
      };
    }),
    complete: searches.length === requested.length && searches.every((s) => s.record.complete),
    failures: [...searches.flatMap((s) => s.record.failures.map((f) => ({ band: s.band, ...f }))), ...empty.flatMap((e) => e.failures)],
    performance: combinedPerformance(searches.map((s) => s.record.performance), wallSeconds),
  };
}

/** A band whose search ran but finished no candidate, with the failures that stopped it. */
export interface EmptyBand {
  band: string;
  run: CapacitySearchRun;
  failures: CapacityBandsRecord['failures'];
}

export interface CapacityBandsOutcome {
  /** The bands whose search finished a candidate, in order, each with its own record. */
  searches: Array<BandCapacity & { run: CapacitySearchRun }>;
  empty: EmptyBand[];
  /** Undefined when no band's search finished a candidate. */
  record?: CapacityBandsRecord;
}

/**
 * The search once per band, one after another with the same settings; a failed replication stops
 * that band's search but not the next band's; Ctrl-C stops them all.
 */
export async function capacityBandsStudy(request: CapacityRequest, bands: readonly string[], runner: BatchRunner, hooks: CapacityHooks = {}): Promise<CapacityBandsOutcome> {
  const { scenario } = request;
  const progress = new StudyProgress(hooks, request.replications * bands.length);
  const wallStart = performance.now();
  const searches: CapacityBandsOutcome['searches'] = [];
  const empty: EmptyBand[] = [];
  for (const band of bands) {
    if (progress.stopped) break;
    const banded = withBand(scenario.resolved, band);
    const sha256 = scenarioHash(banded);
    const run = await searchWithProgress(banded, request, runner, progress, hooks);
    if (run.candidates.length === 0) {
      const stopped = run.stopped;
      empty.push({ band, run, failures: (stopped?.failures ?? []).map(({ replication, seed, message }) => ({ band, places: stopped!.places, replication, seed, message })) });
      continue;
    }
    const record = buildCapacityRecord({
      scenario: { name: scenario.name, sha256, resolved: banded },
      input: searchInput(request),
      run,
      command: request.provenance.command,
      version: request.provenance.corrsim,
    });
    searches.push({ band, table: bandTable(scenario.resolved, band), sha256, record, run });
  }
  if (searches.length === 0) return { searches, empty };
  const record = buildCapacityBandsRecord(scenario, bands, searches, (performance.now() - wallStart) / 1000, empty, request.provenance.corrsim);
  return { searches, empty, record };
}
