/**
 * Rankings and 红黑榜 (issue 19 item 5): live rankings of an area read from the rollup, the areas'
 * public thresholds and aggregates-only switch, and published lists — a snapshot with its SHA-256 that
 * anyone with the right to read it can recompute from the ledger — on 公示 with objections and 复核 as
 * the claims (the same state machine, claims-model.ts `stepClaim`).
 */
import { assertCan, can, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, conflict, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import type { UsersService } from '../people/index.ts';
import { stepClaim, type ClaimStatus, type HouseholdLookup } from './claims-model.ts';
import {
  DEFAULT_THRESHOLDS, hashOf, listContent, periodNamed, periodOf, RANK_LEDGERS, RANK_PERIODS, type ListContent, type Period, type RankLedger, type RankPeriod, type Thresholds,
} from './rankings-model.ts';
import { RankingsRepository, type ListRow, type SubjectRow } from './rankings.repository.ts';
import { uuidv7 } from './uuidv7.ts';

/** How stale the rollup of an open period may be when read (the job rewrites it every few minutes). */
const OPEN_STALE_MS = 60_000;

/** Plain words every answer carries: a ranking is information, not a target anyone must meet. */
export const NOT_A_QUOTA = {
  zh: '排名只是公开积分情况，不是任务指标；红榜是达到公开分数线的农户，黑榜只列本期被扣分的农户，没参加活动不会上黑榜。',
  en: 'A ranking shows how points were earned; it is not a quota. The red board lists households that reached the public mark; the black board only those that lost points this period — not taking part never puts anyone on it.',
};

export interface RankingQuery { region: string; ledger?: RankLedger; period: RankPeriod; start?: string; limit?: number; offset?: number }

export class RankingsService {
  readonly repo: RankingsRepository;

  constructor(
    private p: Platform,
    private users: UsersService,
    private households: HouseholdLookup,
    /** the notice period of a place in working days, and the business calendar (the claims' settings) */
    private notice: { until: (regionCode: string, from: Date) => Promise<Date> },
  ) {
    this.repo = new RankingsRepository(p);
  }

  /** The period asked: the current one by default; a day that starts no period or a period not begun is a 400. */
  periodFor(kind: RankPeriod, start: string | undefined, now: Date): Period {
    const p = start ? periodNamed(kind, start) : periodOf(kind, now);
    if (!p) throw badRequest('VALIDATION_FAILED', `${start} is not the first day of a ${kind}`, { field: 'start' });
    if (p.from.getTime() > now.getTime()) throw badRequest('POINTS_RANK_PERIOD_FUTURE', `The ${kind} of ${p.start} has not begun`, { field: 'start' });
    return p;
  }

  /** A ranking of an area (staff with points.read there), from the rollup. */
  async ranking(actor: Actor, q: RankingQuery, now = new Date()) {
    assertCan(actor, 'points.read', q.region);
    const ledger = q.ledger ?? 'resident';
    const period = this.periodFor(q.period, q.start, now);
    await this.ensureFresh(ledger, period, now);
    const { content, settings } = await this.build(q.region, ledger, period, await this.repo.fromRollup(ledger, period, q.region));
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 200);
    const offset = Math.max(q.offset ?? 0, 0);
    const page = content.entries.slice(offset, offset + limit);
    const labels = await this.labels(page.map((e) => e.subject));
    return {
      period: periodView(period), closed: period.to.getTime() <= now.getTime(), region: q.region, ledger, aggregatesOnly: content.aggregatesOnly,
      switchFrom: settings.switchFrom, thresholds: content.thresholds, thresholdsFrom: settings.thresholdsFrom,
      total: content.entries.length, limit, offset, entries: page.map((e) => ({ ...e, label: labels[e.subject] ?? '' })),
      aggregates: content.aggregates, note: NOT_A_QUOTA,
    };
  }

  /** Rewrite the rollup of a period if it may be out of date: never written, written before a closed period ended, or an open one's older than a minute. */
  async ensureFresh(ledger: RankLedger, p: Period, now = new Date()): Promise<void> {
    const at = await this.repo.refreshedAt(ledger, p);
    const closed = p.to.getTime() <= now.getTime();
    if (at && (closed ? at.getTime() >= p.to.getTime() : now.getTime() - at.getTime() < OPEN_STALE_MS)) return;
    await this.repo.refresh(ledger, p, now);
  }

  /** The job: the open week, month and year of both ledgers (and the ones just closed, once). */
  async refreshOpen(now = new Date()): Promise<number> {
    let n = 0;
    for (const ledger of RANK_LEDGERS) {
      for (const kind of RANK_PERIODS) {
        const open = periodOf(kind, now);
        await this.repo.refresh(ledger, open, now);
        await this.ensureFresh(ledger, periodOf(kind, new Date(open.from.getTime() - 1)), now);
        n++;
      }
    }
    return n;
  }

  /** An area's thresholds and switch (the nearest covering rows; defaults where none). */
  async settings(actor: Actor, regionCode: string) {
    assertCan(actor, 'points.read', regionCode);
    const s = await this.repo.settingsFor(regionCode);
    return { regionCode, aggregatesOnly: s.aggregatesOnly, switchFrom: s.switchFrom, thresholds: s.thresholds ?? DEFAULT_THRESHOLDS, thresholdsFrom: s.thresholdsFrom, note: NOT_A_QUOTA };
  }

  /** Set an area's thresholds and/or switch (the administrator there); its places inherit them. Audited. */
  async putSettings(actor: Actor, regionCode: string, body: { aggregatesOnly?: boolean; thresholds?: Thresholds }) {
    assertCan(actor, 'points.manage', regionCode);
    if (body.thresholds) {
      for (const k of RANK_PERIODS) {
        if (body.thresholds[k].black >= body.thresholds[k].red) throw badRequest('VALIDATION_FAILED', `The ${k}'s black mark must be below its red mark`, { field: `thresholds.${k}` });
      }
    }
    await this.p.tx(async (tx) => {
      await this.repo.putSettings(tx, regionCode, body, actor.id);
      await writeAudit(tx, { actorId: actor.id, action: 'points.ranking_settings', entity: 'points_rank_settings', entityId: null, regionCode, details: { ...body } });
    });
    return this.settings(actor, regionCode);
  }

  /**
   * Publish the 红黑榜 of an area for a closed period (the administrator there): the content from the
   * rollup, its hash, on 公示 for the place's notice period. Publishing again answers the list that
   * stands (`created: false`), whatever changed since.
   */
  async publish(actor: Actor, input: { regionCode: string; ledger?: RankLedger; period: RankPeriod; start: string }, now = new Date()) {
    assertCan(actor, 'points.manage', input.regionCode);
    const ledger = input.ledger ?? 'resident';
    const period = this.periodFor(input.period, input.start, now);
    if (period.to.getTime() > now.getTime()) throw conflict('POINTS_RANK_PERIOD_OPEN', `The ${period.kind} of ${period.start} has not ended`, { field: 'start' });
    await this.ensureFresh(ledger, period, now);
    const { content } = await this.build(input.regionCode, ledger, period, await this.repo.fromRollup(ledger, period, input.regionCode));
    const labels = await this.labels(content.entries.map((e) => e.subject));
    const noticeUntil = await this.notice.until(input.regionCode, now);
    const out = await this.p.tx(async (tx) => {
      const r = await this.repo.insertList(tx, {
        id: uuidv7(now.getTime()), regionCode: input.regionCode, ledger, kind: period.kind, start: period.start, content: { ...content },
        labels, contentHash: hashOf(content), status: 'noticed', noticeUntil, publishedBy: actor.id, publishedAt: now,
      });
      if (r.created) await writeAudit(tx, { actorId: actor.id, action: 'points.ranking_published', entity: 'points_rank_list', entityId: r.list.id, regionCode: input.regionCode, details: { ledger, kind: period.kind, start: period.start, hash: r.list.contentHash } });
      return r;
    });
    return { created: out.created, list: await this.view(out.list, now) };
  }

  /** A published list: staff reading the area, and the people who live there (a 公示 is for them). */
  async get(actor: Actor, id: string, now = new Date()) {
    return this.view(await this.readable(actor, id), now);
  }

  /** The lists of the caller's area (or of one area in it), newest first. */
  async lists(actor: Actor, q: { region?: string; limit?: number }, now = new Date()) {
    if (q.region) assertCan(actor, 'points.read', q.region);
    const rows = await this.repo.lists(scopesFor(actor, 'points.read').map((s) => `${s}%`), q.region ?? null, Math.min(Math.max(q.limit ?? 50, 1), 200));
    return { items: await Promise.all(rows.map(async (r) => ({ ...summary(r, now) }))) };
  }

  /**
   * Recompute a list from the ledger with the thresholds and switch it was published with: the hash of
   * what the ledger says now, the hash of what is stored, and where they differ (a tampered row shows).
   */
  async verify(actor: Actor, id: string) {
    const list = await this.readable(actor, id);
    const stored = list.content as unknown as ListContent & { hiddenPlaces?: string[] };
    const period = periodNamed(list.kind as RankPeriod, list.start)!;
    const rows = await this.repo.fromLedger(list.ledger as RankLedger, period, list.regionCode);
    const content = this.contentOf(list.regionCode, list.ledger as RankLedger, period, rows, stored.thresholds, stored.aggregatesOnly, stored.hiddenPlaces ?? []);
    const ledgerHash = hashOf(content);
    const storedHash = hashOf(stored);
    const was = new Map(stored.entries.map((e) => [e.subject, e]));
    const differences = content.entries.filter((e) => { const s = was.get(e.subject); return !s || s.earned !== e.earned || s.rank !== e.rank || s.board !== e.board; })
      .concat(stored.entries.filter((s) => !content.entries.some((e) => e.subject === s.subject)).map((s) => ({ ...s, earned: 0, rank: 0, board: null })))
      .slice(0, 20).map((e) => ({ subject: e.subject, ledger: { earned: e.earned, rank: e.rank, board: e.board }, stored: was.has(e.subject) ? { earned: was.get(e.subject)!.earned, rank: was.get(e.subject)!.rank, board: was.get(e.subject)!.board } : null }));
    const aggregatesDiffer = JSON.stringify(content.aggregates) !== JSON.stringify(stored.aggregates);
    return { id: list.id, published: list.contentHash, ledger: ledgerHash, stored: storedHash, matches: ledgerHash === list.contentHash && storedHash === list.contentHash, aggregatesDiffer, differences };
  }

  /** 异议: a resident of the area objects while the list is on notice; the township then decides. */
  async object(actor: Actor, id: string, reason: string, now = new Date()) {
    const list = await this.readable(actor, id);
    if (!actor.homeRegionCode?.startsWith(scopeOfRegionCode(list.regionCode))) throw new AppError('POINTS_RANK_NOT_RESIDENT', 403, 'Only residents of the area may object to its list');
    return this.view(await this.p.tx(async (tx) => {
      const locked = (await this.repo.list(id, tx, true))!;
      const s = stepClaim(locked.status as ClaimStatus, { kind: 'object', now, noticeUntil: locked.noticeUntil });
      if (!s.ok) throw conflict('POINTS_RANK_NOTICE_CLOSED', 'The list is not on notice: no objection can be made now');
      await this.repo.insertObjection(tx, { id: uuidv7(now.getTime()), listId: id, objectorId: actor.id, reason: reason.trim() });
      return locked.status === 'objected' ? locked : this.repo.updateList(tx, id, { status: 'objected' });
    }), now);
  }

  /** 复核: the township upholds the list (back on notice until its period ends) or withdraws it (it may be published again). */
  async recheck(actor: Actor, id: string, input: { decision: 'uphold' | 'overturn'; reason: string }, now = new Date()) {
    const list = await this.readable(actor, id);
    if (!scopesFor(actor, 'points.recheck').some((s) => s.length <= 9 && list.regionCode.startsWith(s))) throw new AppError('POINTS_RECHECK_TOWNSHIP', 403, 'Objections are decided by the township');
    return this.view(await this.p.tx(async (tx) => {
      const locked = (await this.repo.list(id, tx, true))!;
      const s = stepClaim(locked.status as ClaimStatus, { kind: 'recheck', decision: input.decision });
      if (!s.ok) throw conflict('POINTS_RANK_NOT_OBJECTED', 'This list has no objection waiting for a decision');
      await writeAudit(tx, { actorId: actor.id, action: `points.ranking_recheck_${input.decision}`, entity: 'points_rank_list', entityId: id, regionCode: list.regionCode, details: { reason: input.reason } });
      return this.repo.updateList(tx, id, { status: s.to, decidedBy: actor.id, decisionReason: input.reason.trim() });
    }), now);
  }

  // ——— building a list ———

  private async build(area: string, ledger: RankLedger, p: Period, rows: SubjectRow[]) {
    const settings = await this.repo.settingsFor(area);
    // places below the area whose own switch is on: their subjects are ranked nowhere (nor counted by name)
    const scope = scopeOfRegionCode(area);
    const hidden = settings.aggregatesOnly ? [] : (await this.repo.switchedOn()).filter((s) => s.aggregatesOnly && s.regionCode !== area && scopeOfRegionCode(s.regionCode).startsWith(scope)).map((s) => scopeOfRegionCode(s.regionCode)).sort();
    const content = this.contentOf(area, ledger, p, rows, (settings.thresholds ?? DEFAULT_THRESHOLDS)[p.kind], settings.aggregatesOnly, hidden);
    return { content, settings };
  }

  private contentOf(area: string, ledger: RankLedger, p: Period, rows: SubjectRow[], thresholds: { red: number; black: number }, aggregatesOnly: boolean, hidden: string[]) {
    // a hidden place's subjects still count in the aggregates; only their names and ranks are left out
    const content = listContent({ regionCode: area, ledger, kind: p.kind, start: p.start, thresholds, aggregatesOnly }, rows);
    const shown = hidden.length ? content.entries.filter((e) => !hidden.some((h) => e.regionCode.startsWith(h))) : content.entries;
    return hidden.length ? { ...content, entries: shown, hiddenPlaces: hidden } : content;
  }

  /** Names as a list shows them: a household's name, a person's masked. */
  private async labels(subjects: string[]): Promise<Record<string, string>> {
    const people = subjects.filter((s) => s.startsWith('p:')).map((s) => s.slice(2));
    const homes = subjects.filter((s) => !s.startsWith('p:'));
    const none: Record<string, string> = {};
    const [names, houses] = await Promise.all([people.length ? this.users.namesOf(people) : none, homes.length && this.households.labelsOf ? this.households.labelsOf(homes) : none]);
    const out: Record<string, string> = {};
    for (const id of people) out[`p:${id}`] = maskName(names[id] ?? '') ?? '';
    for (const id of homes) out[id] = (houses[id] ?? '').split(' · ')[0];
    return out;
  }

  private async readable(actor: Actor, id: string): Promise<ListRow> {
    const list = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.list(id) : undefined;
    if (!list || !(can(actor, 'points.read', list.regionCode) || actor.homeRegionCode?.startsWith(scopeOfRegionCode(list.regionCode)))) throw notFound('POINTS_RANK_LIST_NOT_FOUND', 'No such list');
    return list;
  }

  private async view(list: ListRow, now: Date) {
    const c = list.content as unknown as ListContent;
    return {
      ...summary(list, now), thresholds: c.thresholds, aggregatesOnly: c.aggregatesOnly, objections: await this.repo.objections(list.id),
      entries: c.entries.map((e) => ({ ...e, label: list.labels[e.subject] ?? '' })), aggregates: c.aggregates, note: NOT_A_QUOTA,
    };
  }
}

const periodView = (p: Period) => ({ kind: p.kind, start: p.start, from: p.from.toISOString(), to: p.to.toISOString() });

/** A list's head; `noticed` past its notice reads as `posted` (it stands: nothing is left to decide). */
function summary(l: ListRow, now: Date) {
  const status = l.status === 'noticed' && l.noticeUntil.getTime() <= now.getTime() ? 'posted' : l.status;
  return {
    id: l.id, regionCode: l.regionCode, ledger: l.ledger as RankLedger, period: periodView(periodNamed(l.kind as RankPeriod, l.start)!), contentHash: l.contentHash,
    status: status as 'noticed' | 'objected' | 'posted' | 'voided', noticeUntil: l.noticeUntil.toISOString(), publishedAt: l.publishedAt.toISOString(), decisionReason: l.decisionReason,
  };
}
