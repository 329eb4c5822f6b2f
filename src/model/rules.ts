/**
 * The rules, as data: the scenario's own and those after each of its dated changes
 * (`scenario.policyChanges`), each prepared once (samplers compiled, odds drawn), and which of
 * them decides what. Regime 0 is the scenario's own rules, regime k the rules after its k-th
 * change. The rules of the system (arrivals, programme slots, EM devices, the queue's priorities,
 * incidents, costs) are those of the regime in force (`m.scenario`, `m.params`). The rules of a
 * case (sentencing, placement, the sentence plan, parole, release planning) are those of the
 * regime in force when the case started, plus every later change that applies to `all`
 * (`caseRules`); so a change for `new-cases` reaches only cases that start on or after its date.
 *
 * Putting a change in force, and bringing people and places to it, is a process: policy.ts.
 *
 * Every set of rules a replication can need is prepared when it starts, each with the evidence
 * stream created afresh, so that effect sizes a change does not touch are drawn identically.
 */
import { createStream } from '../engine/random.js';
import { withPatches } from '../scenario/policy.js';
import type { PolicyChange, Scenario } from '../scenario/types.js';
import { prepareParams, PROGRAMS, type Params } from './params.js';
import type { Person } from './person.js';
import type { Model } from './state.js';

/** One set of rules: the scenario's values, and the same prepared for the model to draw from. */
export interface Rules {
  readonly scenario: Scenario;
  readonly params: Params;
}

/** Equal as data (numbers, strings, booleans, arrays and plain objects, keys in any order). */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameData(ra[k], rb[k]));
}

/** Whether two sets of rules make the same sentence plan (parole, step-down, back-door EM): if not, an `all` change plans it again. */
export function samePlanRules(a: Scenario, b: Scenario): boolean {
  return sameData(a.parole, b.parole) && sameData(a.stepDown, b.stepDown) && sameData(a.electronicMonitoring.backDoor, b.electronicMonitoring.backDoor);
}

/** Whether two sets of rules give every programme the same slots at the same levels. */
export function sameProgramSlots(a: Scenario, b: Scenario): boolean {
  return PROGRAMS.every((name) => a.programs[name].slots === b.programs[name].slots && sameData(a.programs[name].levels, b.programs[name].levels));
}

/** Whether two sets of rules give the same incident rates. */
export function sameIncidentRules(a: Scenario, b: Scenario): boolean {
  return sameData(a.incidents, b.incidents);
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
    return before.map((rules, c) => rules !== this.byCase[c] && !samePlanRules(rules.scenario, this.byCase[c].scenario));
  }
}

/** The rules that decide about a person's current case. */
export function caseRules(m: Model, p: Person): Rules {
  return m.policy.byCase[p.caseRegime];
}
