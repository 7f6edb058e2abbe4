/**
 * 积分分红 (issue 19 item 3): a village enters a pool in yuan (whole fen) and a period that has ended;
 * each household's share is pro rata to the points it earned in the period (ledger.ts earnedIn: a
 * purchase never lowers it), split by the largest remainder so Σ payouts = the pool to the fen. The list
 * goes on 公示 as the points claims do — the village's notice period in working days (points settings),
 * objections by residents of the village, the township's 复核 (uphold: back on notice; overturn: withdrawn)
 * — and only a list whose notice ended without an open objection is approved (the job) and paid. The
 * accountant's XLSX renders from the shares alone, so the same inputs give the same file and hash.
 */
import crypto from 'node:crypto';
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import { AppError, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import * as repo from './credit.repository.ts';
import type { CreditService } from './credit.service.ts';
import { householdEarnings } from './earnings.ts';
import { fenToYuan, splitPool, yuanToFen } from './money.ts';
import { sha256Hex } from './signing.ts';
import { dayStart } from './tiers.ts';
import { renderXlsx } from '../platform/xlsx.ts';

export type DividendStatus = 'noticed' | 'objected' | 'approved' | 'paid' | 'withdrawn';

export interface DividendInput {
  regionCode: string;
  title: string;
  /** first and last day of the period (Shanghai calendar days, both included) */
  periodFrom: string;
  periodTo: string;
  /** yuan: "165130", "165130.50" or a number; not a whole number of fen is 400 */
  poolYuan: string | number;
}

/** What the notice needs of the points module and the cases' calendar. */
export interface NoticeClock {
  noticeDays(villageCode: string): Promise<number>;
  addWorkingDays(start: Date, n: number): Date;
}

const missing = () => notFound('CREDIT_DIVIDEND_NOT_FOUND', 'No such dividend');
const isVillage = (code: string) => /^\d{12}$/.test(code) && scopeOfRegionCode(code).length === 12;

export interface FileShare { label: string; head: string; points: number; fen: number }
export interface FileMeta { village: string; title: string; periodFrom: string; periodTo: string; poolFen: number; totalPoints: number }

export class DividendsService {
  constructor(
    private p: Platform,
    private credit: CreditService,
    private clock: NoticeClock,
  ) {}

  async create(actor: Actor | null, input: DividendInput, now = new Date()) {
    if (actor) assertCan(actor, 'credit.dividend', input.regionCode);
    const poolFen = yuanToFen(input.poolYuan);
    if (poolFen === null || poolFen <= 0) throw new AppError('CREDIT_POOL_NOT_FEN', 400, 'The pool is not a whole number of fen', { field: 'poolYuan' });
    if (!isVillage(input.regionCode)) throw new AppError('CREDIT_NOT_VILLAGE', 422, 'A dividend is for a village', { field: 'regionCode' });
    const from = dayStart(input.periodFrom);
    const to = new Date(dayStart(input.periodTo).getTime() + 86_400_000);
    const validDay = (d: string, at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10) === d;
    if (!validDay(input.periodFrom, from) || !validDay(input.periodTo, new Date(to.getTime() - 86_400_000)) || from >= to || to > now || to.getTime() - from.getTime() > 732 * 86_400_000) {
      throw new AppError('CREDIT_PERIOD_INVALID', 422, 'The period is not valid', { field: to > now ? 'periodTo' : 'periodFrom' });
    }
    const earnings = (await householdEarnings(this.credit.deps, input.regionCode, from, to)).filter((e) => e.points > 0);
    if (!earnings.length) throw new AppError('CREDIT_NO_POINTS', 422, 'No household earned points in the period', { field: 'periodFrom' });
    const split = splitPool(poolFen, earnings.map((e) => ({ id: e.household.id, points: e.points })));
    const byId = new Map(earnings.map((e) => [e.household.id, e.household]));
    const [heads, names] = await Promise.all([this.credit.deps.namesOf([...new Set(earnings.map((e) => e.household.headUserId))]), this.credit.deps.regionNames([input.regionCode])]);
    const shares = split.map((s) => {
      const h = byId.get(s.id)!;
      return { householdId: s.id, label: `${h.name} · ${h.address}`, headUserId: h.headUserId, points: s.points, payoutFen: s.fen };
    });
    const totalPoints = earnings.reduce((s, e) => s + e.points, 0);
    const meta: FileMeta = { village: names[input.regionCode] ?? input.regionCode, title: input.title, periodFrom: input.periodFrom, periodTo: input.periodTo, poolFen, totalPoints };
    const file = await renderDividend(meta, shares.map((s) => ({ label: s.label, head: heads[s.headUserId] ?? '', points: s.points, fen: s.payoutFen })));
    const noticeUntil = this.clock.addWorkingDays(now, await this.clock.noticeDays(input.regionCode));
    const id = crypto.randomUUID();
    try {
      await this.p.tx(async (tx) => {
        await repo.insertDividend(tx, {
          id, regionCode: input.regionCode, title: input.title, periodFrom: input.periodFrom, periodTo: input.periodTo, poolFen, totalPoints, households: shares.length,
          status: 'noticed', noticeFrom: now, noticeUntil, fileSha256: sha256Hex(file), createdBy: actor?.id ?? null, createdAt: now, updatedAt: now,
        }, shares.map((s) => ({ dividendId: id, ...s })));
        await writeAudit(tx, { actorId: actor?.id ?? null, action: 'credit.dividend_entered', entity: 'credit_dividends', entityId: id, regionCode: input.regionCode, details: { poolFen, totalPoints, households: shares.length } });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CREDIT_DIVIDEND_EXISTS', 'The village has a dividend for this period', { field: 'periodFrom' });
      throw e;
    }
    return this.one(actor, id);
  }

  /** Staff of the area: the dividends, newest first. */
  async list(actor: Actor, q: { region?: string }) {
    if (q.region) assertCan(actor, 'credit.read', q.region);
    const rows = await repo.dividendsIn(this.p.db, scopesFor(actor, 'credit.read'), { region: q.region ? scopeOfRegionCode(q.region) : undefined, limit: 100 });
    const names = await this.credit.deps.regionNames([...new Set(rows.map((r) => r.regionCode))]);
    return { items: rows.map((r) => this.summary(r, names[r.regionCode])) };
  }

  /** One dividend with its shares: staff in full (household and head, for paying); the objections' reasons, never who. */
  async one(actor: Actor | null, id: string) {
    const row = await this.byId(id);
    if (!row || (actor && !can(actor, 'credit.read', row.regionCode))) throw missing();
    const [shares, objections, names] = await Promise.all([repo.shares(this.p.db, id), repo.objections(this.p.db, id), this.credit.deps.regionNames([row.regionCode])]);
    const heads = await this.credit.deps.namesOf([...new Set(shares.map((s) => s.headUserId))]);
    return {
      ...this.summary(row, names[row.regionCode]),
      objections: objections.map((o) => ({ reason: o.reason, at: iso(o.createdAt) })),
      shares: shares.map((s) => ({ householdId: s.householdId, label: s.label, head: heads[s.headUserId] ?? '', points: s.points, payoutYuan: fenToYuan(s.payoutFen) })),
    };
  }

  /** The village's 公示 board of dividends: residents of the village and staff; households by family name, heads masked. */
  async board(actor: Actor, regionCode?: string) {
    const village = (regionCode ?? actor.homeRegionCode ?? '').slice(0, 12);
    if (!isVillage(village) || !(actor.homeRegionCode?.startsWith(village) || can(actor, 'credit.read', village))) return { regionCode: village || null, items: [] };
    const rows = (await repo.dividendsIn(this.p.db, [village], { statuses: ['noticed', 'objected', 'approved', 'paid'], limit: 10 }));
    const names = await this.credit.deps.regionNames([village]);
    const items = [];
    for (const r of rows) {
      const shares = await repo.shares(this.p.db, r.id);
      const heads = await this.credit.deps.namesOf([...new Set(shares.map((s) => s.headUserId))]);
      const mine = (await repo.objections(this.p.db, r.id)).some((o) => o.objectorId === actor.id);
      items.push({
        ...this.summary(r, names[village]), iObjected: mine,
        shares: shares.map((s) => ({ household: `${s.label.split(' · ')[0]} · ${maskName(heads[s.headUserId]) ?? ''}`, points: s.points, payoutYuan: fenToYuan(s.payoutFen) })),
      });
    }
    return { regionCode: village, items };
  }

  /** A resident of the village objects during the notice: the list waits for the township's 复核. */
  async object(actor: Actor, id: string, reason: string, now = new Date()) {
    const row = await this.byId(id);
    if (!row) throw missing();
    if (!actor.homeRegionCode?.startsWith(row.regionCode)) {
      if (!can(actor, 'credit.read', row.regionCode)) throw missing();
      throw new AppError('CREDIT_NOT_VILLAGER', 403, 'Only residents of the village object');
    }
    await this.p.tx(async (tx) => {
      const locked = (await repo.dividend(tx, id, true))!;
      if ((locked.status !== 'noticed' && locked.status !== 'objected') || now >= locked.noticeUntil) throw conflict('CREDIT_NOTICE_CLOSED', 'The notice is over');
      if (!(await repo.insertObjection(tx, { id: crypto.randomUUID(), dividendId: id, objectorId: actor.id, reason: reason.trim(), createdAt: now }))) throw conflict('CREDIT_ALREADY_OBJECTED', 'Already objected');
      if (locked.status === 'noticed') await repo.updateDividend(tx, id, { status: 'objected' });
      await writeAudit(tx, { actorId: actor.id, action: 'credit.dividend_objected', entity: 'credit_dividends', entityId: id, regionCode: row.regionCode, details: {} });
    });
    return this.board(actor, row.regionCode);
  }

  /** The township decides the objections: uphold (the list goes back on notice for what is left of it) or overturn (withdrawn). */
  async decide(actor: Actor, id: string, input: { decision: 'uphold' | 'overturn'; reason: string }, now = new Date()) {
    const row = await this.byId(id);
    if (!row || !can(actor, 'credit.read', row.regionCode)) throw missing();
    assertCan(actor, 'credit.recheck', row.regionCode);
    if (!scopesFor(actor, 'credit.recheck').some((s) => row.regionCode.startsWith(s) && s.length <= 9)) throw new AppError('CREDIT_RECHECK_TOWNSHIP', 403, 'The township decides');
    await this.p.tx(async (tx) => {
      const locked = (await repo.dividend(tx, id, true))!;
      if (locked.status !== 'objected') throw conflict('CREDIT_NOT_OBJECTED', 'No objection waiting');
      const upheld = input.decision === 'uphold';
      // upheld: the notice runs on to its end (at least a day more, so nobody is surprised by a payout the hour after)
      const until = new Date(Math.max(locked.noticeUntil.getTime(), now.getTime() + 86_400_000));
      await repo.updateDividend(tx, id, upheld ? { status: 'noticed', noticeUntil: until, decisionReason: input.reason.trim(), decidedBy: actor.id } : { status: 'withdrawn', decisionReason: input.reason.trim(), decidedBy: actor.id });
      await writeAudit(tx, { actorId: actor.id, action: 'credit.dividend_decided', entity: 'credit_dividends', entityId: id, regionCode: row.regionCode, details: { decision: input.decision, reason: input.reason } });
    });
    return this.one(actor, id);
  }

  /** The job: lists whose notice ended with no open objection are approved for payout. */
  async approveDue(now = new Date()): Promise<number> {
    let n = 0;
    for (const id of await repo.dueDividends(this.p.db, now)) {
      n += await this.p.tx(async (tx) => {
        const locked = await repo.dividend(tx, id, true);
        if (!locked || locked.status !== 'noticed' || locked.noticeUntil > now) return 0;
        await repo.updateDividend(tx, id, { status: 'approved' });
        await writeAudit(tx, { actorId: null, action: 'credit.dividend_approved', entity: 'credit_dividends', entityId: id, regionCode: locked.regionCode, details: {} });
        return 1;
      });
    }
    return n;
  }

  /** The village records the payout (the accountant paid from the export): once, after approval. */
  async pay(actor: Actor | null, id: string, now = new Date()) {
    const row = await this.byId(id);
    if (!row || (actor && !can(actor, 'credit.read', row.regionCode) && !can(actor, 'credit.dividend', row.regionCode))) throw missing();
    if (actor) assertCan(actor, 'credit.dividend', row.regionCode);
    await this.p.tx(async (tx) => {
      const locked = (await repo.dividend(tx, id, true))!;
      if (locked.status !== 'approved') throw conflict('CREDIT_NOT_PAYABLE', 'Not payable', { status: locked.status });
      await repo.updateDividend(tx, id, { status: 'paid', paidAt: now, paidBy: actor?.id ?? null });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'credit.dividend_paid', entity: 'credit_dividends', entityId: id, regionCode: row.regionCode, details: { poolFen: row.poolFen } });
    });
    return this.one(actor, id);
  }

  /** The accountant's XLSX (full names: they pay by them); audited as a reveal. */
  async export(actor: Actor, id: string) {
    const row = await this.byId(id);
    if (!row || !can(actor, 'credit.read', row.regionCode)) throw missing();
    assertCan(actor, 'credit.dividend', row.regionCode);
    const shares = await repo.shares(this.p.db, id);
    const [heads, names] = await Promise.all([this.credit.deps.namesOf([...new Set(shares.map((s) => s.headUserId))]), this.credit.deps.regionNames([row.regionCode])]);
    const file = await renderDividend(
      { village: names[row.regionCode] ?? row.regionCode, title: row.title, periodFrom: row.periodFrom, periodTo: row.periodTo, poolFen: row.poolFen, totalPoints: row.totalPoints },
      shares.map((s) => ({ label: s.label, head: heads[s.headUserId] ?? '', points: s.points, fen: s.payoutFen })),
    );
    await writeAudit(this.p.db, { actorId: actor.id, action: 'credit.dividend_exported', entity: 'credit_dividends', entityId: id, regionCode: row.regionCode, details: { sha256: sha256Hex(file) } });
    return { name: `dividend-${row.regionCode}-${row.periodFrom}-${row.periodTo}.xlsx`, file };
  }

  private byId(id: string) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? repo.dividend(this.p.db, id) : Promise.resolve(undefined);
  }

  private summary(r: repo.DividendRow, regionName?: string) {
    return {
      id: r.id, regionCode: r.regionCode, regionName: regionName ?? r.regionCode, title: r.title, periodFrom: r.periodFrom, periodTo: r.periodTo,
      poolYuan: fenToYuan(r.poolFen), totalPoints: r.totalPoints, households: r.households, yuanPerPoint: (r.poolFen / 100 / r.totalPoints).toFixed(4),
      status: r.status as DividendStatus, noticeFrom: iso(r.noticeFrom), noticeUntil: iso(r.noticeUntil), decisionReason: r.decisionReason,
      paidAt: isoOrNull(r.paidAt), fileSha256: r.fileSha256, createdAt: iso(r.createdAt),
    };
  }
}

/** The accountant's list: households by points (most first), payout to the fen; a total row that equals the pool. */
export function renderDividend(m: FileMeta, shares: FileShare[]): Promise<Buffer> {
  const rows = [...shares].sort((a, b) => b.points - a.points || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const total = rows.reduce((s, r) => s + r.fen, 0);
  return renderXlsx([{
    name: '积分分红发放表',
    heading: [`${m.village} ${m.title}`, `期间：${m.periodFrom} 至 ${m.periodTo}；分红总额 ¥${fenToYuan(m.poolFen)}；积分合计 ${m.totalPoints}；${rows.length} 户`, '按各户期间内获得的积分比例分配，尾差按最大余额法到分，合计等于分红总额。'],
    columns: [{ header: '序号', width: 6 }, { header: '户', width: 36 }, { header: '户主', width: 12 }, { header: '期间获得积分', width: 14 }, { header: '分红金额（元）', width: 16 }],
    rows: [...rows.map((r, i) => [i + 1, r.label, r.head, r.points, fenToYuan(r.fen)]), ['', '合计', '', m.totalPoints, fenToYuan(total)]],
  }]);
}

