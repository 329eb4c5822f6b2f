/**
 * Time-varying inputs by calendar year (docs/model.md section 5.3): sentence lengths
 * (`sentencing.lengthMultiplierByYear`) and remand demand (`remand.byYear`), read from tables that
 * hold for a whole run. The calendar year of the clock is found by a cursor that moves forward
 * with time, so a lookup costs a comparison; a scenario without the tables reads nothing.
 */
import type { Scenario } from '../scenario/types.js';
import { dateOfDay, dayOfDate } from './params.js';

/** A table value for a year: the row for the year or the last earlier one, 1 before the first row. */
function valueInYear<T extends { year: number }>(rows: readonly T[], year: number, value: (row: T) => number): number {
  let v = 1;
  for (const row of rows) if (row.year <= year) v = value(row);
  return v;
}

export class YearlyInputs {
  /** Whether the scenario has the tables (when not, the factors are 1 and nothing is looked up). */
  readonly hasLength: boolean;
  readonly hasRemand: boolean;
  /** Day on which each calendar year from the run's first day starts (the first entry is day 0). */
  private readonly starts: number[] = [0];
  private readonly length: number[];
  private readonly remandShare: number[];
  private readonly remandDuration: number[];
  private cursor = 0;

  constructor(scenario: Scenario, measureStartDay: number, endDay: number) {
    const lengthRows = scenario.sentencing.lengthMultiplierByYear ?? [];
    const remandRows = scenario.remand.byYear ?? [];
    this.hasLength = lengthRows.length > 0;
    this.hasRemand = remandRows.length > 0;
    const start = scenario.run.startDate;
    const firstYear = Number(dateOfDay(0, start, measureStartDay).slice(0, 4));
    const years = [firstYear];
    if (this.hasLength || this.hasRemand) {
      for (let year = firstYear + 1; ; year++) {
        const day = dayOfDate(`${year}-01-01`, start, measureStartDay);
        if (day > endDay) break;
        this.starts.push(day);
        years.push(year);
      }
    }
    this.length = years.map((y) => valueInYear(lengthRows, y, (r) => r.multiplier));
    this.remandShare = years.map((y) => valueInYear(remandRows, y, (r) => r.shareMultiplier));
    this.remandDuration = years.map((y) => valueInYear(remandRows, y, (r) => r.durationMultiplier));
  }

  /** Index of the calendar year of `day` (days only move forward, except in tests that build anew). */
  private yearIndex(day: number): number {
    if (day < this.starts[this.cursor]) this.cursor = 0;
    while (this.cursor + 1 < this.starts.length && day >= this.starts[this.cursor + 1]) this.cursor++;
    return this.cursor;
  }

  /** Multiplier of sentences imposed on `day`. */
  lengthFactor(day: number): number {
    return this.hasLength ? this.length[this.yearIndex(day)] : 1;
  }

  /** Multiplier of the share remanded, for cases that start on `day`. */
  remandShareFactor(day: number): number {
    return this.hasRemand ? this.remandShare[this.yearIndex(day)] : 1;
  }

  /** Multiplier of the remand duration, for cases remanded on `day`. */
  remandDurationFactor(day: number): number {
    return this.hasRemand ? this.remandDuration[this.yearIndex(day)] : 1;
  }
}
