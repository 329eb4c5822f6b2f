/**
 * Scenario bands: the scenario once per admission projection of `population.projections`, as
 * official projections give low, middle and high alternatives. A band is the scenario with
 * `population.newCasesByYear` replaced by the band's table, and nothing else changed (the
 * projections stay, so that the band's scenario is exactly the one a plain run with
 * `--set population.newCasesByYear=…` would resolve, with the same hash).
 */
import { closest } from './suggest.js';
import type { Scenario, YearlyRate } from './types.js';

/** The scenario's band names, in the order its file gives them; empty without projections. */
export function bandNames(scenario: Scenario): string[] {
  return Object.keys(scenario.population.projections ?? {});
}

/**
 * Checks the bands asked for against the scenario's: one line naming what exists when a band is
 * unknown or the scenario has no projections; undefined when every band exists.
 */
export function bandProblem(scenario: Scenario, scenarioName: string, bands: readonly string[]): string | undefined {
  const known = bandNames(scenario);
  if (known.length === 0) {
    return (
      `--band: ${scenarioName} has no population.projections, so there are no bands to run ` +
      `(add projections to the scenario, or try the built-in norway-projection: bands low, middle, high)`
    );
  }
  const unknown = bands.filter((b) => !known.includes(b));
  if (unknown.length === 0) return undefined;
  const guess = closest(unknown[0], known);
  const hint = guess !== undefined ? `did you mean ${guess}? ` : '';
  const which = unknown.map((b) => `'${b}'`).join(', ');
  return `--band: unknown band${unknown.length > 1 ? 's' : ''} ${which} (${hint}${scenarioName}'s bands: ${known.join(', ')})`;
}

/** The band's admissions table; throws for a band the scenario does not have (check with bandProblem first). */
export function bandTable(scenario: Scenario, band: string): YearlyRate[] {
  const table = scenario.population.projections?.[band];
  if (table === undefined) throw new Error(`bandTable: the scenario has no band ${JSON.stringify(band)}`);
  return table;
}

/** The scenario as a band runs it: newCasesByYear replaced by the band's table. */
export function withBand(scenario: Scenario, band: string): Scenario {
  const copy = structuredClone(scenario);
  copy.population.newCasesByYear = structuredClone(bandTable(scenario, band));
  return copy;
}

/** The `--set` that makes a plain run of the scenario run the band: for rerunning one replication of it alone. */
export function bandSetArgument(scenario: Scenario, band: string): string {
  return `population.newCasesByYear=${JSON.stringify(bandTable(scenario, band))}`;
}
