/**
 * The valves and time-varying inputs in the scenario language: what loads, and one line naming
 * the field for each thing that is wrong.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/files.node.js';
import { tempScenarioDir } from './fixtures.js';

const files = tempScenarioDir();
afterAll(() => files.remove());

function load(name: string, text: string) {
  return loadScenario(files.write(name, `extends: norway-baseline\n${text}`));
}

function errorsFor(name: string, text: string): string[] {
  const result = load(name, text);
  if (result.ok) throw new Error(`${name} loaded but should not have`);
  return result.errors;
}

const EARLY = `valves:
  - name: early
    type: earlyRelease
    trigger: { from: 2004-01-01, until: 2009-06-01 }
    days: 5
    minSentenceDays: 0
    maxSentenceDays: 89
`;

describe('valves and yearly inputs load', () => {
  it('every kind of valve and trigger, and the yearly tables', () => {
    const r = load(
      'all.yaml',
      `${EARLY}  - name: em
    type: emBoost
    trigger: { metric: queue_kdi, above: 300, below: 100, checkEveryDays: 30 }
    extraDevices: 200
    frontDoorApprovalShare: 0.9
  - name: double
    type: doubleCell
    trigger: { metric: occupancy, level: high, above: 0.97, below: 0.9 }
    level: high
    share: 0.1
  - name: rented
    type: tempPlaces
    trigger: { from: 2015-09-01, until: 2018-09-01 }
    level: high
    places: 242
sentencing:
  lengthMultiplierByYear: [{ year: 2005, multiplier: 0.8 }, { year: 2013, multiplier: 1 }]
remand:
  byYear: [{ year: 2005, shareMultiplier: 1.3, durationMultiplier: 0.8 }]
electronicMonitoring:
  capacityChanges: [{ date: 2008-09-01, capacity: 130 }, { date: 2014-05-01, capacity: 342 }]
`,
    );
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.scenario.valves?.map((v) => v.type)).toEqual(['earlyRelease', 'emBoost', 'doubleCell', 'tempPlaces']);
  });
});

describe('one line naming the field', () => {
  it('an unknown valve type', () => {
    const errors = errorsFor('type.yaml', EARLY.replace('earlyRelease', 'earlyRelase'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^type\.yaml: valves\.0(\.type)?: .*earlyRelease/);
  });

  it('a field of another type', () => {
    expect(errorsFor('field.yaml', EARLY.replace('days: 5', 'days: 5\n    share: 0.1'))).toEqual(['field.yaml: valves.0.share: unknown field']);
  });

  it('a missing type-specific field', () => {
    const errors = errorsFor('missing.yaml', EARLY.replace('    days: 5\n', ''));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^missing\.yaml: valves\.0\.days: /);
  });

  it('a date window that ends before it starts', () => {
    expect(errorsFor('window.yaml', EARLY.replace('until: 2009-06-01', 'until: 2003-06-01'))).toEqual([
      'window.yaml: valves.0.trigger.until: expected a date after from (2004-01-01), found 2003-06-01',
    ]);
  });

  it('a rule whose off level is above its on level (no hysteresis)', () => {
    expect(errorsFor('rule.yaml', EARLY.replace('{ from: 2004-01-01, until: 2009-06-01 }', '{ metric: queue, above: 100, below: 200 }'))).toEqual([
      'rule.yaml: valves.0.trigger.below: expected a number <= above (100), found 200',
    ]);
  });

  it('a rule without its off level, and a date trigger mixed with a rule', () => {
    expect(errorsFor('below.yaml', EARLY.replace('{ from: 2004-01-01, until: 2009-06-01 }', '{ metric: queue, above: 100 }'))).toEqual([
      'below.yaml: valves.0.trigger.below: expected a number >= 0 (the level that switches it off again), found nothing',
    ]);
    expect(errorsFor('mixed.yaml', EARLY.replace('until: 2009-06-01', 'above: 3'))).toEqual([
      'mixed.yaml: valves.0.trigger.above: not allowed in a date trigger (it has from), found 3',
    ]);
  });

  it('an unknown metric', () => {
    const errors = errorsFor('metric.yaml', EARLY.replace('{ from: 2004-01-01, until: 2009-06-01 }', '{ metric: queues, above: 1, below: 0 }'));
    expect(errors).toEqual(['metric.yaml: valves.0.trigger.metric: expected one of queue, queue_kdi, occupancy, found "queues" (did you mean queue?)']);
  });

  it('a double-cell share above 1, and temporary places at a facility that is not there', () => {
    const dbl = `valves:\n  - name: d\n    type: doubleCell\n    trigger: { from: 2004-01-01 }\n    level: high\n    share: 1.5\n`;
    expect(errorsFor('share.yaml', dbl)).toEqual(['share.yaml: valves.0.share: expected a number between 0 and 1, found 1.5']);
    const temp = `valves:\n  - name: t\n    type: tempPlaces\n    trigger: { from: 2004-01-01 }\n    level: high\n    facility: Nowhere\n    places: 10\n`;
    expect(errorsFor('facility.yaml', temp)).toEqual(['facility.yaml: valves.0.facility: expected the name of a facility of level high, found "Nowhere"']);
  });

  it('two valves of one name', () => {
    expect(errorsFor('twice.yaml', EARLY + EARLY.replace('valves:\n', ''))).toEqual([
      'twice.yaml: valves.1.name: expected a name unique among valves, found "early" (also valves.0.name)',
    ]);
  });

  it('a yearly table out of order, and a policy change of a table that is already dated', () => {
    expect(errorsFor('years.yaml', 'sentencing:\n  lengthMultiplierByYear: [{ year: 2010, multiplier: 1 }, { year: 2009, multiplier: 1 }]\n')).toEqual([
      'years.yaml: sentencing.lengthMultiplierByYear.1.year: expected years in increasing order, found 2009 after 2010',
    ]);
    const errors = errorsFor(
      'patch.yaml',
      'policyChanges:\n  - date: 2027-01-01\n    appliesTo: all\n    patch: { electronicMonitoring: { capacityChanges: [{ date: 2028-01-01, capacity: 9 }] } }\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^patch\.yaml: policyChanges\.0\.patch\.electronicMonitoring\.capacityChanges: cannot change at a date/);
  });
});
