/**
 * Conditions for choosing whom to trace, as users write them: `sentence>365`,
 * `offence=violence,age<25`, `returned`, `!released`. Comma (or " and ") joins conditions that
 * must all hold. Errors are values with a message naming the condition and what was expected.
 */
import type { PersonFacts } from '../model/trace.js';
import { closest } from '../scenario/suggest.js';

type NumericField = 'sentence' | 'age' | 'priors' | 'incidents' | 'programmes';
type FlagField = 'woman' | 'remanded' | 'policeCell' | 'queued' | 'open' | 'halfway' | 'em' | 'paroled' | 'released' | 'returned';

const NUMERIC: Record<NumericField, (f: PersonFacts) => number> = {
  sentence: (f) => f.sentence,
  age: (f) => f.ageAtEntry,
  priors: (f) => f.priors,
  incidents: (f) => f.incidents,
  programmes: (f) => f.programmes,
};
const FLAGS: Record<FlagField, (f: PersonFacts) => boolean> = {
  woman: (f) => f.woman,
  remanded: (f) => f.remanded,
  policeCell: (f) => f.policeCell,
  queued: (f) => f.queued,
  open: (f) => f.open,
  halfway: (f) => f.halfway,
  em: (f) => f.em,
  paroled: (f) => f.paroled,
  released: (f) => f.released,
  returned: (f) => f.returned,
};
const OFFENCE_FIELD = 'offence';

export const TRACE_FIELDS = [...Object.keys(NUMERIC), OFFENCE_FIELD, ...Object.keys(FLAGS)];

export type PersonFilter = (f: PersonFacts) => boolean;

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '=': (a, b) => a === b,
};

export function parseFilter(text: string, offences: readonly string[]): { ok: true; filter: PersonFilter } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const tests: PersonFilter[] = [];
  for (const raw of text.split(/,|\s+and\s+/)) {
    const clause = raw.trim();
    if (clause === '') continue;
    const flag = /^(!?)([A-Za-z]+)$/.exec(clause);
    if (flag !== null) {
      const get = FLAGS[flag[2] as FlagField];
      if (get === undefined) {
        errors.push(`--where ${clause}: unknown condition ${unknown(flag[2])}`);
        continue;
      }
      const negate = flag[1] === '!';
      tests.push((f) => get(f) !== negate);
      continue;
    }
    const cmp = /^([A-Za-z]+)\s*(>=|<=|!=|>|<|=)\s*(.+)$/.exec(clause);
    if (cmp === null) {
      errors.push(`--where ${clause}: expected FIELD OP VALUE (e.g. sentence>365) or a flag (e.g. returned, !released)`);
      continue;
    }
    const [, field, op, value] = cmp;
    if (field === OFFENCE_FIELD) {
      if (op !== '=' && op !== '!=') {
        errors.push(`--where ${clause}: offence takes = or !=, found ${op}`);
      } else if (!offences.includes(value)) {
        errors.push(`--where ${clause}: expected an offence (${offences.join(', ')}), found ${value}`);
      } else {
        tests.push(op === '=' ? (f) => f.offence === value : (f) => f.offence !== value);
      }
      continue;
    }
    const get = NUMERIC[field as NumericField];
    if (get === undefined) {
      errors.push(`--where ${clause}: unknown field ${unknown(field)}`);
      continue;
    }
    const number = Number(value);
    if (!Number.isFinite(number)) {
      errors.push(`--where ${clause}: expected a number after ${op}, found ${value}`);
      continue;
    }
    const compare = COMPARE[op];
    tests.push((f) => compare(get(f), number));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, filter: (f) => tests.every((t) => t(f)) };
}

function unknown(name: string): string {
  const guess = closest(name, TRACE_FIELDS);
  return `${name} (${guess !== undefined ? `did you mean ${guess}? ` : ''}fields: ${TRACE_FIELDS.join(', ')})`;
}
