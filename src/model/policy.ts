/**
 * Rules that change at dates (`scenario.policyChanges`). Regime 0 is the scenario's own rules,
 * regime k the rules after its k-th change. The rules of the system (arrivals, programme slots, EM
 * devices, the queue's priorities, incidents, costs) are those of the regime in force. The rules
 * of a case (sentencing, placement, the sentence plan, parole, release planning) are those of the
 * regime in force when the case started, plus every later change that applies to `all`; so a
 * change for `new-cases` reaches only cases that start on or after its date.
 *
 * Every set of rules a replication can need is prepared when it starts, each with the evidence
 * stream created afresh, so that effect sizes a change does not touch are drawn identically.
 */
import { createStream } from '../engine/random.js';
import { withPatches } from '../scenario/policy.js';
import type { PolicyChange, Scenario } from '../scenario/types.js';
import { scheduleNextPreventiveDetention } from './arrival.js';
import { scheduleIncident } from './incidents.js';
import { prepareParams, PROGRAMS, type Params } from './params.js';
import { Sentence, Status, type Person } from './person.js';
import { replanSentence } from './placement.js';
import { setProgramSlots } from './programs.js';
import type { Model } from './state.js';

export interface Rules {
  readonly scenario: Scenario;
  readonly params: Params;
}

/** What a sentence plan is made from: when it differs, an `all` change plans the sentence again. */
function planRulesText(s: Scenario): string {
  return JSON.stringify([s.parole, s.stepDown, s.electronicMonitoring.backDoor]);
}

function slotsText(s: Scenario): string {
  return JSON.stringify(PROGRAMS.map((name) => [s.programs[name].slots, s.programs[name].levels]));
}

export class Policy {
  readonly changes: readonly PolicyChange[];
  /** The regime in force: 0 before any change, k after the k-th. */
  regime = 0;
  /** The rules of a case, indexed by the regime in force when it started (`Person.caseRegime`). */
  byCase: readonly Rules[];
  /** byRegime[r][c]: the rules of a case started under regime c while regime r is in force (c <= r). */
  private readonly byRegime: Rules[][];
  /** Switches during measurement: the day, the rules until then, and the time integrals at that moment (for costs). */
  readonly measuredSwitches: Array<{ day: number; scenario: Scenario; area: Float64Array }> = [];

  constructor(scenario: Scenario, seed: number, replication: number, fixedEffects: boolean) {
    this.changes = scenario.policyChanges ?? [];
    const prepared = new Map<string, Rules>();
    const rulesWith = (applied: number[]): Rules => {
      const key = applied.join(',');
      let rules = prepared.get(key);
      if (rules === undefined) {
        const s = withPatches(scenario, applied.map((k) => this.changes[k].patch));
        // Evidence draws come from a stream of their own, so they are common to every scenario run with the seed, and to every regime.
        rules = { scenario: s, params: prepareParams(s, fixedEffects ? null : createStream(seed, replication, 'evidence')) };
        prepared.set(key, rules);
      }
      return rules;
    };
    this.byRegime = [];
    for (let r = 0; r <= this.changes.length; r++) {
      const row: Rules[] = [];
      for (let c = 0; c <= r; c++) {
        const applied: number[] = [];
        for (let k = 0; k < r; k++) if (k < c || this.changes[k].appliesTo === 'all') applied.push(k);
        row.push(rulesWith(applied));
      }
      this.byRegime.push(row);
    }
    this.byCase = this.byRegime[0];
  }

  /** The rules in force. */
  get rules(): Rules {
    return this.byCase[this.regime];
  }

  switchTo(regime: number): void {
    this.regime = regime;
    this.byCase = this.byRegime[regime];
  }

  /** Per case regime, whether the regime now in force changed its sentence-plan rules from the one before. */
  planChangedByCase(): boolean[] {
    const before = this.byRegime[this.regime - 1];
    return before.map((rules, c) => rules !== this.byCase[c] && planRulesText(rules.scenario) !== planRulesText(this.byCase[c].scenario));
  }
}

/** The rules that decide about a person's current case. */
export function caseRules(m: Model, p: Person): Rules {
  return m.policy.byCase[p.caseRegime];
}

/** Serving a sentence whose plan is on the calendar (not preventive detention, whose reviews follow the rules when they come). */
function servingPlannedSentence(p: Person): boolean {
  if (p.sentenceKind !== Sentence.Prison && p.sentenceKind !== Sentence.FrontDoorEm) return false;
  switch (p.status) {
    case Status.High:
    case Status.Low:
    case Status.Halfway:
    case Status.Em:
    case Status.AwaitingTransfer:
      return true;
    case Status.PoliceCell:
      return !Number.isNaN(p.convictionDay); // sentenced while still in a police cell
    default:
      return false;
  }
}

/** Makes the rules after change `k` (0-based) the rules in force. */
function putInForce(m: Model, k: number): void {
  m.policy.switchTo(k + 1);
  m.scenario = m.policy.rules.scenario;
  m.params = m.policy.rules.params;
}

/** A change dated before the run's first day: its rules are the rules from the start (nobody is there yet). */
export function applyPolicyChangeBeforeStart(m: Model, k: number): void {
  putInForce(m, k);
  setProgramSlots(m);
}

/**
 * Puts the rules of change `k` (0-based) in force during the run: record the cost segment, plan again the
 * sentences of people reached by a change of the sentence-plan rules, and bring the system
 * (programme slots, the next preventive-detention case, incident clocks) to the new rules.
 */
export function applyPolicyChange(m: Model, k: number): void {
  const policy = m.policy;
  const old = policy.rules.scenario;
  if (m.now > m.measureStartDay) {
    m.integrals.flush(m.now);
    policy.measuredSwitches.push({ day: m.now, scenario: old, area: Float64Array.from(m.integrals.area) });
  }
  putInForce(m, k);
  const now = m.scenario;

  const planChanged = policy.planChangedByCase();
  if (planChanged.some(Boolean)) {
    for (const p of m.people) if (p !== null && planChanged[p.caseRegime] && servingPlannedSentence(p)) replanSentence(m, p, policy.changes[k].date);
  }
  if (slotsText(now) !== slotsText(old)) setProgramSlots(m);
  if (now.sentencing.preventiveDetention.newPerYear !== old.sentencing.preventiveDetention.newPerYear) {
    // Poisson arrivals are memoryless: the next one is drawn again at the new rate.
    m.sim.cancel(m.preventiveDetentionArrival);
    scheduleNextPreventiveDetention(m);
  }
  if (JSON.stringify(now.incidents) !== JSON.stringify(old.incidents)) {
    // Incident clocks are exponential, so restarting them at the new rates is exact.
    for (const p of m.people) if (p !== null && p.facility >= 0) scheduleIncident(m, p);
  }
}
