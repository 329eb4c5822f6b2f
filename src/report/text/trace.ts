/** Life stories as text: what `corrsim trace` prints and writes to trace.txt. */
import { DAYS_PER_YEAR } from '../../model/params.js';
import type { PersonStory } from '../../model/trace.js';
import type { TraceRecord } from '../../studies/trace.js';

/** "year 3, day 112" from a day counted from the start of measurement. */
export function formatDay(day: number): string {
  const year = Math.floor(day / DAYS_PER_YEAR) + 1;
  const dayOfYear = Math.floor(day - (year - 1) * DAYS_PER_YEAR) + 1;
  return `year ${year}, day ${String(dayOfYear).padStart(3)}`;
}

export function storiesText(stories: readonly PersonStory[], endDay: number): string {
  const out: string[] = [];
  for (const s of stories) {
    out.push(`Person ${s.id}: ${s.portrait}`);
    for (const line of s.lines) out.push(`  ${formatDay(line.day)}  ${line.text}`);
    const last = s.lines[s.lines.length - 1];
    const ended = last !== undefined && last.text.startsWith('follow-up ends');
    if (!ended) out.push(`  ${formatDay(endDay - 1e-9)}  (end of the run)`);
    out.push('');
  }
  return out.join('\n');
}

/** The line above the stories: who was followed, out of how many who matched. */
export function traceHeading(record: TraceRecord): string {
  const where = record.where;
  return (
    `${record.scenario.name}, seed ${record.seed}, replication ${record.replication}: ${record.people.length} of ${record.matching} people ` +
    `who entered in the first half of the ${record.years} measured years${where ? ` and match ${where}` : ''}\n\n`
  );
}
