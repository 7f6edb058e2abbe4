import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BusinessCalendar } from './calendar.ts';

const at = (local: string) => new Date(`${local}+08:00`); // a Shanghai wall-clock time
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('business calendar', () => {
  const cal = new BusinessCalendar();

  it('knows holidays and adjusted working days (调休)', () => {
    assert.equal(cal.isWorkingDay('2026-10-01'), false, 'National Day');
    assert.equal(cal.isWorkingDay('2026-10-10'), true, 'Saturday worked in lieu');
    assert.equal(cal.isWorkingDay('2026-02-14'), true, 'Saturday before Spring Festival worked in lieu');
    assert.equal(cal.isWorkingDay('2026-02-16'), false, 'Spring Festival');
    assert.equal(cal.isWorkingDay('2026-11-22'), false, 'a Sunday');
    assert.equal(cal.isWorkingDay('2026-11-23'), true, 'a Monday');
  });

  it('working hours skip the lunch break, nights and weekends', () => {
    assert.equal(local(cal.deadline(at('2026-11-23T10:00'), { value: 4, unit: 'working_hours' })), '2026-11-23 16:00');
    assert.equal(local(cal.deadline(at('2026-11-23T16:30'), { value: 2, unit: 'working_hours' })), '2026-11-24 09:30');
    assert.equal(local(cal.deadline(at('2026-11-27T17:00'), { value: 4, unit: 'working_hours' })), '2026-11-30 12:00', 'Friday 17:00–17:30, then Monday 08:30–12:00');
    assert.equal(local(cal.deadline(at('2026-11-22T20:00'), { value: 1, unit: 'working_hours' })), '2026-11-23 09:30', 'reported on Sunday night');
  });

  it('working days jump over the National Day week and count the adjusted Saturday', () => {
    // reported Wednesday 30 Sep 2026, the eve of the National Day holiday week
    const d = cal.deadline(at('2026-09-30T15:00'), { value: 2, unit: 'working_days' });
    const days: string[] = [];
    for (let t = at('2026-10-01T12:00').getTime(); t <= d.getTime(); t += 86_400_000) {
      const date = BusinessCalendar.localDate(new Date(t));
      if (cal.isWorkingDay(date)) days.push(date);
    }
    assert.equal(days.length, 2, `two working days counted: ${days.join(', ')}`);
    assert.ok(local(d).endsWith('17:30'));
    assert.ok(!days.some((x) => x >= '2026-10-01' && x <= '2026-10-07'), 'none in the holiday week');
  });

  it('natural minutes and hours ignore the calendar (urgent cases)', () => {
    assert.equal(local(cal.deadline(at('2026-10-01T23:50'), { value: 60, unit: 'minutes' })), '2026-10-02 00:50');
    assert.equal(local(cal.deadline(at('2026-10-01T23:50'), { value: 1, unit: 'hours' })), '2026-10-02 00:50');
  });

  it('administrator overrides beat the national table', () => {
    const flood = new BusinessCalendar(undefined, new Map([['2026-11-28', true], ['2026-11-23', false]]));
    assert.equal(flood.isWorkingDay('2026-11-28'), true, 'a Saturday made a working day (flood season duty)');
    assert.equal(local(flood.deadline(at('2026-11-22T20:00'), { value: 1, unit: 'working_hours' })), '2026-11-24 09:30');
  });
});
