/**
 * Sentence lengths, drawn for the court (court.ts) and for new offences while waiting to serve
 * (queue.ts).
 */
import type { Person } from './person.js';
import { caseRules } from './rules.js';
import type { Model } from './state.js';

/** A custodial sentence length, days: offence-specific, policy multiplier, capped by law; at least `atLeastDays`. */
export function drawSentenceDays(m: Model, p: Person, atLeastDays: number): number {
  const { scenario, params } = caseRules(m, p);
  const s = scenario.sentencing;
  const fixed = s.offenceMultiplier[p.offence] * s.lengthMultiplier;
  // Sentences of a year (time-varying input, inputs.ts): on top of the policy lever.
  const multiplier = m.inputs.hasLength ? fixed * m.inputs.lengthFactor(m.now) : fixed;
  const base = params.sentenceLength.sampleAbove(atLeastDays / multiplier, p.rng.case);
  return Math.min(base * multiplier, params.maxSentenceDays);
}
