import { describe, expect, it } from 'vitest';
import { sameData, sameIncidentRules, samePlanRules, sameProgramSlots } from '../../src/model/rules.js';
import { withPatches } from '../../src/scenario/policy.js';
import { small } from './helpers.js';

describe('telling whether rules changed', () => {
  it('compares plain data by value, keys in any order', () => {
    expect(sameData({ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2, 3] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData({ a: null }, { a: {} })).toBe(false);
    expect(sameData('0.5', 0.5)).toBe(false);
  });

  it('sees a change of the plan, the slots or the incidents only where a patch makes one', () => {
    const s = small();
    const same = withPatches(s, [{ parole: { afterShareServed: s.parole.afterShareServed } }]);
    expect(samePlanRules(s, same)).toBe(true);
    expect(samePlanRules(s, withPatches(s, [{ parole: { afterShareServed: 0.5 } }]))).toBe(false);
    expect(samePlanRules(s, withPatches(s, [{ electronicMonitoring: { backDoor: { approvalShare: 0.01 } } }]))).toBe(false);
    expect(samePlanRules(s, withPatches(s, [{ electronicMonitoring: { capacity: 1 } }]))).toBe(true);
    expect(sameProgramSlots(s, withPatches(s, [{ programs: { work: { slots: 1 } } }]))).toBe(false);
    expect(sameProgramSlots(s, withPatches(s, [{ programs: { work: { levels: ['remand'] } } }]))).toBe(false);
    expect(sameProgramSlots(s, withPatches(s, [{ programs: { work: { costPerSlotYearNok: 1 } } }]))).toBe(true);
    expect(sameIncidentRules(s, withPatches(s, [{ incidents: { moveUpProbability: 0.9 } }]))).toBe(false);
    expect(sameIncidentRules(s, same)).toBe(true);
  });
});
