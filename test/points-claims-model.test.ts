/**
 * The claim machine and the rules, pure (fast-check): any sequence of commands keeps a claim on the
 * drawn paths; points are held exactly once before they are posted or released, and never both; a
 * quorum decides at the first vote that reaches it; caps never let the claimed total pass them; the
 * rule in force is the most specific region's newest version.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { caseRuleFor, checkCaps, rulesInForce, stepClaim, velocityAlerts, type ClaimCommand, type ClaimStatus, type RuleVersion } from '../src/points/claims-model.ts';

const T0 = Date.UTC(2026, 5, 1);
const command: fc.Arbitrary<ClaimCommand> = fc.oneof(
  fc.record({ kind: fc.constant('vote' as const), decision: fc.constantFrom('approve' as const, 'reject' as const), approvals: fc.nat(7), rejections: fc.nat(7), groupSize: fc.integer({ min: 1, max: 7 }), quorum: fc.integer({ min: 1, max: 7 }) }),
  fc.record({ kind: fc.constant('object' as const), now: fc.integer({ min: 0, max: 20 }).map((d) => new Date(T0 + d * 86_400_000)), noticeUntil: fc.constant(new Date(T0 + 10 * 86_400_000)) }),
  fc.record({ kind: fc.constant('recheck' as const), decision: fc.constantFrom('uphold' as const, 'overturn' as const) }),
  fc.record({ kind: fc.constant('notice_over' as const), now: fc.integer({ min: 0, max: 20 }).map((d) => new Date(T0 + d * 86_400_000)), noticeUntil: fc.constant(new Date(T0 + 10 * 86_400_000)) }),
);

const ALLOWED: Record<ClaimStatus, ClaimStatus[]> = {
  reviewing: ['reviewing', 'noticed', 'rejected'], noticed: ['objected', 'posted'], objected: ['objected', 'noticed', 'voided'],
  rejected: [], posted: [], voided: [],
};

describe('points claims model', () => {
  it('any command sequence stays on the drawn paths; points are held once, then posted or released once', () => {
    fc.assert(fc.property(fc.array(command, { maxLength: 40 }), (cmds) => {
      let status: ClaimStatus = 'reviewing';
      let held = 0;
      let settled = 0;
      for (const cmd of cmds) {
        const s = stepClaim(status, cmd);
        if (!s.ok) continue;
        assert.ok(ALLOWED[status].includes(s.to), `${status} → ${s.to}`);
        if (s.ledger === 'hold') held++;
        if (s.ledger === 'post' || s.ledger === 'void') settled++;
        if (s.ledger === 'post' || s.ledger === 'void') assert.equal(held, 1, 'settled only what was held');
        status = s.to;
      }
      assert.ok(held <= 1 && settled <= held);
      if (status === 'posted' || status === 'voided') assert.equal(settled, 1);
      if (status === 'rejected') assert.equal(held, 0, 'a rejected claim never held points');
    }));
  });

  it('no objection once the notice has ended, and nothing posts before it ends', () => {
    fc.assert(fc.property(command, (cmd) => {
      const s = stepClaim(cmd.kind === 'notice_over' ? 'noticed' : 'noticed', cmd);
      if (cmd.kind === 'object' && cmd.now >= cmd.noticeUntil) assert.equal(s.ok, false);
      if (cmd.kind === 'notice_over') assert.equal(s.ok, cmd.now >= cmd.noticeUntil);
    }));
  });

  it('the quorum: approval at the quorum (capped at the group), rejection once approval can no longer reach it', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.nat(7), fc.nat(7), (groupSize, quorum, approvals, rejections) => {
      const s = stepClaim('reviewing', { kind: 'vote', decision: 'approve', approvals, rejections, groupSize, quorum });
      assert.ok(s.ok);
      const need = Math.min(quorum, groupSize);
      if (approvals >= need) assert.equal(s.to, 'noticed');
      else if (groupSize - rejections < need) assert.equal(s.to, 'rejected');
      else assert.equal(s.to, 'reviewing');
    }));
  });

  it('caps: an accepted amount never takes a period past its cap; a refusal names what is left', () => {
    const cap = fc.option(fc.integer({ min: 1, max: 50 }), { nil: null });
    fc.assert(fc.property(cap, cap, cap, fc.nat(60), fc.nat(60), fc.nat(60), fc.integer({ min: -10, max: 10 }).filter((n) => n !== 0), (capDay, capMonth, capYear, day, month, year, amount) => {
      const v = checkCaps({ capDay, capMonth, capYear }, { day, month, year }, amount);
      const fits = (c: number | null, used: number) => c === null || used + Math.abs(amount) <= c;
      assert.equal(v.ok, fits(capDay, day) && fits(capMonth, month) && fits(capYear, year));
      if (!v.ok) assert.equal(v.left, Math.max(0, v.cap - v.used));
    }));
  });

  it('the rule in force: the most specific region, its newest version; an inactive newest version switches the key off there', () => {
    const r = (regionCode: string, key: string, version: number, amount: number, active = true): RuleVersion =>
      ({ id: `${regionCode}-${key}-${version}`, regionCode, key, version, active, trigger: 'claim', categoryCode: null, amount, capDay: null, capMonth: null, capYear: null });
    const all = [r('', 'a', 1, 1), r('', 'b', 1, 1), r('330802', 'a', 1, 2), r('330802201200', 'a', 1, 3), r('330802201200', 'a', 2, 4), r('330802201200', 'b', 1, 9, false), r('330802201201', 'a', 1, 7)];
    assert.deepEqual(rulesInForce(all, '330802201200').map((x) => [x.key, x.amount]), [['a', 4]]);
    assert.deepEqual(rulesInForce(all, '330802201299').map((x) => [x.key, x.amount]), [['a', 2], ['b', 1]]);
    assert.deepEqual(rulesInForce(all, '440000000000').map((x) => [x.key, x.amount]), [['a', 1], ['b', 1]]);
    // a case rule of the case's category wins over the rule for any category
    const closed = [{ ...r('', 'report_closed', 1, 5), trigger: 'case.closed' }, { ...r('', 'report_closed_0107', 1, 8), trigger: 'case.closed', categoryCode: '0107' }];
    assert.equal(caseRuleFor(closed, 'case.closed', '0107')?.amount, 8);
    assert.equal(caseRuleFor(closed, 'case.closed', '0201')?.amount, 5);
    assert.equal(caseRuleFor(closed, 'case.rated', '0107'), undefined);
    // …but a village's own rule for any category wins over the district-wide rule of the category
    const village = [...closed, { ...r('330802201200', 'report_closed', 2, 10), trigger: 'case.closed' }];
    assert.equal(caseRuleFor(village, 'case.closed', '0107')?.amount, 10);
  });

  it('人情分 alerts: households above three times the median', () => {
    const { median, alerts } = velocityAlerts([{ householdId: 'a', earned: 10 }, { householdId: 'b', earned: 12 }, { householdId: 'c', earned: 40 }, { householdId: 'd', earned: 8 }]);
    assert.equal(median, 11);
    assert.deepEqual(alerts.map((a) => a.householdId), ['c']);
    assert.deepEqual(velocityAlerts([]).alerts, []);
  });
});
