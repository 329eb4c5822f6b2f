/**
 * Life stories: follow chosen people through one replication. Tracing runs the replication twice
 * with listeners (observe.ts): first to learn a few facts about everyone who entered (so people
 * can be chosen by a condition on their whole path, such as their sentence), then to record the
 * chosen people's stories line by line. Listeners draw no random numbers, so both runs are the
 * very same run as an untraced one, and an untraced run builds no text at all.
 */
import type { CensusRecord } from '../scenario/census.js';
import { createStream } from '../engine/random.js';
import type { Scenario } from '../scenario/types.js';
import { DAYS_PER_YEAR } from './params.js';
import { Sentence, Status, type Person } from './person.js';
import { Replication } from './replication.js';
import type { ReplicationOptions } from './result.js';
import type { ModelListener } from './observe.js';
import type { ReleaseEffects } from './recidivism.js';

/** What is known of a person's path through the replication, to choose whom to follow. */
export interface PersonFacts {
  id: number;
  /** Day of first entry, counted from the start of measurement. */
  firstDay: number;
  ageAtEntry: number;
  woman: boolean;
  offence: string;
  priors: number;
  /** Longest custodial sentence in days (0 if none). */
  sentence: number;
  remanded: boolean;
  policeCell: boolean;
  queued: boolean;
  open: boolean;
  halfway: boolean;
  em: boolean;
  paroled: boolean;
  incidents: number;
  programmes: number;
  released: boolean;
  /** Came back with a new case after a release. */
  returned: boolean;
}

export interface StoryLine {
  /** Day counted from the start of measurement. */
  day: number;
  text: string;
}

export interface PersonStory {
  id: number;
  /** Who the person was at first entry, in words. */
  portrait: string;
  facts: PersonFacts;
  lines: StoryLine[];
}

function describe(p: Person, ageYears: number): string {
  const parts = [
    p.woman ? 'woman' : 'man',
    `${Math.floor(ageYears)} years old`,
    `${p.offence} offence`,
    p.priors === 0 ? 'no prior convictions' : `${p.priors} prior conviction${p.priors === 1 ? '' : 's'}`,
    `education: ${p.education.replace(/([A-Z])/g, ' $1').toLowerCase()}`,
    p.employedBefore ? 'in work' : 'not in work',
    `housing: ${p.housingBefore}`,
  ];
  if (p.substanceUse) parts.push('substance use disorder');
  if (p.mentalIllness) parts.push('serious mental illness');
  if (p.foreign) parts.push('foreign national');
  return parts.join(', ');
}

/**
 * Gathers the facts: a person's record starts at their first story line, which also reads where
 * they are now; the happenings that count (incidents, programmes completed, release, a
 * reoffence after it) come as their own events, each after the story line that tells it.
 */
class FactsListener implements ModelListener {
  readonly facts = new Map<number, PersonFacts>();
  private readonly portraits = new Map<number, string>();

  constructor(
    private readonly measureStartDay: number,
    private readonly keepPortraits: boolean,
  ) {}

  note(p: Person, day: number, what: string): void {
    let f = this.facts.get(p.id);
    if (f === undefined) {
      const age = (day - p.birthDay) / DAYS_PER_YEAR;
      f = {
        id: p.id,
        firstDay: day - this.measureStartDay,
        ageAtEntry: age,
        woman: p.woman,
        offence: p.offence,
        priors: p.priors,
        sentence: 0,
        remanded: false,
        policeCell: false,
        queued: false,
        open: false,
        halfway: false,
        em: false,
        paroled: false,
        incidents: 0,
        programmes: 0,
        released: false,
        returned: false,
      };
      this.facts.set(p.id, f);
      if (this.keepPortraits) this.portraits.set(p.id, describe(p, age));
    }
    if (p.sentenceKind !== Sentence.None && p.sentenceDays > f.sentence) f.sentence = p.sentenceDays;
    if (p.status === Status.Remand) f.remanded = true;
    if (p.status === Status.PoliceCell) f.policeCell = f.remanded = true;
    if (p.status === Status.Queue) f.queued = true;
    if (p.status === Status.Low) f.open = true;
    if (p.status === Status.Halfway) f.halfway = true;
    if (p.status === Status.Em) f.em = true;
  }

  incident(p: Person): void {
    const f = this.facts.get(p.id);
    if (f !== undefined) f.incidents++;
  }

