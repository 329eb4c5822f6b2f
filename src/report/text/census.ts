/** What `corrsim census` prints: the census's people by status, and where the file is. */
import type { CensusFileRecord } from '../../studies/census.js';
import { table } from './table.js';

/** `csvPath` is census.csv in the output folder, as the user should name it for --census. */
export function censusText(record: CensusFileRecord, warmupYears: number, people: number, csvPath: string): string {
  const rows = Object.entries(record.counts).map(([status, n]) => [status, n.toLocaleString('en-US')]);
  return (
    `${record.scenario.name}: synthetic census on ${record.date} after ${warmupYears} warm-up years, seed ${record.seed}: ` +
    `${people.toLocaleString('en-US')} people\n\n` +
    table([['status', 'people'], ...rows], 'lr') +
    `\noutput: ${csvPath} (start a run from it with --census ${csvPath})\n`
  );
}
