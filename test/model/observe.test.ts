import { describe, expect, it } from 'vitest';
import { Replication, runReplication } from '../../src/model/replication.js';
import { Status, STATUS_COUNT } from '../../src/model/person.js';
import { small } from './helpers.js';

const OPTIONS = { seed: 11, replication: 0, years: 2, warmupYears: 1 };

describe('the model listener', () => {
  const scenario = small();

  it('tells every change of status and place: counts kept from the events match the model', () => {
    const rep = new Replication(scenario, OPTIONS);
    const m = rep.model;
    const occupied = new Array<number>(m.facilities.length).fill(0);
    const byStatus = new Array<number>(STATUS_COUNT).fill(0);
    let changes = 0;
    let wrongFrom = 0;
    const last = new Map<number, number>();
    m.listen({
      statusChanged(p, from, fromFacility, day) {
        changes++;
        if (day !== m.now) wrongFrom++;
        if ((last.get(p.id) ?? Status.AtLiberty) !== from) wrongFrom++;
        last.set(p.id, p.status);
        byStatus[from]--;
        byStatus[p.status]++;
        if (fromFacility >= 0) occupied[fromFacility]--;
        if (p.facility >= 0) occupied[p.facility]++;
      },
    });
    expect(m.tracing).toBe(false);
    rep.run();
    expect(changes).toBeGreaterThan(1000);
    expect(wrongFrom).toBe(0);
    expect(occupied).toEqual(m.facilities.map((f) => f.occupied));
    // Everyone is created at liberty without a change of status; every other count comes from the changes.
    const counts = m.countsByStatus();
    for (let s = 0; s < STATUS_COUNT; s++) if (s !== Status.AtLiberty) expect(byStatus[s]).toBe(counts[s]);
  });

  it('changes nothing in the run, and builds story lines only for a listener that wants them', () => {
    const plain = runReplication(scenario, OPTIONS);
    const rep = new Replication(scenario, OPTIONS);
    let events = 0;
    rep.model.listen({
      statusChanged: () => void events++,
      admitted: () => void events++,
      releasedFromPrison: () => void events++,
      releasedFromSentence: () => void events++,
      incident: () => void events++,
      programmeEnded: () => void events++,
      reoffended: () => void events++,
    });
    expect(rep.model.tracing).toBe(false);
    let lines = 0;
    rep.model.listen({ note: () => void lines++ });
    expect(rep.model.tracing).toBe(true);
    expect(rep.run()).toEqual(plain);
    expect(events).toBeGreaterThan(1000);
    expect(lines).toBeGreaterThan(1000);
  });

  it('counts the monthly admissions and releases the flows count over the whole period', () => {
    const rep = new Replication(scenario, OPTIONS);
    const result = rep.run();
    const f = rep.model.flows;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(result.monthly.admissions)).toBe(f.remandAdmissions + f.sentenceAdmissionsFromLiberty);
    expect(sum(result.monthly.releases)).toBe(f.releasesFromRemand + f.sentencedReleases);
  });
});
