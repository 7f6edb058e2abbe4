/**
 * The claims part of the points VOPR (points-vopr.ts interleaves it with the ledger's operations): in
 * one village with a scoring group of five, households and grid workers, a seeded random mix of claims
 * (some filed by a grid worker for a villager, some backdated), retried claims and claim ids reused for
 * another item (409), votes (and several at once: some serial order must explain what the database
 * answered), cap races (several claims of one household at once: exactly the room there is), objections
 * (also by the beneficiary's household: 403), township 复核 (uphold, overturn), the posting job after the
 * notice (time jumps), automatic awards of closed and 满意-rated cases and replays of those events — each
 * answer compared with the model (points-vopr-claims-model.ts), and kill -9 of the applying process at
 * random points, a killed call settled by what the database holds (committed: the model takes it; not:
 * it is sent again). Every transfer a claim makes is read back and applied to the workload's memory
 * ledger, so the ledger's own comparison (every transfer, every account) covers the claims too.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../src/platform/db/index.ts';
import { uuidv7, type TransferInput } from '../../src/points/index.ts';
import type { MemoryLedger } from '../../src/points/memory-ledger.ts';
import { ClaimsModel, eventTimeRefused, permutations, type ModelClaim, type Status } from './points-vopr-claims-model.ts';
import { makeClaimsVillage, type Core, type Two, type Village } from './points-vopr-claims-village.ts';
import type { ClaimAnswer, ClaimCall, Executor } from './points-vopr-executor.ts';

export type { Core } from './points-vopr-claims-village.ts';
type Rnd = { next(): number; int(min: number, max: number): number; pick<T>(xs: readonly T[]): T };

export interface ClaimsContext {
  rnd: Rnd;
  memory: MemoryLedger;
  executor: () => Executor;
  database: Database;
  /** Accepted transfers (replayed at the end) and those decided in another order than the memory ledger's. */
  accepted: TransferInput[][];
  unordered: Set<string>;
  why(step: number | string): string;
  /** True when the workload kills the applying process at this step (it counts the kill); `defer`: not here, at the next step. */
  takeCrash(step: number, defer?: boolean): boolean;
  /** The clock moves on by `ms`; its new time. */
  jump(ms: number): number;
  checkInvariants(why: string): Promise<number>;
}

/** What a call must answer, what it does to the model once it did, and whether a killed one committed. */
interface Expected {
  answer: ClaimAnswer;
  commit?(got: ClaimAnswer): Promise<void>;
  committed?(): Promise<ClaimAnswer | null>;
}

const RESIDENT_RULES = ['garbage_sorting', 'volunteer_hour', 'council_meeting', 'vopr_plain', 'vopr_plain', 'vopr_direct', 'vopr_notice'];
const CAPPED = ['garbage_sorting', 'volunteer_hour', 'council_meeting', 'vopr_notice'];
/** A claims call takes longer than a transfer: killed within this, some have committed. */
const KILL_WITHIN_MS = 40;
const REASONS = ['照片看不清', '当天没有活动', '与实际不符'];

export class ClaimsWorld {
  readonly model = new ClaimsModel();
  checks = 0;
  calls = 0;
  kills = 0;
  /** Killed calls that had committed (the model took them from the database). */
  committedWhenKilled = 0;
  /** The calls whose claim exists, to be replayed at the end (claims and case events). */
  readonly replays: { call: ClaimCall; id: string }[] = [];
  private v!: Village;
  get leaderId() { return this.v.leader; }
  private cases = 0;

  constructor(private core: Core, private ctx: ClaimsContext) {}

  /** The village, its people and rules; the person accounts opened (the ledger's workload spends from them too). */
  async setup(): Promise<Record<Two, string[]>> {
    const made = await makeClaimsVillage(this.core, this.ctx.memory);
    this.v = made.village;
    return made.opened;
  }

