/**
 * Daily activity and progress (issue 15, parts 1 and 2): school and work held side by side within
 * both capacities, the programme stock shares as exact time averages, progress bringing step-down
 * forward (paired, same seed), and the education effect estimated back from the release cohort.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { PROGRAMS } from '../../src/model/params.js';
import { Sentence, Status, type Person } from '../../src/model/person.js';
import { Slot } from '../../src/model/measurements.js';
import { observeReleases } from '../../src/studies/validation/probes.js';
import { EFFECT_FOLLOW_UP_DAYS, effectCheck } from '../../src/studies/validation/validation.js';
import { checkInvariants, load, SMALL, small } from './helpers.js';

const EDU = PROGRAMS.indexOf('education');
const WORK = PROGRAMS.indexOf('work');
const enrolledIn = (p: Person, k: number) => (p.program === k && !p.programWaiting) || (p.work === k && !p.workWaiting);

describe('school and work side by side', () => {
  /** The largest number holding work and education at once, at checks every 10 days, with the invariants (enrolled <= slots per facility and programme) checked too. */
  function mostHoldingBoth(extra: string[]): { both: number; maxEdu: number; maxWork: number; eduSlots: number; workSlots: number } {
    const rep = new Replication(small(extra), { seed: 5, replication: 0, years: 2, warmupYears: 2 });
    const m = rep.model;
    let both = 0;
    let maxEdu = 0;
    let maxWork = 0;
    for (let day = 10; day <= m.endDay; day += 10) {
      rep.runUntil(day);
      checkInvariants(m);
      let b = 0;
      let e = 0;
      let w = 0;
      for (const p of m.people) {
        if (p === null) continue;
        const inE = enrolledIn(p, EDU);
        const inW = enrolledIn(p, WORK);
        if (inE) e++;
        if (inW) w++;
        if (inE && inW) b++;
      }
      both = Math.max(both, b);
      maxEdu = Math.max(maxEdu, e);
      maxWork = Math.max(maxWork, w);
    }
    const total = (k: number) => m.facilities.reduce((a, f) => a + f.slots[k], 0);
    return { both, maxEdu, maxWork, eduSlots: total(EDU), workSlots: total(WORK) };
  }

  it('a person can hold a work placement and attend school, and neither exceeds its own slots', () => {
    // Slots scarce for both, so that both waitlists form and both capacities bind.
    const r = mostHoldingBoth(['programs.education.slots=30', 'programs.work.slots=60']);
    expect(r.both).toBeGreaterThan(10);
    expect(r.maxEdu).toBeLessThanOrEqual(r.eduSlots);
    expect(r.maxWork).toBeLessThanOrEqual(r.workSlots);
    // The capacities bind (a remand unit's few slots may go unused: only those awaiting transfer take them).
    expect(r.maxEdu).toBeGreaterThanOrEqual(0.9 * r.eduSlots);
    expect(r.maxWork).toBeGreaterThanOrEqual(0.9 * r.workSlots);
  });

  it('with work on the programme track, nobody holds both at once', () => {
    const r = mostHoldingBoth(['programs.education.slots=30', 'programs.work.slots=60', 'programs.work.track=programme']);
    expect(r.both).toBe(0);
    expect(r.maxWork).toBeGreaterThan(0);
  });
});

describe('programme stock shares', () => {
  it('equal the time-averaged counts of the people enrolled over the sentenced stock, event by event', () => {
    const rep = new Replication(small(), { seed: 3, replication: 0, years: 1, warmupYears: 1 });
    const m = rep.model;
    // Those holding a place, kept from the model's own status changes.
    const inside = new Set<Person>();
    m.listen({
      statusChanged(p) {
        if (p.facility >= 0) inside.add(p);
        else inside.delete(p);
      },
    });
    const enrolledArea = new Array<number>(PROGRAMS.length).fill(0);
    let stockArea = 0;
    let workOrEducationArea = 0;
    let last = 0;
    const calendar = m.sim.calendar;
    for (;;) {
      const t = Math.min(calendar.size > 0 ? calendar.peekTime() : m.endDay, m.endDay);
      const from = Math.max(last, m.measureStartDay);
      if (t > from) {
        const dt = t - from;
        for (const p of inside) {
          if (p.sentenceKind !== Sentence.Prison && p.sentenceKind !== Sentence.PreventiveDetention) continue;
          stockArea += dt;
          for (let k = 0; k < PROGRAMS.length; k++) if (enrolledIn(p, k)) enrolledArea[k] += dt;
          if (enrolledIn(p, EDU) || enrolledIn(p, WORK)) workOrEducationArea += dt;
        }
      }
      rep.runUntil(t);
      last = t;
      if (t >= m.endDay) break;
    }
    const metrics = rep.result().metrics;
    expect(stockArea).toBeGreaterThan(0);
    for (let k = 0; k < PROGRAMS.length; k++) {
      const share = metrics[`program_${PROGRAMS[k]}_stock_share`];
      expect(share, PROGRAMS[k]).toBeCloseTo(enrolledArea[k] / stockArea, 9);
    }
    expect(metrics.work_or_education_share).toBeCloseTo(workOrEducationArea / stockArea, 9);
    expect(metrics.education_enrolled_share).toBeCloseTo(enrolledArea[EDU] / stockArea, 9);
    // And the waitlist mean is the time average of the waitlist integral (itself checked against the people by the invariants).
    expect(metrics.program_education_waitlist_mean).toBeCloseTo(m.integrals.area[Slot.ProgramWaiting + EDU] / (m.endDay - m.measureStartDay), 9);
  });
});

