/**
 * Capacity and waiting: police-cell overflow when remand places run out, the sentence queue when
 * prison places run out, no wait when places are ample, and Little's law on the remand units.
 */
import { describe, expect, it } from 'vitest';
import { Replication } from '../../src/model/replication.js';
import { DAYS_PER_YEAR } from '../../src/model/params.js';
import { Status } from '../../src/model/person.js';
import { alive, checkInvariants, runChecked, small, UNSEXED } from './helpers.js';

describe('police-cell overflow', () => {
  const scenario = small([...UNSEXED, 'facilities.0.capacity=5']);

  it('holds people in police cells when remand places run out, never over remand capacity', () => {
    const rep = new Replication(scenario, { seed: 3, replication: 0, years: 3, warmupYears: 2 });
    let maxInCells = 0;
    runChecked(rep, 10, (m) => {
      maxInCells = Math.max(maxInCells, m.integrals.count[Status.PoliceCell]);
      const remand = m.facilities.find((f) => f.level === 'remand')!;
      expect(remand.occupied).toBeLessThanOrEqual(5);
    });
    const r = rep.result().metrics;
    expect(maxInCells).toBeGreaterThan(0);
    expect(r.police_cell_overflow_days_per_year).toBeGreaterThan(0);
    expect(r.police_cell_population).toBeGreaterThan(0);
    // The same time integral, read per day of the period and per year.
    expect(r.police_cell_overflow_days_per_year).toBeCloseTo(r.police_cell_population * DAYS_PER_YEAR, 6);
    // With 5 places for ~0.5 remand admissions a day staying ~110 days, most stays exceed 48 hours.
    expect(r.police_cell_stays_over_limit_per_year).toBeGreaterThan(0);
    expect(r.occupancy_remand).toBeGreaterThan(0.99);
    expect(r.population_remand).toBeLessThanOrEqual(5);
  });

  it('uses no police cell when remand places are ample', () => {
    const rep = new Replication(small([...UNSEXED, 'facilities.0.capacity=500']), { seed: 3, replication: 0, years: 3, warmupYears: 2 });
    const r = rep.run().metrics;
    expect(r.police_cell_overflow_days_per_year).toBe(0);
    expect(r.police_cell_stays_over_limit_per_year).toBe(0);
  });

  // BUG (placement.ts moveToServe, with state.ts/measure.ts): someone sentenced while still in a
  // police cell, whose high/low place is not free, becomes AwaitingTransfer with facility -1: they
  // stay in the police cell (the comment says so) but leave the PoliceCell status, so they are
  // counted in neither police_cell_population / police_cell_overflow_days_per_year nor any prison
  // population, and admitFromPoliceCells (which takes only Status.PoliceCell) never moves them into
  // a remand place that frees up. With remand and prison places short this hides ~20% of
  // police-cell person-days (here ~7 people of ~30 on an average day).
  it('counts everyone held in a police cell in the police-cell population', () => {
    const rep = new Replication(small([...UNSEXED, 'facilities.0.capacity=8', 'facilities.1.capacity=20', 'facilities.2.capacity=10']), {
      seed: 1,
      replication: 0,
      years: 3,
      warmupYears: 1,
    });
    const m = rep.model;
    for (let day = 30; day <= m.endDay; day += 30) {
      rep.runUntil(day);
      const inCells = alive(m).filter(
        (p) => p.status === Status.PoliceCell || (p.status === Status.AwaitingTransfer && p.facility < 0),
      ).length;
      expect(m.integrals.count[Status.PoliceCell], `day ${day}`).toBe(inCells);
    }
  });
});

