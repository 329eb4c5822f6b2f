import { EventCalendar } from './calendar.js';

/**
 * Receives events as plain numbers; an interface rather than a callback so a
 * model can dispatch with a switch on `kind` without a closure per event.
 */
export interface EventHandler {
  handle(kind: number, target: number, tag: number, time: number): void;
}

export class Simulator {
  now = 0;
  eventsProcessed = 0;
  readonly calendar: EventCalendar;

  constructor(initialCapacity?: number) {
    this.calendar = new EventCalendar(initialCapacity);
  }

  /** Schedules at now + delay. A negative or NaN delay is a model bug, so it throws. */
  schedule(delay: number, kind: number, target: number, tag = 0, priority = 0): number {
    if (!(delay >= 0)) throw new RangeError(`delay must be >= 0, got ${delay}`);
    return this.calendar.schedule(this.now + delay, priority, kind, target, tag);
  }

  /** Scheduling in the past would let time run backwards, so it throws. */
  scheduleAt(time: number, kind: number, target: number, tag = 0, priority = 0): number {
    if (!(time >= this.now)) throw new RangeError(`time ${time} is before now (${this.now})`);
    return this.calendar.schedule(time, priority, kind, target, tag);
  }

  cancel(handle: number): boolean {
    return this.calendar.cancel(handle);
  }

  /** Changes the tag of a pending event (same time, same place among ties); false if it is not pending. */
  retag(handle: number, tag: number): boolean {
    return this.calendar.retag(handle, tag);
  }

  /** Processes one event; false if none is pending. */
  step(handler: EventHandler): boolean {
    const calendar = this.calendar;
    if (!calendar.pop()) return false;
    this.now = calendar.time;
    this.eventsProcessed++;
    handler.handle(calendar.kind, calendar.target, calendar.tag, calendar.time);
    return true;
  }

  /**
   * Processes every event with time <= until (including ones scheduled while
   * running), then sets now = until. With until = Infinity it drains the
   * calendar and leaves now at the last event's time, because now = Infinity
   * would make every later schedule() land at Infinity.
   * Returns the number of events processed by this call.
   */
  runUntil(until: number, handler: EventHandler): number {
    if (!(until >= this.now)) throw new RangeError(`until ${until} is before now (${this.now})`);
    const calendar = this.calendar;
    let processed = 0;
    // size is checked because an empty calendar peeks as Infinity, which
    // satisfies <= Infinity.
    while (calendar.size > 0 && calendar.peekTime() <= until) {
      calendar.pop();
      this.now = calendar.time;
      this.eventsProcessed++;
      processed++;
      handler.handle(calendar.kind, calendar.target, calendar.tag, calendar.time);
    }
    if (until !== Infinity) this.now = until;
    return processed;
  }
}
