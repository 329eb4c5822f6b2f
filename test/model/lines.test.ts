import { describe, expect, it } from 'vitest';
import { admitFromLine, IdQueue, PriorityLine, type WaitingLine } from '../../src/model/lines.js';
import type { Person } from '../../src/model/person.js';
import type { Model } from '../../src/model/state.js';

/** People 0..n-1 with a flag saying whether they still wait; the model needs nothing else here. */
function modelWith(waiting: boolean[]): { m: Model; admitted: number[] } {
  const people = waiting.map((w, id) => (id === 2 ? null : ({ id, programWaiting: w } as unknown as Person)));
  return { m: { people } as unknown as Model, admitted: [] };
}

describe('waiting lines', () => {
  it('serve the most urgent class first, first come first served within it', () => {
    const line = new PriorityLine(3);
    line.push(10, 2);
    line.push(11, 0);
    line.push(12, 2);
    line.push(13, 1);
    line.push(14, 0);
    expect(line.length).toBe(5);
    expect([line.shift(), line.shift(), line.shift(), line.shift(), line.shift(), line.shift()]).toEqual([11, 14, 13, 10, 12, -1]);
    expect(line.length).toBe(0);
  });

  it('admit while there is room, dropping stale entries and people who left without using room', () => {
    const { m, admitted } = modelWith([true, false, true, true, true, true]);
    let room = 2;
    const rules: WaitingLine<string> = {
      room: (_m, key) => (key === 'ward' && room > 0 ? 7 : -1),
      waiting: (p) => p.programWaiting,
      admit(_m, p, place) {
        expect(place).toBe(7);
        admitted.push(p.id);
        room--;
      },
    };
    const line = new IdQueue();
    for (const id of [1, 2, 0, 3, 4, 5]) line.push(id);
    admitFromLine(m, line, rules, 'ward');
    // 1 no longer waits and 2 has left the model: both dropped; 0 and 3 take the two places.
    expect(admitted).toEqual([0, 3]);
    expect(line.length).toBe(2);
    room = 5;
    admitFromLine(m, line, rules, 'ward');
    expect(admitted).toEqual([0, 3, 4, 5]);
    expect(line.length).toBe(0);
  });
});
