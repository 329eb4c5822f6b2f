/**
 * Shared helpers for the model tests: loading scaled-down scenarios, and a checker of the
 * invariants that must hold at every moment of a replication (whatever the scenario).
 */
import { expect } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { Line, Sentence, Status, STATUS_COUNT, STATUS_NAMES, type Person } from '../../src/model/person.js';
import { PROGRAMS } from '../../src/model/params.js';
import { Slot } from '../../src/model/measurements.js';
import { QUEUED_AFTER_DAYS } from '../../src/model/queue.js';
import type { Model } from '../../src/model/state.js';
import { barredFromOpen } from '../../src/model/people.js';
import type { Scenario } from '../../src/scenario/types.js';
import { loadScenario } from '../../src/scenario/files.node.js';

export function load(sets: string[] = [], ref = 'norway-baseline'): Scenario {
  const r = loadScenario(ref, { sets });
  if (!r.ok) throw new Error(`scenario did not load:\n${r.errors.join('\n')}`);
  return r.scenario;
}

/**
 * The baseline scaled down tenfold: new cases, places, officers (so the staff ratio, which drives
 * incidents, is unchanged), EM devices, programme slots and preventive-detention cases. Small
 * enough for a replication of a few years to take well under a second.
 */
export const SMALL: readonly string[] = [
  'population.newCasesPerYear=480',
  'facilities.0.capacity=75',
  'facilities.0.officersFte=68',
  'facilities.1.capacity=165',
  'facilities.1.officersFte=149',
  'facilities.2.capacity=110',
  'facilities.2.officersFte=50',
  'facilities.3.capacity=15',
  'facilities.3.officersFte=5',
  // Women's places (facilities 4-6: remand, high, open), a tenth too.
  'facilities.4.capacity=4',
  'facilities.4.officersFte=4',
  'facilities.5.capacity=8',
  'facilities.5.officersFte=7',
  'facilities.6.capacity=7',
  'facilities.6.officersFte=3',
  'electronicMonitoring.capacity=50',
  'communitySentences.capacity=200',
  'programs.education.slots=70',
  'programs.vocational.slots=25',
  'programs.work.slots=140',
  'programs.addictionTreatment.slots=22',
  'programs.cognitiveBehavioural.slots=12',
  'programs.psychiatricCare.slots=6',
  'sentencing.preventiveDetention.newPerYear=2',
];

/**
 * Women's places off (facilities 4-6 of the baseline shared and without places): every level is
 * shared by women and men, as before issue 15 part 3, for tests of capacity that count one pool.
 */
export const UNSEXED: readonly string[] = [4, 5, 6].flatMap((i) => [`facilities.${i}.women=false`, `facilities.${i}.capacity=0`, `facilities.${i}.officersFte=0`]);

export function small(extra: string[] = []): Scenario {
  return load([...SMALL, ...extra]);
}

export const CUSTODIAL: ReadonlyMap<number, string> = new Map([
  [Status.Remand, 'remand'],
  [Status.High, 'high'],
  [Status.Low, 'low'],
  [Status.Halfway, 'halfway'],
]);

/** Every person alive in the model (people who left are null). */
export function alive(m: Model): Person[] {
  return m.people.filter((p): p is Person => p !== null);
}

/**
 * Checks every invariant of the state at this moment, failing with a message that names the
 * day and the invariant. Returns the number of people in each status, for callers that want more.
 */
