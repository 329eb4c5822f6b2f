/**
 * Life stories: chosen by a condition on the whole path, told in order, the same on every run,
 * and without changing the run they observe.
 */
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/studies/trace-filter.js';
import { collectFacts, tellStories } from '../../src/model/trace.js';
import { runReplication } from '../../src/model/replication.js';
import { OFFENCES } from '../../src/scenario/types.js';
import { small } from './helpers.js';

const options = { seed: 4, replication: 1, years: 4, warmupYears: 2 };

describe('trace', () => {
  const scenario = small();
  const facts = collectFacts(scenario, options);

  it('collects facts about people who entered in the first half of the measured period', () => {
    expect(facts.length).toBeGreaterThan(100);
    for (const f of facts) {
      expect(f.firstDay).toBeGreaterThanOrEqual(0);
      expect(f.firstDay).toBeLessThan(0.5 * options.years * 365.25);
    }
    expect(facts.some((f) => f.returned)).toBe(true);
    expect(facts.some((f) => f.sentence > 365)).toBe(true);
  });

  it('tells dated stories in time order, identical on a second telling', () => {
    const ids = facts.filter((f) => f.released && f.sentence > 180).slice(0, 4).map((f) => f.id);
    expect(ids.length).toBe(4);
    const a = tellStories(scenario, options, ids);
    const b = tellStories(scenario, options, ids);
    expect(b).toEqual(a);
    for (const story of a) {
      expect(story.portrait).toMatch(/years old/);
      expect(story.lines.length).toBeGreaterThan(3);
      expect(story.lines[0].text).toMatch(/^new case/);
      for (let i = 1; i < story.lines.length; i++) expect(story.lines[i].day).toBeGreaterThanOrEqual(story.lines[i - 1].day);
      expect(story.lines.some((l) => /^released (with|without) housing/.test(l.text))).toBe(true);
    }
  });

  it('does not change the replication it observes', () => {
    const plain = runReplication(scenario, options);
    tellStories(scenario, options, facts.slice(0, 20).map((f) => f.id));
    expect(runReplication(scenario, options)).toEqual(plain);
  });
});

describe('--where conditions', () => {
  const person = {
    id: 1, firstDay: 10, ageAtEntry: 23.5, woman: false, offence: 'violence', priors: 2, sentence: 400,
    remanded: true, policeCell: false, queued: false, open: true, halfway: false, em: false, paroled: true,
    incidents: 1, programmes: 2, released: true, returned: false,
  };
  const holds = (text: string) => {
    const r = parseFilter(text, OFFENCES);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    return r.filter(person);
  };

  it('compare numbers, offences and flags, all of which must hold', () => {
    expect(holds('sentence>365')).toBe(true);
    expect(holds('sentence>=400,age<25')).toBe(true);
    expect(holds('sentence>400')).toBe(false);
    expect(holds('offence=violence and remanded')).toBe(true);
    expect(holds('offence!=violence')).toBe(false);
    expect(holds('!returned, paroled')).toBe(true);
    expect(holds('returned')).toBe(false);
  });

  it('reject what they cannot read, naming the condition', () => {
    const bad = (text: string) => {
      const r = parseFilter(text, OFFENCES);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.errors.join('\n');
    };
    expect(bad('sentance>365')).toMatch(/--where sentance>365: unknown field sentance \(did you mean sentence\?/);
    expect(bad('offence=murder')).toMatch(/expected an offence \(violence, sexual/);
    expect(bad('sentence>long')).toMatch(/expected a number after >, found long/);
    expect(bad('age~3')).toMatch(/expected FIELD OP VALUE/);
  });
});
