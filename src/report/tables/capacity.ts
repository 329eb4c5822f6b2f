/** The CSV tables of a capacity search (capacity.csv) and of its bands (capacity-bands.csv). */
import type { CapacityBandsRecord } from '../../studies/capacity/bands.js';
import type { CapacityRecord } from '../../studies/capacity/study.js';
import { csvText, type CsvValue } from '../csv.js';

/** capacity.csv: one row per candidate and target (tidy, for R or pandas), by places. */
export function capacityCsv(record: CapacityRecord): string {
  const rows: CsvValue[][] = [];
  for (const c of record.candidates) {
    for (const t of c.targets) {
      const s = t.statistic;
      rows.push([c.places, c.order, c.replications, c.shareMeeting, c.meets ? 1 : 0, t.target, t.shareMeeting, s.mean, s.ci95?.[0], s.ci95?.[1], s.p2_5, s.p50, s.p97_5, t.decisive]);
    }
  }
  return csvText(
    ['places', 'order', 'replications', 'share_meeting_all', 'meets_all', 'target', 'share_meeting', 'mean', 'ci_low', 'ci_high', 'p2_5', 'p50', 'p97_5', 'decisive'],
    rows,
  );
}

// --- Charts ----------------------------------------------------------------------------------------

/** capacity-bands.csv: one row per band. */
export function capacityBandsCsv(record: CapacityBandsRecord): string {
  const rows: CsvValue[][] = record.bands.map((b) => [
    b.name,
    b.status,
    b.places,
    b.change,
    b.ci95[0],
    b.ci95[1],
    record.currentPlaces,
    b.firstYearFailing,
    b.firstYearFailingStarts,
    b.sha256,
  ]);
  return csvText(['band', 'status', 'places', 'change', 'ci_low', 'ci_high', 'current_places', 'first_year_failing', 'first_year_failing_starts', 'sha256'], rows);
}