  programmeEnded(p: Person, _day: number, _programme: number, completed: boolean): void {
    const f = this.facts.get(p.id);
    if (f !== undefined && completed) f.programmes++;
  }

  releasedFromSentence(p: Person, _day: number, onParole: boolean, _effects: ReleaseEffects): void {
    const f = this.facts.get(p.id);
    if (f === undefined) return;
    f.released = true;
    if (onParole) f.paroled = true;
  }

  reoffended(p: Person): void {
    const f = this.facts.get(p.id);
    if (f !== undefined && f.released) f.returned = true;
  }

  portrait(id: number): string {
    return this.portraits.get(id) ?? '';
  }
}

/** How the last line of a story begins (replication.ts, onExit). */
const FOLLOW_UP_ENDS = 'follow-up ends';

class StoryListener extends FactsListener {
  readonly lines = new Map<number, StoryLine[]>();

  constructor(
    private readonly chosen: ReadonlySet<number>,
    private readonly startDay: number,
  ) {
    super(startDay, true);
  }

  override note(p: Person, day: number, what: string): void {
    if (!this.chosen.has(p.id)) return;
    super.note(p, day, what);
    let lines = this.lines.get(p.id);
    if (lines === undefined) {
      lines = [];
      this.lines.set(p.id, lines);
    }
    lines.push({ day: day - this.startDay, text: what });
  }

  /** A valve's switch is a line of every story under way (a chosen person already seen whose follow-up has not ended). */
  valveSwitched(name: string, on: boolean, day: number, why: string): void {
    const text = `valve ${name} switched ${on ? 'on' : 'off'} (${why})`;
    for (const lines of this.lines.values()) {
      if (lines[lines.length - 1].text.startsWith(FOLLOW_UP_ENDS)) continue;
      lines.push({ day: day - this.startDay, text });
    }
  }
}

/**
 * Facts about everyone who first entered within the first `windowShare` of the measured period
 * (so that most of their path is seen before the run ends), in order of entry. People of the census
 * a run started from did not enter during it, so they are not among them.
 */
export function collectFacts(scenario: Scenario, options: ReplicationOptions, windowShare = 0.5, census?: readonly CensusRecord[]): PersonFacts[] {
  const rep = new Replication(scenario, options, census);
  const firstNew = rep.model.people.length;
  const start = rep.model.measureStartDay;
  const observer = new FactsListener(start, false);
  rep.model.listen(observer);
  rep.run();
  const windowDays = windowShare * options.years * DAYS_PER_YEAR;
  return [...observer.facts.values()].filter((f) => f.id >= firstNew && f.firstDay >= 0 && f.firstDay < windowDays);
}

/**
 * Chooses up to `count` people among those matching (all, without a filter) at random, on a
 * stream of its own so the choice never disturbs the simulation, and tells their stories.
 */
export function followPeople(
  scenario: Scenario,
  options: ReplicationOptions,
  count: number,
  filter: ((f: PersonFacts) => boolean) | null = null,
  census?: readonly CensusRecord[],
): { matching: number; stories: PersonStory[] } {
  const facts = collectFacts(scenario, options, 0.5, census);
  const pool = filter === null ? facts : facts.filter(filter);
  const matching = pool.length;
  const pick = createStream(options.seed, options.replication, 'trace');
  const chosen: number[] = [];
  while (chosen.length < count && pool.length > 0) {
    const i = Math.floor(pick.next() * pool.length);
    chosen.push(pool[i].id);
    pool[i] = pool[pool.length - 1];
    pool.pop();
  }
  chosen.sort((a, b) => a - b);
  return { matching, stories: chosen.length === 0 ? [] : tellStories(scenario, options, chosen, census) };
}

/** Runs the replication again and records the stories of the chosen people. */
export function tellStories(scenario: Scenario, options: ReplicationOptions, ids: readonly number[], census?: readonly CensusRecord[]): PersonStory[] {
  const rep = new Replication(scenario, options, census);
  const observer = new StoryListener(new Set(ids), rep.model.measureStartDay);
  rep.model.listen(observer);
  rep.run();
  return ids.map((id) => ({
    id,
    portrait: observer.portrait(id),
    facts: observer.facts.get(id)!,
    lines: observer.lines.get(id) ?? [],
  }));
}