describe('progress brings step-down forward', () => {
  /**
   * First step-down (high to low) day per person, and the days of the progress programmes they
   * completed before it, on the baseline's own leave rule (1/4 and 60 days) and floor
   * (1/6 and 30 days); `advanceDays` undefined keeps the baseline's 30 days per programme.
   */
  function stepDowns(advanceDays?: number) {
    const scenario = small([
      ...(advanceDays === undefined ? [] : [`stepDown.progress.advanceDaysPerProgramme=${advanceDays}`]),
      'incidents.basePer100InmateYears=0', // no incidents: step-down happens on its day
      'facilities.2.capacity=2000', // low security never full: nobody waits for a place
      'facilities.2.officersFte=900',
      'facilities.6.capacity=200', // nor the women's open places
      'facilities.6.officersFte=90',
      'foreignNationals.barredShare=0', // everyone may step down (the bar of an expulsion decision is tested in people.test.ts)
    ]);
    const rep = new Replication(scenario, { seed: 7, replication: 0, years: 16, warmupYears: 0 });
    const m = rep.model;
    const stepped = new Map<number, { day: number; start: number; sentence: number; rule: number; floor: number }>();
    const completions = new Map<number, number[]>();
    const sd = scenario.stepDown;
    m.listen({
      statusChanged(p, from) {
        if (from === Status.High && p.status === Status.Low && !stepped.has(p.id) && p.sentenceKind === Sentence.Prison) {
          const S = p.sentenceDays;
          const rule = p.sentenceStartDay + Math.max(sd.highToLowAfterShareServed * S, sd.highToLowMinServedDays);
          const floor = p.sentenceStartDay + Math.max(sd.progress.earliestShareServed * S, sd.progress.earliestMinServedDays);
          stepped.set(p.id, { day: m.now, start: p.sentenceStartDay, sentence: S, rule, floor });
        }
      },
      programmeEnded(p, day, k, completed) {
        if (completed && k !== WORK && !stepped.has(p.id)) completions.set(p.id, [...(completions.get(p.id) ?? []), day]);
      },
    });
    rep.run();
    return { scenario, stepped, completions };
  }

  it('the baseline leaves progress room: its floor is below its leave rule', () => {
    const sd = small().stepDown;
    expect(sd.progress.advanceDaysPerProgramme).toBeGreaterThan(0);
    expect(sd.progress.earliestShareServed).toBeLessThan(sd.highToLowAfterShareServed);
    expect(sd.progress.earliestMinServedDays).toBeLessThan(sd.highToLowMinServedDays);
  });

  it('same seed, paired, baseline rule: those who completed a programme before their step-down day step down earlier, never before the floor', () => {
    const without = stepDowns(0);
    const withProgress = stepDowns();
    const advance = withProgress.scenario.stepDown.progress.advanceDaysPerProgramme;
    let paired = 0;
    let earlier = 0;
    for (const [id, b] of withProgress.stepped) {
      const a = without.stepped.get(id);
      if (a === undefined || a.start !== b.start || a.sentence !== b.sentence) continue; // not the same sentence in both runs
      expect(b.day).toBeGreaterThanOrEqual(Math.min(b.rule, b.floor) - 1e-9);
      // A programme completed in this sentence's episode (remand is credited: the episode starts
      // at or after the sentence's start) before the day they stepped down without progress.
      const completed = (withProgress.completions.get(id) ?? []).some((day) => day >= a.start - 1e-9 && day < a.day);
      // The day one programme brings step-down to; no room when the floor is at the rule.
      const oneProgramme = Math.max(a.rule - advance, Math.min(a.rule, b.floor));
      if (!completed || oneProgramme >= a.day - 1e-9) continue;
      paired++;
      if (b.day < a.day - 1e-9) earlier++;
      expect(b.day).toBeLessThanOrEqual(a.day + 1e-9);
    }
    expect(paired).toBeGreaterThan(20);
    expect(earlier).toBe(paired);
  });

  it('without progress, step-down is on the leave rule', () => {
    const { stepped } = stepDowns(0);
    let onRule = 0;
    for (const s of stepped.values()) if (Math.abs(s.day - s.rule) < 1e-6) onRule++;
    // Some step down later (placed late from a remand unit, or the rule passed while awaiting transfer), none earlier.
    for (const s of stepped.values()) expect(s.day).toBeGreaterThanOrEqual(s.rule - 1e-9);
    expect(onRule).toBeGreaterThan(stepped.size / 2);
  });
});

describe('the education effect, estimated back from the release cohort', () => {
  it('recovers the scenario odds ratio, as validate does, with the baseline enrolment', () => {
    const s = load([...SMALL], 'scenarios/validation/effect-recovery.yaml');
    const cohorts = [0, 1, 2].map((r) =>
      observeReleases(s, { seed: 1, replication: r, years: s.run.years, warmupYears: s.run.warmupYears, fixedEffects: true }, EFFECT_FOLLOW_UP_DAYS),
    );
    const check = effectCheck(cohorts, s);
    expect(check.expected).toBeCloseTo(0.75, 9);
    expect(check.pass).toBe(true);
    // Enough people complete education that the effect is seen at all: the interval excludes no effect.
    expect(check.simulated.ci95![1]).toBeLessThan(1);
  });
});
