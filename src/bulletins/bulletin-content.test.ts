/** The bulletin's pure rules: ranking with its tie rules, the 红黑榜 thresholds, numbering, canonical JSON. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, isoWeek, numberOf, rankUnits, redBlack, robotMessage, type BulletinContent, type UnitFigures } from './bulletin-content.ts';
import { firstWorkingDayReached } from './bulletins.service.ts';

const u = (code: string, p: Partial<UnitFigures>): UnitFigures => ({
  code, name: code, received: 5, due: 5, closed: 5, closedOnTime: 5, onTimeRate: 100, ratings: 0, satisfaction: null, overdue: 0, ...p,
});

describe('bulletin content', () => {
  it('ranks by on-time rate, then satisfaction (unrated last), overdue, closed; equal on all share a rank; nothing due is unranked', () => {
    const ranked = rankUnits([
      u('b', { onTimeRate: 90, satisfaction: 80 }),
      u('a', { onTimeRate: 90, satisfaction: 80 }), // ties with b: same rank, listed by code
      u('c', { onTimeRate: 90, satisfaction: null }), // unrated after rated
      u('d', { onTimeRate: 95 }),
      u('e', { onTimeRate: 90, satisfaction: 80, overdue: 1 }), // more overdue after the tie
      u('f', { due: 0, onTimeRate: null }),
    ], new Map([['d', u('d', { onTimeRate: 90 })]]));
    assert.deepEqual(ranked.map((r) => [r.code, r.rank]), [['d', 1], ['a', 2], ['b', 2], ['e', 4], ['c', 5], ['f', null]]);
    assert.equal(ranked[0].onTimeChange, 5);
  });

  it('red and black lists follow the public thresholds; a unit on both is black', () => {
    assert.equal(redBlack(u('x', { due: 3, onTimeRate: 95, satisfaction: 90 })).list, 'red');
    assert.equal(redBlack(u('x', { due: 2, onTimeRate: 100 })).list, null, 'too few due for the red list');
    assert.equal(redBlack(u('x', { onTimeRate: 69.9 })).list, 'black');
    assert.equal(redBlack(u('x', { onTimeRate: 100, overdue: 3 })).list, 'black');
    assert.equal(redBlack(u('x', { ratings: 3, satisfaction: 59 })).list, 'black');
    assert.equal(redBlack(u('x', { ratings: 2, satisfaction: 0 })).list, null, 'two ratings do not blacklist (nor praise)');
  });

  it('numbers 周通报 by ISO week, 月督查 by month; the first working day is found on the calendar', () => {
    assert.deepEqual(isoWeek('2026-11-23'), { year: 2026, week: 48 });
    assert.deepEqual(isoWeek('2026-12-28'), { year: 2026, week: 53 });
    assert.equal(numberOf('weekly', '沟溪乡', '2026-11-23').label, '沟溪乡〔2026〕第48期');
    assert.equal(numberOf('monthly', '沟溪乡', '2026-10-01').label, '沟溪乡〔2026〕第10期');
    // 2026-10-01…08 is the National Day holiday: 月督查 waits for the 9th
    const holiday = (d: string) => !(d >= '2026-10-01' && d <= '2026-10-08');
    assert.equal(firstWorkingDayReached('2026-10-01', '2026-10-08', holiday), false);
    assert.equal(firstWorkingDayReached('2026-10-01', '2026-10-09', holiday), true);
  });

  it('the group robot\'s message names the lists and links to the bulletin when the address is known', () => {
    const c = {
      kind: 'weekly', number: { label: '沟溪乡〔2026〕第49期' }, period: { start: '2026-11-30', end: '2026-12-06' },
      totals: { current: { received: 12, closed: 10, onTimeRate: 90, satisfaction: null, overdue: 1 } },
      units: [{ name: '余东村', list: 'red' }, { name: '五十都村', list: 'black' }, { name: '沟溪村', list: 'black' }, { name: '灵山村', list: null }],
    } as unknown as BulletinContent;
    const m = robotMessage(c, '沟溪乡', 'https://brain.example.gov.cn', 'b1');
    assert.equal(m.title, '周通报 沟溪乡〔2026〕第49期');
    assert.match(m.text, /红榜：余东村\n- 黑榜：五十都村、沟溪村/);
    assert.match(m.text, /满意率 —/);
    assert.match(m.text, /\(https:\/\/brain\.example\.gov\.cn\/app\/bulletins\/b1\)/);
    assert.doesNotMatch(robotMessage(c, '沟溪乡', null, 'b1').text, /http/);
  });

  it('canonical JSON sorts keys at every level', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }] }), '{"a":[{"c":null,"d":2}],"b":1}');
  });
});
