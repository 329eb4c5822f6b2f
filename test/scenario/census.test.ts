/**
 * Reading a census CSV: what a planner's file may look like (few columns, quoted names, CRLF, a BOM),
 * and a one-line error naming the line and the column for everything that is wrong with one.
 */
import { describe, expect, it } from 'vitest';
import { censusCsv, checkCensusAgainst, parseCensusCsv, startPhrase, type CensusRecord } from '../../src/scenario/census.js';
import { load } from '../model/helpers.js';

function parse(text: string) {
  return parseCensusCsv(text, 'census.csv');
}

describe('parseCensusCsv', () => {
  it('reads a minimal register: status, days so far, sentence length; the rest is left to impute', () => {
    const r = parse('status,elapsed_days,sentence_days\nhigh,120,365\nremand,3,\nreleased,400,\n');
    expect(r).toEqual({
      ok: true,
      records: [
        { status: 'high', elapsedDays: 120, sentenceDays: 365 },
        { status: 'remand', elapsedDays: 3 },
        { status: 'released', elapsedDays: 400 },
      ],
    });
  });

  it('accepts CRLF line ends, a byte-order mark, quoted fields with commas, and 1/0, true/false, yes/no', () => {
    const text = '\uFEFFstatus,elapsed_days,sentence_days,facility,woman,foreign,substance_use\r\n' + 'low,10,100,"Open, north",yes,FALSE,1\r\n';
    const r = parse(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.records[0]).toEqual({ status: 'low', elapsedDays: 10, sentenceDays: 100, facility: 'Open, north', woman: true, foreign: false, substanceUse: true });
  });

  it('reads programmes joined by +', () => {
    const r = parse('status,elapsed_days,sentence_days,programs_completed\nhigh,100,400,education+work\n');
    expect(r.ok && r.records[0].programsCompleted).toEqual(['education', 'work']);
  });

  it('names the line and the column of a bad value, and what was expected', () => {
    const r = parse('status,elapsed_days,sentence_days,offence\nhigh,12,300,arson\nprison,3,100,drugs\nlow,x,100,drugs\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'census.csv line 2, column offence: expected one of violence, sexual, drugs, property, traffic, other, found "arson"',
      expect.stringMatching(/^census\.csv line 3, column status: expected one of police-cell, remand, .*, found "prison"$/),
      'census.csv line 4, column elapsed_days: expected a number, found "x"',
    ]);
  });

  it('checks what a status needs: a sentence length for those sentenced, no place for those outside', () => {
    const r = parse('status,elapsed_days,sentence_days,facility\nhigh,12,,\ncommunity,5,,Halden\nqueue,-3,40,\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'census.csv line 2, column sentence_days: expected the sentence length in days (> 0) for status high',
      'census.csv line 3, column facility: status community holds no prison place, so it has no facility',
      'census.csv line 4, column elapsed_days: expected days ≥ 0, found -3',
    ]);
  });

  it('refuses unknown and repeated columns, a missing required one, short rows and an empty file', () => {
    expect(parse('status,elapsed_days,colour\nhigh,1,red\n')).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^census\.csv: unknown column "colour" \(expected some of status, elapsed_days, /)],
    });
    expect(parse('status,status,elapsed_days\n')).toEqual({ ok: false, errors: ['census.csv: column status appears twice'] });
    expect(parse('status,sentence_days\nhigh,100\n')).toEqual({ ok: false, errors: ['census.csv: the header has no elapsed_days column (required)'] });
    expect(parse('status,elapsed_days\nhigh\n')).toEqual({ ok: false, errors: ['census.csv line 2: expected 2 fields as in the header, found 1'] });
    expect(parse('')).toEqual({ ok: false, errors: ['census.csv: the file is empty (expected a header row with at least status,elapsed_days)'] });
    expect(parse('status,elapsed_days\n')).toEqual({ ok: false, errors: ['census.csv: no people in the census (only a header)'] });
  });

  it('stops listing after 20 problems', () => {
    const rows = Array.from({ length: 50 }, () => 'nowhere,1').join('\n');
    const r = parse(`status,elapsed_days\n${rows}\n`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.length).toBe(21);
      expect(r.errors[20]).toBe('... and more problems in census.csv');
    }
  });

  it('reads back what censusCsv writes', () => {
    const records: CensusRecord[] = [
      { status: 'high', elapsedDays: 100.25, facility: 'Closed "A", east', sentence: 'prison', sentenceDays: 730, remandDays: 20, waitingFor: 'low', programsCompleted: ['work'], incidents: 2, ageYears: 31.5, woman: false, offence: 'drugs', highRisk: true },
      { status: 'em', elapsedDays: 30, sentence: 'prison', sentenceDays: 120, levelBeforeEm: 'low' },
      { status: 'released', elapsedDays: 800, reoffenceLogit: -0.75, housingBefore: 'homeless', employedBefore: true },
    ];
    expect(parse(censusCsv(records))).toEqual({ ok: true, records });
  });
});

describe('checkCensusAgainst', () => {
  const scenario = load();
  const high = scenario.facilities.find((f) => f.level === 'high')!.name;
  const low = scenario.facilities.find((f) => f.level === 'low')!.name;

  it('accepts facility names of the right level', () => {
    expect(checkCensusAgainst([{ status: 'high', elapsedDays: 1, sentenceDays: 10, facility: high }], scenario, 'c.csv')).toEqual([]);
  });

  it('names an unknown facility and one of the wrong level', () => {
    const problems = checkCensusAgainst(
      [
        { status: 'high', elapsedDays: 1, sentenceDays: 10, facility: 'Atlantis' },
        { status: 'high', elapsedDays: 1, sentenceDays: 10, facility: low },
      ],
      scenario,
      'c.csv',
    );
    expect(problems[0]).toMatch(/^c\.csv row 1, column facility: no facility named "Atlantis" in the scenario \(facilities: /);
    expect(problems[1]).toBe(`c.csv row 2, column facility: ${low} is a low facility, but status high needs a high place`);
  });
});

describe('startPhrase', () => {
  it('says how a run started', () => {
    expect(startPhrase(40)).toBe('after 40 warm-up years');
    expect(startPhrase(0, { source: 'c.csv', sha256: 'x', people: [3512] })).toBe('from the census c.csv (3,512 people)');
    expect(startPhrase(0, { source: 'synthetic', sha256: 'x', people: [100, 102], warmupYears: 40, spacingYears: 2, seed: 1 })).toBe(
      'from 2 synthetic censuses of the steady state after 40 warm-up years, 2 years apart (~101 people)',
    );
  });
});