describe('sentence queue', () => {
  it('grows when high and low places are cut hard, and nobody is placed beyond capacity', () => {
    const rep = new Replication(small([...UNSEXED, 'facilities.1.capacity=15', 'facilities.2.capacity=8']), {
      seed: 4,
      replication: 0,
      years: 3,
      warmupYears: 1,
    });
    const m = rep.model;
    const queueAtYearEnd: number[] = [];
    for (let year = 1; year <= 4; year++) {
      for (let day = (year - 1) * DAYS_PER_YEAR + 15; day < year * DAYS_PER_YEAR; day += 15) {
        rep.runUntil(day);
        checkInvariants(m);
      }
      rep.runUntil(year * DAYS_PER_YEAR);
      checkInvariants(m);
      queueAtYearEnd.push(m.integrals.count[Status.Queue]);
    }
    // Some 300 a year convicted to prison at liberty, ~20 places: the line grows every year.
    for (let i = 1; i < queueAtYearEnd.length; i++) expect(queueAtYearEnd[i]).toBeGreaterThan(queueAtYearEnd[i - 1] + 50);
    const r = rep.result().metrics;
    expect(r.occupancy_high).toBeGreaterThan(0.97);
    expect(r.occupancy_low).toBeGreaterThan(0.97);
    expect(r.sentence_queue).toBeGreaterThan(200);
    expect(r.queue_wait_days_mean).toBeGreaterThan(20);
  });

  // BUG (queue.ts onSummonsDue -> recordWait): the wait of people starting a front-door EM
  // sentence at home (call-in lead time only, ~14 days) is recorded with the waits for a prison
  // place, so queue_wait_days_mean ("mean time from conviction at liberty to start of serving in
  // prison") and queue_wait_over_60d_share are diluted by the EM starts, and the more so the
  // longer the prison queue. Here prison admissions from liberty waited ~220 days on average, the
  // metric says ~34. Fix: call recordWait only on admission to prison (admitFromLiberty), and if
  // EM waits are wanted report them as a metric of their own.
  it('reports as queue wait the wait of those admitted to prison from liberty', () => {
    const rep = new Replication(small([...UNSEXED, 'facilities.1.capacity=15', 'facilities.2.capacity=8']), {
      seed: 4,
      replication: 0,
      years: 3,
      warmupYears: 1,
    });
    const m = rep.model;
    let admitted = 0;
    let waited = 0;
    m.listen({
      note(p, day, what) {
        if (day >= m.measureStartDay && what.startsWith('started serving in')) {
          admitted++;
          waited += day - p.convictionDay;
        }
      },
    });
    const r = rep.run().metrics;
    expect(admitted).toBeGreaterThan(20);
    expect(r.queue_wait_days_mean / (waited / admitted)).toBeGreaterThan(0.9);
  });

  it('has no wait when places and EM devices are ample and the call-in is immediate', () => {
    const scenario = small([
      ...UNSEXED,
      'facilities.1.capacity=3000',
      'facilities.2.capacity=3000',
      'facilities.3.capacity=3000',
      'electronicMonitoring.capacity=5000',
      'sentenceQueue.summonsLeadTimeDays={type: fixed, value: 0}',
    ]);
    const rep = new Replication(scenario, { seed: 4, replication: 0, years: 3, warmupYears: 1 });
    runChecked(rep, 30, (m) => expect(m.integrals.count[Status.Queue]).toBe(0));
    const r = rep.result().metrics;
    expect(r.queue_wait_days_mean).toBe(0);
    expect(r.queue_wait_over_60d_share).toBe(0);
    expect(r.sentence_queue).toBe(0);
    expect(r.sentence_admissions_from_liberty_per_year).toBeGreaterThan(100);
  });
});

describe('community sentences', () => {
  // The probation caseload is not a hard limit (a community sentence is served anyway, as in
  // practice), but every start beyond it is counted, so a scenario that cuts probation shows it.
  it('counts community sentences started over the probation caseload, and none when it is ample', () => {
    const over = new Replication(small([...UNSEXED, 'communitySentences.capacity=10']), { seed: 2, replication: 0, years: 1, warmupYears: 1 }).run();
    expect(over.metrics.community_sentences_over_caseload_per_year).toBeGreaterThan(0);
    const ample = new Replication(small([...UNSEXED, 'communitySentences.capacity=100000']), { seed: 2, replication: 0, years: 1, warmupYears: 1 }).run();
    expect(ample.metrics.community_sentences_over_caseload_per_year).toBe(0);
  });
});

describe("Little's law on the remand units", () => {
  it('average remand population = remand admissions per day x a fixed remand duration', () => {
    // Everyone remanded is released at the end of a fixed 30-day remand: a remand unit holds
    // pretrial people only (no preventive detention, whose remand ends in a sentence), and with
    // 400 places nobody waits in a police cell.
    const D = 30;
    const scenario = small([
      ...UNSEXED,
      `remand.durationDays={type: fixed, value: ${D}}`,
      'remand.outcome={custodialDirect: 0, custodialLater: 0, community: 0, noCorrectionalSentence: 1}',
      'remand.shareByOffence={violence: 0.5, sexual: 0.5, drugs: 0.5, property: 0.5, traffic: 0.5, other: 0.5}',
      'facilities.0.capacity=400',
      'sentencing.preventiveDetention.newPerYear=0',
    ]);
    const rep = new Replication(scenario, { seed: 8, replication: 0, years: 3, warmupYears: 2 });
    runChecked(rep, 30, (m) => expect(m.integrals.count[Status.AwaitingTransfer]).toBe(0));
    const r = rep.result().metrics;
    expect(r.police_cell_overflow_days_per_year).toBe(0);
    expect(r.mean_remand_stay_days).toBeCloseTo(D, 9);
    const lambda = r.remand_admissions_per_year / DAYS_PER_YEAR; // ~0.8 a day
    expect(lambda).toBeGreaterThan(0.5);
    // Over the measured window T the area under the count is sum of each stay's overlap with it:
    // admissions x D, plus the stays begun before the window (in), minus those running past its
    // end (out). With Poisson admissions at rate lambda, in and out each have mean lambda D^2/2
    // and variance lambda D^3/3 and cancel in expectation, so the relative error has standard
    // deviation sqrt(2 lambda D^3/3) / (lambda D T) ~ 0.5% here (T = 1096 days); the admission
    // rate drifting as people come back adds a bias of order D/T x its relative change (<0.3%).
    // 2.5% is five standard deviations.
    expect(r.population_remand / (lambda * D)).toBeGreaterThan(0.975);
    expect(r.population_remand / (lambda * D)).toBeLessThan(1.025);
  });
});
