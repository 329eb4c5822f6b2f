/**
 * Event kinds: small integers on the calendar, dispatched by a switch in replication.ts.
 * Person events carry the person's id as target and the person's generation as tag, so that
 * events of a custody episode that has ended are skipped when they are popped.
 */
export const Ev = {
  CaseArrival: 1,
  PreventiveDetentionArrival: 2,
  RemandEnd: 3,
  SummonsDue: 4,
  ProgramEnd: 5,
  Incident: 6,
  StepDownCheck: 7,
  HalfwayCheck: 8,
  BackDoorEmCheck: 9,
  ParoleDate: 10,
  SentenceEnd: 11,
  PreventiveDetentionReview: 12,
  CommunitySentenceEnd: 13,
  Reoffence: 14,
  NewCase: 15,
  Exit: 16,
  MonthTick: 17,
  MeasureStart: 18,
  /** target -1; tag = facility index × 1024 + index of the change in its capacityChanges. */
  CapacityChange: 19,
  /** target -1; tag = index of the change in scenario.policyChanges. */
  PolicyChange: 20,
  /** A person still waiting at liberty has reached 60 days since conviction: KDI counts them as queued. */
  QueuedByKdi: 21,
  /** target -1; tag = 2 × valve index + 1 to switch it on (its date window opens), + 0 to switch it off. */
  ValveSwitch: 22,
  /** target -1; tag = valve index: a rule trigger's check. */
  ValveCheck: 23,
  /** target -1; tag = index of the change in electronicMonitoring.capacityChanges. */
  EmCapacityChange: 24,
  /** The end of an enrolment on the work track (ProgramEnd is the programme track's). */
  WorkEnd: 25,
  /** A death in custody (health.ts). */
  DeathInCustody: 26,
} as const;
export type Ev = (typeof Ev)[keyof typeof Ev];

/**
 * Tie rule for events at the same time: bookkeeping first, then departures before arrivals, so
 * that a place freed at a moment can be taken by someone arriving at that same moment.
 */
export const Priority = {
  Bookkeeping: 0,
  Departure: 1,
  Movement: 2,
  Arrival: 3,
} as const;
