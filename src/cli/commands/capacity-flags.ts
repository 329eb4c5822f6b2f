/** The flags of `corrsim capacity` beyond the common batch flags, checked one problem line each. */
import { editDistance } from '../../scenario/suggest.js';
import { SECURITY_LEVELS, type SecurityLevel } from '../../scenario/types.js';
import { levelOfSeries, parseTarget, type CapacityTarget } from '../../studies/capacity/targets.js';
import { lastString, listValues, parseNumber, type BatchArgs } from '../flags.js';

export interface CapacityArgs extends BatchArgs {
  scenario: string;
  band?: unknown;
  target?: unknown;
  level?: unknown;
  min?: unknown;
  max?: unknown;
  probability?: unknown;
  resolution?: unknown;
}

export const DEFAULT_PROBABILITY = 0.9;

export interface CapacityFlags {
  targets: CapacityTarget[];
  level?: SecurityLevel;
  min?: number;
  max?: number;
  probability: number;
  resolution: number;
}

/** The capacity flags, one problem line each; the level is inferred here when not given. */
export function parseCapacityFlags(args: CapacityArgs, problems: string[]): CapacityFlags {
  const targets: CapacityTarget[] = [];
  const rawTargets = listValues(args.target);
  if (rawTargets.length === 0) problems.push('capacity needs --target SERIES.STAT<=VALUE, e.g. --target "occupancy_high.p95<=0.9"');
  for (const raw of rawTargets) {
    const parsed = parseTarget(raw);
    if (!parsed.ok) problems.push(parsed.error);
    else if (targets.some((t) => t.text === parsed.value.text)) problems.push(`--target ${parsed.value.text}: given twice`);
    else targets.push(parsed.value);
  }
  const rawLevel = lastString(args.level, '--level', problems);
  let level: SecurityLevel | undefined;
  if (rawLevel !== undefined) {
    const word = rawLevel.trim().toLowerCase();
    if ((SECURITY_LEVELS as readonly string[]).includes(word)) level = word as SecurityLevel;
    else problems.push(`--level must be one of ${SECURITY_LEVELS.join(', ')}; got '${rawLevel}' (did you mean ${nearestLevel(word)}?)`);
  } else if (targets.length > 0 && targets.length === rawTargets.length) {
    const named = [...new Set(targets.map((t) => levelOfSeries(t.series)).filter((l) => l !== undefined))];
    if (named.length === 1) level = named[0];
    else if (named.length > 1) {
      const which = targets.map((t) => `${t.series} → ${levelOfSeries(t.series) ?? 'none'}`).join(', ');
      problems.push(`--level is needed: the targets name different levels (${which}); say whose places vary, e.g. --level ${named[0]}`);
    } else {
      problems.push(
        `--level is needed: ${targets.map((t) => t.series).join(' and ')} belong${targets.length === 1 ? 's' : ''} to no one level; ` +
          `say whose places vary: --level high, low, remand or halfway`,
      );
    }
  }
  const whole = (raw: unknown, name: string, least: number) =>
    parseNumber(raw, name, `a whole number ≥ ${least}`, (x) => Number.isSafeInteger(x) && x >= least, problems);
  const min = whole(args.min, '--min', 0);
  const max = whole(args.max, '--max', 1);
  const resolution = whole(args.resolution, '--resolution', 1) ?? 1;
  const probability = parseNumber(args.probability, '--probability', 'a share in (0, 1], e.g. 0.9', (x) => x > 0 && x <= 1, problems) ?? DEFAULT_PROBABILITY;
  if (min !== undefined && max !== undefined && min >= max) problems.push(`--min must be below --max; got --min ${min} and --max ${max}`);
  return { targets, level, min, max, probability, resolution };
}

function nearestLevel(word: string): string {
  return [...SECURITY_LEVELS].sort((a, b) => editDistance(word, a) - editDistance(word, b))[0];
}

// --- The search ------------------------------------------------------------------------------------