export function checkInvariants(m: Model, where = ''): number[] {
  const at = `day ${m.now.toFixed(2)}${where ? ` (${where})` : ''}`;
  const problems: string[] = [];
  // Plain comparisons, one expect at the end: an expect per person would dominate the run time.
  const check = (ok: boolean, what: string) => {
    if (!ok && problems.length < 20) problems.push(`${at}: ${what}`);
  };
  const people = alive(m);
  const count = m.integrals.count;

  // One state each: counts per status agree with the people, and the left are counted as Left.
  const byStatus = new Array<number>(STATUS_COUNT).fill(0);
  for (const p of people) byStatus[p.status]++;
  check(byStatus[Status.Left] === 0, `${byStatus[Status.Left]} non-null people with status Left`);
  const left = m.people.length - people.length;
  for (let s = 0; s < STATUS_COUNT; s++) {
    const expected = s === Status.Left ? left : byStatus[s];
    check(count[s] === expected, `integrals.count for ${STATUS_NAMES[s]} is ${count[s]}, people ${expected}`);
  }
  let total = 0;
  for (let s = 0; s < STATUS_COUNT; s++) total += count[s];
  check(total === m.people.length, `sum of status counts ${total} != people created ${m.people.length}`);
  m.people.forEach((p, i) => check(p === null || p.id === i, `person at index ${i} has id ${p?.id}`));

  // Places: occupancy, capacity, and the level held matching the status.
  const occupied = new Array<number>(m.facilities.length).fill(0);
  for (const p of people) {
    const name = `person ${p.id} (${STATUS_NAMES[p.status]}, facility ${p.facility})`;
    if (p.facility >= 0) occupied[p.facility]++;
    const level = CUSTODIAL.get(p.status);
    if (level !== undefined) {
      check(p.facility >= 0 && m.facilities[p.facility].level === level, `${name} should hold a ${level} place`);
    } else if (p.status === Status.AwaitingTransfer) {
      check(p.facility < 0 || m.facilities[p.facility].level === 'remand', `${name} should wait in a remand place`);
    } else {
      check(p.facility === -1, `${name} should hold no place`);
    }
  }
  m.facilities.forEach((f, i) => {
    check(f.occupied === occupied[i], `occupancy of ${f.name} is ${f.occupied}, people ${occupied[i]}`);
    check(f.occupied <= f.capacity, `${f.name}: ${f.occupied} over capacity ${f.capacity}`);
    check(count[Slot.FirstFacility + i] === occupied[i], `integral count of ${f.name} is ${count[Slot.FirstFacility + i]}, people ${occupied[i]}`);
  });

  // Outside the walls.
  check(m.emActive === byStatus[Status.Em], `emActive ${m.emActive}, people on EM ${byStatus[Status.Em]}`);
  check(m.emActive <= m.emCapacity, `EM ${m.emActive} over capacity ${m.emCapacity}`);
  check(m.communityActive === byStatus[Status.Community], `communityActive ${m.communityActive}, people ${byStatus[Status.Community]}`);

  // Stock composition slots agree with the people holding places.
  let women = 0;
  let foreign = 0;
  let pd = 0;
  let sentenced = 0;
  let longSentenced = 0;
  let education = 0;
  const edu = PROGRAMS.indexOf('education');
  for (const p of people) {
    if (p.facility >= 0) {
      if (p.woman) women++;
      if (p.foreign) foreign++;
      if (p.sentenceKind === Sentence.PreventiveDetention) pd++;
      else if (p.sentenceKind === Sentence.Prison) {
        sentenced++;
        if (p.sentenceDays >= 365) longSentenced++;
      }
    }
    if (((p.program === edu && !p.programWaiting) || (p.work === edu && !p.workWaiting)) && p.facility >= 0) education++;
  }
  check(count[Slot.Women] === women, `women in stock ${count[Slot.Women]}, people ${women}`);
  check(count[Slot.Foreign] === foreign, `foreign in stock ${count[Slot.Foreign]}, people ${foreign}`);
  check(count[Slot.PreventiveDetention] === pd, `preventive detention stock ${count[Slot.PreventiveDetention]}, people ${pd}`);
  check(count[Slot.SentencedStock] === sentenced, `sentenced stock ${count[Slot.SentencedStock]}, people ${sentenced}`);
  check(count[Slot.SentencedLongStock] === longSentenced, `long stock ${count[Slot.SentencedLongStock]}, people ${longSentenced}`);
  check(count[Slot.EducationEnrolled] === education, `education enrolled ${count[Slot.EducationEnrolled]}, people ${education}`);

  // KDI's queue: exactly those waiting at liberty 60 days or more after conviction.
  let kdi = 0;
  for (const p of people) {
    if (p.kdiQueued) kdi++;
    const waited = m.now - p.convictionDay;
    if (p.kdiQueued) check(p.status === Status.Queue && waited >= QUEUED_AFTER_DAYS - 1e-9, `person ${p.id} (${STATUS_NAMES[p.status]}) counted in KDI's queue after ${waited} days`);
    else if (p.status === Status.Queue) check(waited < QUEUED_AFTER_DAYS + 1e-9, `person ${p.id} waited ${waited} days and is not in KDI's queue`);
  }
  check(count[Slot.KdiQueue] === kdi, `KDI queue count ${count[Slot.KdiQueue]}, people ${kdi}`);

  // Programmes, on both tracks: enrolled and waiting per facility agree with the people, within
  // slots; per-programme integrals agree too, and work-or-education counts each person once.
  const enrolled = m.facilities.map(() => new Array<number>(PROGRAMS.length).fill(0));
  const waiting = m.facilities.map(() => new Array<number>(PROGRAMS.length).fill(0));
  const enrolledAll = new Array<number>(PROGRAMS.length).fill(0);
  const waitingAll = new Array<number>(PROGRAMS.length).fill(0);
  const work = PROGRAMS.indexOf('work');
  let workOrEducation = 0;
  for (const p of people) {
    const tracks: Array<[number, boolean, string]> = [
      [p.program, p.programWaiting, 'programme'],
      [p.work, p.workWaiting, 'work'],
    ];
    for (const [k, isWaiting, track] of tracks) {
      if (k < 0) {
        check(!isWaiting, `person ${p.id} waits for nothing on the ${track} track`);
        continue;
      }
      check(m.params.programs[k].track === (track === 'programme' ? 0 : 1), `person ${p.id}: ${PROGRAMS[k]} on the ${track} track`);
      if (p.facility < 0) {
        check(false, `person ${p.id} (${STATUS_NAMES[p.status]}) in programme ${PROGRAMS[k]} without a place`);
        continue;
      }
      if (isWaiting) {
        waiting[p.facility][k]++;
        waitingAll[k]++;
      } else {
        enrolled[p.facility][k]++;
        enrolledAll[k]++;
      }
    }
    const inWork = (p.program === work && !p.programWaiting) || (p.work === work && !p.workWaiting);
    const inEducation = (p.program === edu && !p.programWaiting) || (p.work === edu && !p.workWaiting);
    if (p.facility >= 0 && (inWork || inEducation)) workOrEducation++;
  }
  for (let k = 0; k < PROGRAMS.length; k++) {
    check(count[Slot.ProgramEnrolled + k] === enrolledAll[k], `${PROGRAMS[k]} enrolled integral ${count[Slot.ProgramEnrolled + k]}, people ${enrolledAll[k]}`);
    check(count[Slot.ProgramWaiting + k] === waitingAll[k], `${PROGRAMS[k]} waiting integral ${count[Slot.ProgramWaiting + k]}, people ${waitingAll[k]}`);
  }
  check(count[Slot.WorkOrEducation] === workOrEducation, `work-or-education integral ${count[Slot.WorkOrEducation]}, people ${workOrEducation}`);
  m.facilities.forEach((f, i) => {
    for (let k = 0; k < PROGRAMS.length; k++) {
      const name = `${f.name} ${PROGRAMS[k]}`;
      check(f.enrolled[k] === enrolled[i][k], `${name} enrolled ${f.enrolled[k]}, people ${enrolled[i][k]}`);
      check(f.enrolled[k] <= f.slots[k], `${name} enrolled ${f.enrolled[k]} over ${f.slots[k]} slots`);
      check(f.waiting[k] === waiting[i][k], `${name} waiting ${f.waiting[k]}, people ${waiting[i][k]}`);
      // Nobody waits while a slot is free.
      check(f.waiting[k] === 0 || f.enrolled[k] === f.slots[k], `${name}: ${f.waiting[k]} wait with a free slot`);
    }
  });

  // Work conservation: nobody stands in a line for a level that has a free place, and everyone
  // in a waiting state stands in the line that will serve them.
  // Where a level has women's places, a free place is free for one sex only (issue 15 part 3).
  for (const p of people) {
    const name = `person ${p.id} (${STATUS_NAMES[p.status]}, line ${p.inLine})`;
    const free = (level: 'remand' | 'high' | 'low' | 'halfway') => m.hasFreePlace(level, p.woman);
    if (p.facility >= 0) {
      const f = m.facilities[p.facility];
      if (m.separated[f.level]) check(f.women === p.woman, `${name}, ${p.woman ? 'a woman' : 'a man'}, in ${f.name}`);
    }
    // An expulsion decision that bars open prison, EM and halfway houses is kept.
    if (barredFromOpen(m, p)) {
      check(p.status !== Status.Low && p.status !== Status.Halfway && p.status !== Status.Em, `${name} barred from open prison, EM and halfway houses, yet there`);
      check(p.sentenceKind !== Sentence.FrontDoorEm, `${name} barred from EM, yet sentenced to serve on EM`);
      check(p.inLine !== Line.StepDown && p.inLine !== Line.Halfway, `${name} barred from open prison and halfway houses, yet waits for one`);
    }
    if (p.status === Status.PoliceCell) {
      check(p.inLine === Line.PoliceCell, `${name} in a police cell out of the police-cell line`);
      check(!free('remand'), `${name} in a police cell while a remand place is free`);
    }
    if (p.status === Status.AwaitingTransfer) {
      check(p.inLine === Line.Sentence || p.inLine === Line.Halfway, `${name} awaits transfer in no line`);
    }
    if (p.inLine === Line.Sentence) {
      check(p.status === Status.Queue || p.status === Status.AwaitingTransfer, `${name} in the sentence line`);
      check(!free(p.assignedLevel), `${name} waits for a ${p.assignedLevel} place while one is free`);
      // Cross-level placement: nobody waits for open while a high place is free.
      if (m.scenario.placement.crossLevel && p.assignedLevel === 'low') check(!free('high'), `${name} waits for open while a high place is free (cross-level placement)`);
    }
    if (p.inLine === Line.StepDown) {
      check(p.status === Status.High, `${name} in the step-down line`);
      check(!free('low'), `${name} waits to step down while a low place is free`);
    }
    // A cross-level starter is someone the rules allow in open prison, in high security waiting to move there.
    if (!Number.isNaN(p.crossLevelSince) && p.status === Status.High) {
      const pl = m.scenario.placement;
      check(pl.crossLevel, `${name} started cross-level with cross-level placement off`);
      check(p.assignedLevel === 'low', `${name} started cross-level, assigned ${p.assignedLevel}`);
      check(p.sentenceKind === Sentence.Prison && !p.highRisk && !pl.highOnlyOffences.includes(p.offence) && p.sentenceDays <= pl.lowSecurityMaxSentenceDays,
        `${name} started cross-level though never allowed in open prison`);
      check(p.inLine === Line.StepDown || p.inLine === Line.Halfway, `${name} started cross-level and waits for no move`);
    }
    if (p.inLine === Line.Halfway) check(!free('halfway'), `${name} waits for a halfway place while one is free`);
    if (p.status === Status.AtLiberty) check(p.exitDay < Infinity, `${name} at liberty with nothing scheduled`);
  }

  // Sentences within the legal maximum.
  for (const p of people) {
    if (p.sentenceKind === Sentence.Prison || p.sentenceKind === Sentence.FrontDoorEm) {
      check(p.sentenceDays <= m.params.maxSentenceDays + 1e-9, `person ${p.id}: sentence ${p.sentenceDays} days over the maximum`);
    }
  }

  // Nobody serves a prison sentence beyond its full term.
  for (const p of people) {
    if (p.sentenceKind !== Sentence.Prison) continue;
    const serving =
      p.status === Status.High || p.status === Status.Low || p.status === Status.Halfway ||
      p.status === Status.Em || p.status === Status.AwaitingTransfer;
    const end = p.sentenceStartDay + p.sentenceDays;
    check(!serving || m.now <= end + 1e-6, `person ${p.id} (${STATUS_NAMES[p.status]}) serves beyond the full term ${end.toFixed(2)}`);
  }
  expect(problems).toEqual([]);
  return byStatus;
}

/** Steps a replication (from where it is) to its end, checking the invariants every `everyDays`; returns the checks made. */
export function runChecked(rep: Replication, everyDays = 30, extra?: (m: Model) => void): number {
  const m = rep.model;
  let checks = 0;
  let last = m.now;
  for (let day = (Math.floor(m.now / everyDays) + 1) * everyDays; ; day += everyDays) {
    rep.runUntil(day);
    expect(m.now, 'time runs forward').toBeGreaterThanOrEqual(last);
    last = m.now;
    checkInvariants(m);
    extra?.(m);
    checks++;
    if (day >= m.endDay) break;
  }
  return checks;
}
