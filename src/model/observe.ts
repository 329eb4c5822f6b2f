/**
 * Watching a replication: the one way anything outside the processes learns what happens in a
 * run. A listener implements the events it wants (every method is optional); the model calls
 * them after the happening, with the person as they are then. Listeners draw no random numbers
 * and change no state, so a run with listeners is the very same run as one without.
 *
 * The model asks `Listeners` before it calls (`hearsStatus`, `tellsStories`), so an event nobody
 * listens for costs one test of a boolean: an ordinary run builds no story line at all and calls
 * nothing on a change of status. Users: the monthly recorder (admissions and releases), the
 * trace (story lines and the facts chosen people are picked by), the validation probes (level
 * flows and the release cohort).
 */
import type { Person, Status } from './person.js';
import type { ReleaseEffects } from './recidivism.js';

export interface ModelListener {
  /**
   * A person changed status (and place): `p.status` and `p.facility` are already the new ones;
   * `from` and `fromFacility` (-1 when none) the old.
   */
  statusChanged?(p: Person, from: Status, fromFacility: number, day: number): void;
  /** Entered prison: remanded (to a remand place or a police cell), or admitted from liberty to serve. */
  admitted?(p: Person, day: number): void;
  /** Left prison for the community: from a remand place, or at the end of a prison sentence (served inside or on back-door EM). */
  releasedFromPrison?(p: Person, day: number): void;
  /** A sentence ended in release (parole, full term, preventive detention ended at review; front-door EM too), with what release planning brought. */
  releasedFromSentence?(p: Person, day: number, onParole: boolean, effects: ReleaseEffects): void;
  /** An incident (violence or serious rule breaking) while holding a place. */
  incident?(p: Person, day: number): void;
  /** A programme (index in PROGRAMS) ended, completed or dropped out of. */
  programmeEnded?(p: Person, day: number, programme: number, completed: boolean): void;
  /** A reoffence that will be prosecuted: a new case follows after the conviction lag. */
  reoffended?(p: Person, day: number): void;
  /** A line of the person's story, in words (built only while someone listens for them). */
  note?(p: Person, day: number, text: string): void;
  /** A valve (valves.ts) switched on or off, and why, in words (called only while someone listens for story lines). */
  valveSwitched?(name: string, on: boolean, day: number, why: string): void;
}

/** The listeners of one model, called in the order they were added (indexed loops: no iterator on the hot path). */
export class Listeners {
  private readonly all: ModelListener[] = [];
  /** Someone listens for changes of status. */
  hearsStatus = false;
  /** Someone listens for story lines: guards the building of their text. */
  tellsStories = false;

  add(listener: ModelListener): void {
    this.all.push(listener);
    this.hearsStatus = this.all.some((l) => l.statusChanged !== undefined);
    this.tellsStories = this.all.some((l) => l.note !== undefined || l.valveSwitched !== undefined);
  }

  statusChanged(p: Person, from: Status, fromFacility: number, day: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].statusChanged?.(p, from, fromFacility, day);
  }

  admitted(p: Person, day: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].admitted?.(p, day);
  }

  releasedFromPrison(p: Person, day: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].releasedFromPrison?.(p, day);
  }

  releasedFromSentence(p: Person, day: number, onParole: boolean, effects: ReleaseEffects): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].releasedFromSentence?.(p, day, onParole, effects);
  }

  incident(p: Person, day: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].incident?.(p, day);
  }

  programmeEnded(p: Person, day: number, programme: number, completed: boolean): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].programmeEnded?.(p, day, programme, completed);
  }

  reoffended(p: Person, day: number): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].reoffended?.(p, day);
  }

  note(p: Person, day: number, text: string): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].note?.(p, day, text);
  }

  valveSwitched(name: string, on: boolean, day: number, why: string): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].valveSwitched?.(name, on, day, why);
  }
}