  /** One claims operation of the workload at `now`. */
  async step(step: number, now: number): Promise<void> {
    const { rnd } = this.ctx;
    const roll = rnd.next();
    if (roll < 0.22) return this.fileNew(step, now);
    if (roll < 0.27) {
      // a retried claim or a replayed case event: the first answer, nothing new
      if (!this.replays.length) return;
      const { call, id } = rnd.pick(this.replays);
      return this.one(step, call, now, { answer: this.again(call, id, now) });
    }
    if (roll < 0.29) {
      // a claim id taken by a claim of another item: refused, nothing written
      if (!this.replays.length) return;
      const { call } = rnd.pick(this.replays);
      if (call.fn !== 'claim' || call.input.ruleKey === 'vopr_grid') return;
      const other = call.input.ruleKey === 'council_meeting' ? 'volunteer_hour' : 'council_meeting';
      return this.one(step, { ...call, input: { ...call.input, ruleKey: other } }, now, { answer: { ok: false, code: eventTimeRefused(call.input, now) ? 'VALIDATION_FAILED' : 'POINTS_CLAIM_EXISTS' } });
    }
    if (roll < 0.52) return this.voteOne(step, now);
    if (roll < 0.57) return this.votesAtOnce(step, now);
    if (roll < 0.62) return this.capRace(step, now);
    if (roll < 0.72) return this.objectOne(step, now);
    if (roll < 0.8) return this.recheckOne(step, now);
    if (roll < 0.9) return this.award(step, now);
    return this.postDue(step, rnd.next() < 0.35 ? this.ctx.jump(rnd.int(2, 30) * 3_600_000) : now);
  }

  private async fileNew(step: number, now: number) {
    const { rnd } = this.ctx;
    const grid = rnd.next() < 0.12;
    const who = grid ? { id: rnd.pick(this.v.workers), householdId: null } : rnd.pick(this.v.residents);
    const rule = this.v.rules.get(grid ? 'vopr_grid' : rnd.pick(RESIDENT_RULES))!;
    const by = !grid && rnd.next() < 0.15 ? rnd.pick(this.v.workers) : who.id;
    const at = rnd.next() < 0.2 ? now - rnd.int(0, 72 * 3600) * 1000 : now;
    const input = { id: uuidv7(), ruleKey: rule.key, ...(by !== who.id ? { beneficiaryId: who.id } : {}), ...(at !== now ? { eventTime: new Date(at).toISOString() } : {}), ...(rnd.next() < 0.3 ? { note: '打扫了村道' } : {}) };
    const call: ClaimCall = { fn: 'claim', actorId: by, input };
    const room = this.model.room(rule, who.householdId ?? who.id, at);
    if (room < rule.amount) return this.one(step, call, now, { answer: { ok: false, code: 'POINTS_CAP_REACHED' } });
    const fresh = { id: input.id, businessKey: `claim:${input.id}`, rule, beneficiaryId: who.id, householdId: who.householdId, filedBy: by, source: 'claim', sourceId: null, eventTime: at };
    await this.one(step, call, now, this.creating(call, fresh, ClaimsModel.entry(rule), now));
  }

  /** What a claim or case event sent again answers: the first claim, unchanged (however long after). */
  again(_call: ClaimCall, id: string, _now: number): ClaimAnswer {
    return { ok: true, id, status: this.model.claims.get(id)!.status, created: false };
  }

  /** A new claim or award: the model takes it (and its transfer) once the database did. */
  private creating(call: ClaimCall, fresh: Omit<ModelClaim, 'status' | 'amount' | 'pendingId' | 'postedId' | 'postedAmount' | 'noticeUntil' | 'votes' | 'objectors'>, status: Status, now: number): Expected {
    const commit = async (got: ClaimAnswer) => {
      const id = got.ok ? got.id! : fresh.id;
      const c: ModelClaim = { ...fresh, id, amount: fresh.rule.amount, status, pendingId: null, postedId: null, postedAmount: null, noticeUntil: null, votes: new Map(), objectors: new Set() };
      this.model.add(c);
      this.replays.push({ call, id });
      if (status === 'noticed' || status === 'posted') await this.enterNotice(c, now);
    };
    const committed = async () => {
      const row = fresh.source === 'claim' ? await this.core.services.pointsClaims.repo.claim(fresh.id) : await this.core.services.pointsClaims.repo.claimByKey(this.core.platform.db, fresh.businessKey);
      return row ? { ok: true as const, id: row.id, status: row.status, created: true } : null;
    };
    return { answer: { ok: true, id: call.fn === 'award' ? undefined : fresh.id, status, created: true }, commit, committed };
  }

