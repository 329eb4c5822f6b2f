/**
 * The grid of a sensitivity sweep: `--vary PATH=FROM:TO:STEP`, one or two of them.
 *
 * Grid values are computed as FROM + i·STEP in integers scaled by a power of ten (as many decimals
 * as FROM, TO and STEP were written with), then divided once: so 0.1:0.3:0.1 gives 0.1, 0.2, 0.3
 * exactly as written, not 0.30000000000000004, and TO is on the grid whenever FROM + i·STEP
 * reaches it exactly. Nothing accumulates over the steps.
 */

export interface VarySpec {
  /** The field path as written, e.g. `programs.education.slots`. */
  path: string;
  segments: string[];
  from: number;
  to: number;
  step: number;
  /** Decimals the three numbers were written with (1e-3 counts 3), the precision of the grid. */
  decimals: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Past this many decimals the written numbers are not meant exactly; values are rounded to this many. */
const MAX_DECIMALS = 12;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const EXAMPLE = 'e.g. --vary programs.education.slots=100:600:100';

/** Parses one `PATH=FROM:TO:STEP` (numbers, STEP > 0, FROM <= TO). Whether PATH exists is the caller's to check. */
export function parseVary(argument: string): Parsed<VarySpec> {
  const equals = argument.indexOf('=');
  const path = equals < 0 ? '' : argument.slice(0, equals).trim();
  const segments = path.split('.');
  if (equals < 0 || path === '' || segments.some((s) => s === '')) {
    return { ok: false, error: `--vary must be PATH=FROM:TO:STEP, ${EXAMPLE}; got '${argument}'` };
  }
  const range = argument.slice(equals + 1).trim();
  const parts = range.split(':').map((p) => p.trim());
  if (parts.length !== 3 || !parts.every((p) => DECIMAL.test(p))) {
    return { ok: false, error: `--vary ${path}: expected FROM:TO:STEP, three numbers, ${EXAMPLE}; got '${range}'` };
  }
  const [from, to, step] = parts.map(Number);
  if (![from, to, step].every(Number.isFinite)) {
    return { ok: false, error: `--vary ${path}: expected FROM:TO:STEP, three finite numbers; got '${range}'` };
  }
  if (!(step > 0)) return { ok: false, error: `--vary ${path}: STEP must be > 0; got '${range}'` };
  if (from > to) return { ok: false, error: `--vary ${path}: FROM must not be above TO; got '${range}'` };
  const decimals = Math.min(MAX_DECIMALS, Math.max(...parts.map(decimalsOf)));
  return { ok: true, value: { path, segments, from, to, step, decimals } };
}

/** Decimals of a number as written: "0.25" → 2, "1e-3" → 3, "2.5e1" → 0. */
export function decimalsOf(text: string): number {
  const match = /^[+-]?(\d*)\.?(\d*)(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (match === null) return 0;
  const fraction = match[2].replace(/0+$/, '').length;
  const exponent = match[3] === undefined ? 0 : Number(match[3]);
  return Math.max(0, fraction - exponent);
}

/** How many values the grid of one parameter has: FROM + i·STEP for i = 0, 1, … while at most TO. */
export function gridCount(spec: VarySpec): number {
  const { from, to, step, scale } = scaled(spec);
  if (scale === undefined) return Math.floor((spec.to - spec.from) / spec.step * (1 + 1e-12)) + 1;
  return Math.floor((to - from) / step) + 1;
}

/** The values of one parameter, FROM first; TO included when it is on the grid. */
export function gridValues(spec: VarySpec): number[] {
  const n = gridCount(spec);
  const { from, step, scale } = scaled(spec);
  if (scale === undefined) return Array.from({ length: n }, (_, i) => Number((spec.from + i * spec.step).toPrecision(15)));
  // Integers below 2^53 and a power of ten up to 10^12: each value is the double nearest the decimal.
  return Array.from({ length: n }, (_, i) => (from + i * step) / scale);
}

/** Every combination of the parameters' values, the first parameter varying slowest. */
export function gridPoints(values: readonly (readonly number[])[]): number[][] {
  let points: number[][] = [[]];
  for (const axis of values) points = points.flatMap((p) => axis.map((v) => [...p, v]));
  return points;
}

/** FROM, TO and STEP as integers in units of 10^−decimals; no scale when that would not be exact. */
function scaled(spec: VarySpec): { from: number; to: number; step: number; scale?: number } {
  const scale = 10 ** spec.decimals;
  const from = Math.round(spec.from * scale);
  const to = Math.round(spec.to * scale);
  const step = Math.round(spec.step * scale);
  const safe = [from, to, step].every((x) => Math.abs(x) <= Number.MAX_SAFE_INTEGER) && step > 0;
  return safe ? { from, to, step, scale } : { from: spec.from, to: spec.to, step: spec.step };
}