  private async voteOne(step: number, now: number) {
    const { rnd } = this.ctx;
    const c = this.someClaim(['reviewing'], 0.1);
    if (!c) return;
    const odd = rnd.next();
    const reviewer = odd < 0.03 ? rnd.pick(this.v.residents).id : rnd.next() < 0.15 && c.votes.size ? rnd.pick([...c.votes.keys()]) : rnd.pick(this.v.scorers.filter((s) => !c.votes.has(s)).concat(this.v.scorers).slice(0, 5));
    const decision = rnd.next() < 0.7 ? 'approve' as const : 'reject' as const;
    const call: ClaimCall = { fn: 'vote', actorId: reviewer, claimId: c.id, decision, ...(decision === 'reject' && odd > 0.06 ? { reason: rnd.pick(REASONS) } : {}) };
    if (!this.v.scorers.includes(reviewer)) return this.one(step, call, now, { answer: { ok: false, code: 'POINTS_NOT_SCORER' } });
    if (decision === 'reject' && !('reason' in call && call.reason)) return this.one(step, call, now, { answer: { ok: false, code: 'VALIDATION_FAILED' } });
    const v = ClaimsModel.vote(c, reviewer, decision);
    if (!v.ok) return this.one(step, call, now, { answer: v });
    await this.one(step, call, now, {
      answer: { ok: true, id: c.id, status: v.status },
      commit: async () => this.voted(c, reviewer, decision, v.status, now),
      committed: async () => ((await this.core.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_claim_votes WHERE claim_id = $1 AND reviewer_id = $2', [c.id, reviewer]))[0].n ? { ok: true, id: c.id, status: v.status } : null),
    });
  }

  private async voted(c: ModelClaim, reviewer: string, decision: 'approve' | 'reject', status: Status, now: number) {
    c.votes.set(reviewer, decision);
    const before = c.status;
    c.status = status;
    if (before === 'reviewing' && status === 'noticed') await this.enterNotice(c, now);
  }

  /** Two or three scorers vote on one claim at once: some serial order of them explains every answer. */
  private async votesAtOnce(step: number, now: number) {
    const { rnd } = this.ctx;
    const c = this.someClaim(['reviewing'], 0);
    const free = c ? this.v.scorers.filter((s) => !c.votes.has(s)) : [];
    if (!c || free.length < 2) return;
    const voters = free.sort(() => rnd.next() - 0.5).slice(0, rnd.int(2, Math.min(3, free.length)));
    const calls = voters.map((v): ClaimCall => (rnd.next() < 0.7 ? { fn: 'vote', actorId: v, claimId: c.id, decision: 'approve' } : { fn: 'vote', actorId: v, claimId: c.id, decision: 'reject', reason: rnd.pick(REASONS) }));
    this.ctx.takeCrash(step, true); // calls at once are not killed: a kill due here moves to the next step
    const got = await this.ctx.executor().claims(calls, now);
    this.calls += calls.length;
    const serial = permutations(calls.length).map((order) => {
      const sim = { status: c.status, votes: new Map(c.votes) };
      const answers: ClaimAnswer[] = [];
      for (const i of order) {
        const call = calls[i] as Extract<ClaimCall, { fn: 'vote' }>;
        const v = ClaimsModel.vote(sim, call.actorId, call.decision);
        answers[i] = v.ok ? { ok: true, id: c.id, status: v.status } : v;
        if (v.ok) {
          sim.votes.set(call.actorId, call.decision);
          sim.status = v.status;
        }
      }
      return { answers, sim };
    }).find((s) => JSON.stringify(s.answers) === JSON.stringify(got));
    assert.ok(serial, `concurrent votes ${JSON.stringify(calls)} answered ${JSON.stringify(got)}: no serial order does, ${this.ctx.why(step)}`);
    this.checks++;
    const before = c.status;
    c.votes = serial.sim.votes;
    c.status = serial.sim.status;
    if (before === 'reviewing' && c.status === 'noticed') await this.enterNotice(c, now);
  }

  /** Several claims of one household's capped item at once: exactly as many as the cap has room for. */
  private async capRace(step: number, now: number) {
    const { rnd } = this.ctx;
    const home = rnd.pick(this.v.residents);
    const members = this.v.residents.filter((r) => (home.householdId ? r.householdId === home.householdId : r.id === home.id));
    const rule = this.v.rules.get(rnd.pick(CAPPED.filter((k) => !this.v.rules.get(k)!.skipReview)))!;
    const room = this.model.room(rule, home.householdId ?? home.id, now);
    const n = rnd.int(2, 5);
    const allowed = Math.max(0, Math.min(n, Math.floor(room / rule.amount)));
    const calls = Array.from({ length: n }, (): Extract<ClaimCall, { fn: 'claim' }> => ({ fn: 'claim', actorId: rnd.pick(members).id, input: { id: uuidv7(), ruleKey: rule.key } }));
    this.ctx.takeCrash(step, true);
    const got = await this.ctx.executor().claims(calls, now);
    this.calls += n;
    assert.equal(got.filter((g) => g.ok).length, allowed, `${allowed} of ${n} concurrent ${rule.key} claims fit the cap: ${JSON.stringify(got)}, ${this.ctx.why(step)}`);
    assert.ok(got.every((g) => (g.ok ? g.status === 'reviewing' && g.created : g.code === 'POINTS_CAP_REACHED')), `the others over the cap: ${JSON.stringify(got)}, ${this.ctx.why(step)}`);
    this.checks++;
    for (const [i, g] of got.entries()) {
      if (!g.ok) continue;
      const call = calls[i];
      await this.creating(call, { id: call.input.id, businessKey: `claim:${call.input.id}`, rule, beneficiaryId: call.actorId, householdId: home.householdId, filedBy: call.actorId, source: 'claim', sourceId: null, eventTime: now }, 'reviewing', now).commit!(g);
    }
  }

  private async objectOne(step: number, now: number) {
    const { rnd } = this.ctx;
    const c = this.someClaim(['noticed', 'objected'], 0.15);
    if (!c) return;
    const everyone = [...this.v.residents.map((r) => r.id), ...this.v.scorers, ...this.v.workers];
    const objector = rnd.next() < 0.08 ? c.beneficiaryId : rnd.pick(everyone);
    const call: ClaimCall = { fn: 'object', actorId: objector, claimId: c.id, reason: rnd.pick(REASONS) };
    const household = this.v.residents.find((r) => r.id === objector)?.householdId ?? null;
    if (objector === c.beneficiaryId || (c.householdId && household === c.householdId)) return this.one(step, call, now, { answer: { ok: false, code: 'POINTS_OWN_HOUSEHOLD' } });
    const o = ClaimsModel.object(c, now);
    if (!o.ok) return this.one(step, call, now, { answer: o });
    const again = c.objectors.has(objector);
    await this.one(step, call, now, {
      answer: { ok: true, id: c.id, status: 'objected' },
      commit: async () => {
        c.status = 'objected';
        c.objectors.add(objector);
      },
      committed: async () => (!again && (await this.core.platform.database.raw<{ n: number }>('SELECT count(*)::int AS n FROM points_objections WHERE claim_id = $1 AND objector_id = $2', [c.id, objector]))[0].n ? { ok: true, id: c.id, status: 'objected' } : null),
    });
  }

  private async recheckOne(step: number, now: number) {
    const { rnd } = this.ctx;
    const c = this.someClaim(['objected'], 0.1);
    if (!c) return;
    const decision = rnd.next() < 0.5 ? 'uphold' as const : 'overturn' as const;
    const call: ClaimCall = { fn: 'recheck', actorId: this.v.leader, claimId: c.id, decision, reason: decision === 'uphold' ? '现场核实无误' : '核实不符' };
    if (c.status !== 'objected') return this.one(step, call, now, { answer: { ok: false, code: 'POINTS_CLAIM_NOT_OBJECTED' } });
    const to: Status = decision === 'uphold' ? 'noticed' : 'voided';
    await this.one(step, call, now, {
      answer: { ok: true, id: c.id, status: to },
      commit: async () => {
        c.status = to;
        if (to === 'voided' && c.pendingId) await this.mirror({ id: await this.resolutionOf(c.pendingId, 'void'), kind: 'void', pendingId: c.pendingId, reason: '核实不符' }, now);
      },
      committed: async () => ((await this.core.services.pointsClaims.repo.claim(c.id))!.status === to ? { ok: true, id: c.id, status: to } : null),
    });
  }

  /** An automatic award: a closed report pays its reporter (resident), a 满意 rating the grid worker; or the event again. */
  private async award(step: number, now: number) {
    const { rnd } = this.ctx;
    const rated = rnd.next() < 0.35;
    const who = rated ? { id: rnd.pick(this.v.workers), householdId: null } : rnd.pick(this.v.residents);
    const category = rnd.pick([null, '0107', '0302']);
    // a category's own closing rule (migration 0029: the category's points) over the one for any category
    const rule = (rated ? this.v.rules.get('rated_satisfied') : (category && this.v.rules.get(`report_closed_${category}`)) || this.v.rules.get('report_closed'))!;
    const caseId = `vopr-case-${++this.cases}`;
    const at = rnd.next() < 0.5 ? now - rnd.int(0, 7200) * 1000 : now;
    const call: ClaimCall = { fn: 'award', event: { trigger: rated ? 'case.rated' : 'case.closed', caseId, villageCode: this.v.code, categoryCode: category, beneficiaryId: who.id, at: at === now && rnd.next() < 0.5 ? null : new Date(at).toISOString() } };
    const status = this.model.room(rule, who.householdId ?? who.id, at) >= rule.amount ? ClaimsModel.entry(rule) : 'rejected';
    await this.one(step, call, now, this.creating(call, { id: '', businessKey: `${rated ? 'case.rated' : 'case.closed'}:${caseId}:${rule.key}`, rule, beneficiaryId: who.id, householdId: who.householdId, filedBy: null, source: rated ? 'case.rated' : 'case.closed', sourceId: caseId, eventTime: at }, status, now));
  }

  /** The posting job at `now` (after a time jump, often): what is due posts, once. */
  async postDue(step: number | string, now: number): Promise<void> {
    const call: ClaimCall = { fn: 'postDue' };
    if (typeof step === 'number' && this.ctx.takeCrash(step)) {
      this.kills++;
      await this.ctx.executor().crash!({ op: 'claims', calls: [call], now }, this.ctx.rnd.int(0, KILL_WITHIN_MS));
      // each claim posts in a transaction of its own: the model takes those the database posted
      const posted = new Set((await this.core.platform.database.raw<{ id: string }>("SELECT id FROM points_claims WHERE status = 'posted'", [])).map((r) => r.id));
      await this.posted(this.model.due(now).filter((c) => posted.has(c.id)), now);
      this.checks += await this.ctx.checkInvariants(`after the kill at ${this.ctx.why(step)}`);
    }
    const due = this.model.due(now);
    const [got] = await this.ctx.executor().claims([call], now);
    this.calls++;
    assert.deepEqual(got, { ok: true, posted: due.length }, `the posting job, ${this.ctx.why(step)}`);
    this.checks++;
    await this.posted(due, now);
  }

  private async posted(claims: ModelClaim[], now: number) {
    for (const c of claims) {
      c.status = 'posted';
      c.postedAmount = Math.abs(c.amount);
      c.postedId = await this.resolutionOf(c.pendingId!, 'post');
      // posted one after another in one job, in the database's order: their balances after are not compared
      this.ctx.unordered.add(c.postedId);
      await this.mirror({ id: c.postedId, kind: 'post', pendingId: c.pendingId! }, now);
    }
  }

  /** A single call through the executor (or killed mid-way), compared with the model. */
  private async one(step: number, call: ClaimCall, now: number, e: Expected): Promise<void> {
    this.calls++;
    if (this.ctx.takeCrash(step)) {
      this.kills++;
      await this.ctx.executor().crash!({ op: 'claims', calls: [call], now }, this.ctx.rnd.int(0, KILL_WITHIN_MS));
      const done = e.committed ? await e.committed() : null;
      if (done) {
        assert.deepEqual([done.ok, done.ok && done.status], [e.answer.ok, e.answer.ok && e.answer.status], `what the killed ${JSON.stringify(call)} committed, ${this.ctx.why(step)}`);
        this.committedWhenKilled++;
        await e.commit!(done);
      }
      this.checks += await this.ctx.checkInvariants(`after the kill at ${this.ctx.why(step)}`);
      if (done) return;
      // not committed: the client sends it again
    }
    const [got] = await this.ctx.executor().claims([call], now);
    const expected = e.answer.ok && e.answer.id === undefined && got.ok ? { ...e.answer, id: got.id } : e.answer;
    assert.deepEqual(got, expected, `${JSON.stringify(call)}, ${this.ctx.why(step)}`);
    this.checks++;
    if (got.ok && e.commit) await e.commit(got);
  }

  /** Read the claim's hold (or at-once award) back and apply it to the memory ledger. */
  private async enterNotice(c: ModelClaim, now: number) {
    const row = (await this.core.services.pointsClaims.repo.claim(c.id))!;
    c.noticeUntil = row.noticeUntil?.getTime() ?? null;
    const held = c.status === 'noticed';
    const id = held ? row.pendingTransferId : row.postedTransferId;
    assert.ok(id, `claim ${c.id} (${c.status}) holds or pays its points`);
    if (held) c.pendingId = id;
    else {
      c.postedId = id;
      c.postedAmount = Math.abs(c.amount);
    }
    const person = this.v.accounts.get(`${c.beneficiaryId}|${c.rule.ledger}`)!;
    await this.mirror({
      id, ledger: c.rule.ledger, debitAccountId: this.v.issuance[c.rule.ledger as Two], creditAccountId: person, amount: Math.abs(c.amount), code: 'award',
      ruleId: c.rule.key, ruleVersion: c.rule.version, businessKey: c.businessKey, eventTime: new Date(c.eventTime).toISOString(), metadata: { claimId: c.id, source: c.source },
      ...(held ? { kind: 'pending' as const, timeoutSeconds: 0 } : { kind: 'single' as const }),
    }, now);
  }

  private async mirror(input: TransferInput, now: number) {
    const [r] = this.ctx.memory.apply([input], new Date(now));
    assert.ok(r.ok && !r.existed, `the memory ledger takes the claim's transfer ${JSON.stringify(input)}: ${r.ok ? 'existed' : r.code}`);
    this.ctx.accepted.push([input]);
  }

  private async resolutionOf(pendingId: string, kind: 'post' | 'void'): Promise<string> {
    const [r] = await this.core.platform.database.raw<{ id: string }>('SELECT id FROM points_transfers WHERE pending_id = $1 AND kind = $2', [pendingId, kind]);
    assert.ok(r, `the ${kind} of ${pendingId} is in the ledger`);
    return r.id;
  }

  /** A claim in one of `statuses`, or now and then any claim (then refused). */
  private someClaim(statuses: Status[], anyOdds: number): ModelClaim | undefined {
    const { rnd } = this.ctx;
    const recent = this.model.list.slice(-300);
    const open = recent.filter((c) => statuses.includes(c.status));
    return open.length && rnd.next() >= anyOdds ? rnd.pick(open) : recent.length ? rnd.pick(recent) : undefined;
  }
}
