/**
 * 微改革金点子 (issue 20 item 3): a villager proposes, neighbours support, the threshold (or the support
 * deadline) puts the idea in review, and the village answers every one in public — adopted, not adopted
 * or merged, always with a reason. Adopted ideas carry progress milestones; 改革体验员 rate the result.
 * Transitions go through idea-machine.ts; the row is locked for each, and a support's row and the
 * idea's counter are written in one transaction (the unique voter key makes a second support a 409).
 */
import { assertCan, can, scopeOfRegionCode, staffScopes, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Db } from '../platform/db/index.ts';
import { emitEvent, NOTIFICATION_REQUESTED } from '../platform/events.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import type { HouseholdsService } from '../households/index.ts';
import type { UsersService } from '../people/index.ts';
import { uuidv7 } from '../points/index.ts';
import { acceptsSupport, isOverdue, step, type IdeaModel, type Outcome, type Refusal } from './idea-machine.ts';
import { homeAreas, isTownship, isVillage, keysOf, mayRead, verifiedIn, voterKey } from './ideas-access.ts';
import type { IdeaDetail, IdeaPage, IdeaView, NewIdea, OutcomeFigures, SimilarIdeas } from './ideas.contract.ts';
import * as repo from './ideas.repository.ts';
import { bigrams } from './search-text.ts';

/** What a new idea gets unless the village staff change it while it collects. */
export const IDEA_DEFAULTS = { threshold: 10, supportDays: 30, supportMode: 'person' as 'person' | 'household' };
const DAY = 86_400_000;

export const ideaMissing = () => notFound('IDEA_NOT_FOUND', 'No such idea in your village');
const notVerified = () => new AppError('IDEA_NOT_VERIFIED', 403, 'Only residents of the area may take part');
const MODE_ZH = { person: '人', household: '户' } as const;

const REFUSALS: Record<Refusal, (i: repo.IdeaRow) => AppError> = {
  SUPPORT_CLOSED: (i) => conflict('IDEA_SUPPORT_CLOSED', `Supports closed on ${i.supportDeadline.toISOString()}`, { deadline: i.supportDeadline.toISOString().slice(0, 10), state: i.state }),
  NOT_DUE: () => conflict('IDEA_SUPPORT_CLOSED', 'Not due'),
  ALREADY_ANSWERED: () => conflict('IDEA_ALREADY_ANSWERED', 'This idea has already been answered'),
  REASON_REQUIRED: () => new AppError('IDEA_REASON_REQUIRED', 422, 'An answer needs its reason', { field: 'reason' }),
  MERGE_TARGET_REQUIRED: () => new AppError('IDEA_MERGE_TARGET_INVALID', 422, 'Merge into another idea', { field: 'mergedInto' }),
  NOT_ADOPTED: () => conflict('IDEA_NOT_ADOPTED', 'Only an adopted idea has progress'),
  PROGRESS_BACKWARDS: (i) => new AppError('IDEA_PROGRESS_BACKWARDS', 422, `Progress is at ${i.progress} %`, { current: i.progress, field: 'progress' }),
};

const toModel = (r: repo.IdeaRow): IdeaModel => ({
  state: r.state as IdeaModel['state'], supports: r.supports, threshold: r.threshold, supportDeadline: r.supportDeadline.getTime(), reachedThreshold: r.reachedThreshold,
  answerDue: r.answerDue?.getTime() ?? null, outcome: r.outcome as Outcome | null, reason: r.outcomeReason, mergedInto: r.mergedInto, progress: r.progress,
});

/** The proposer's message on the public answer (the reason follows in the body). */
const ANSWER_NOTICE: Record<Outcome, (title: string, into: string) => string> = {
  adopted: (t) => `您的金点子已被采纳：${t}`,
  not_adopted: (t) => `您的金点子暂未采纳：${t}`,
  merged: (t, into) => `您的金点子「${t}」已并入「${into}」`,
};

/**
 * The proposer hears of the public answer and of each progress step through the notify module (the
 * platform's notification request, written in the same transaction: no answer without its message). The
 * bell always; an SMS for the answer and the end, the news a villager who rarely opens the app waits for.
 */
async function tellProposer(tx: Db, row: repo.IdeaRow, title: string, body: string, sms: boolean): Promise<void> {
  await emitEvent(tx, NOTIFICATION_REQUESTED, { recipients: [row.proposerId], title, body, link: `/app/ideas/${row.id}`, sms }, { regionCode: row.regionCode, aggregateId: row.id });
}

export interface RegionNames { names(codes: string[]): Promise<Record<string, string>> }

export class IdeasService {
  constructor(private p: Platform, private households: HouseholdsService, private users: UsersService, private regions: RegionNames) {}

  // ——— residents ———

  async propose(actor: Actor, input: NewIdea, now = new Date()): Promise<IdeaDetail> {
    const [village, township] = homeAreas(actor.homeRegionCode);
    const regionCode = input.township ? township : village;
    if (!regionCode || !verifiedIn(actor, regionCode)) throw notVerified();
    const photos = input.photoMediaIds ?? [];
    if (photos.length) {
      const have = await this.p.media.existing(this.p.db, photos);
      if (photos.some((m) => !have.has(m))) throw new AppError('IDEA_PHOTO_NOT_FOUND', 422, 'No such photo', { field: 'photoMediaIds' });
    }
    const id = uuidv7(now.getTime());
    await this.p.tx(async (tx) => {
      await tx.insert(repo.ideas).values({
        id, regionCode, title: input.title.trim(), body: input.body.trim(), searchText: bigrams(`${input.title} ${input.body}`), proposerId: actor.id, photoMediaIds: photos,
        lon: input.lon ?? null, lat: input.lat ?? null, state: 'collecting', supportMode: IDEA_DEFAULTS.supportMode, threshold: IDEA_DEFAULTS.threshold,
        supportDeadline: new Date(now.getTime() + IDEA_DEFAULTS.supportDays * DAY), createdAt: now, updatedAt: now,
      });
      await writeAudit(tx, { actorId: actor.id, action: 'ideas.propose', entity: 'idea', entityId: id, regionCode, details: { title: input.title } });
    });
    this.p.log.info({ ideaId: id, actorId: actor.id }, 'idea proposed');
    return this.detail(actor, id);
  }

  /** The ideas of my village and township (a resident), or of a region I manage (staff), by state. */
  async list(actor: Actor, q: { region?: string; state?: string; overdue?: boolean; mine?: boolean; limit?: number; offset?: number }): Promise<IdeaPage> {
    const area = this.areaFor(actor, q.region);
    const { rows, total } = await repo.list(this.p.db, area, {
      state: q.state, overdue: q.overdue, proposerId: q.mine ? actor.id : undefined, limit: Math.min(Math.max(q.limit ?? 50, 1), 200), offset: Math.max(q.offset ?? 0, 0),
    });
    return { items: await this.present(actor, rows), total };
  }

  /** The similar-idea hint while a villager types: the area's ideas that read alike (pg_trgm). */
  async similar(actor: Actor, q: { text: string; region?: string }): Promise<SimilarIdeas> {
    const text = q.text.trim();
    if (text.length < 2) return { items: [] };
    const area = this.areaFor(actor, q.region);
    // the threshold is the transaction's own setting (set_config … true)
    const words = bigrams(text);
    if (!words) return { items: [] };
    const items = await this.p.tx((tx) => repo.similar(tx, area, words, 5));
    return { items: items.map((i) => ({ ...i, state: i.state as IdeaView['state'], similarity: Math.round(Number(i.similarity) * 100) / 100 })) };
  }

  async detail(actor: Actor, id: string, now = new Date()): Promise<IdeaDetail> {
    const row = await this.readable(actor, id);
    const [view] = await this.present(actor, [row], now);
    const [milestones, officers] = await Promise.all([repo.milestones(this.p.db, id), repo.officers(this.p.db, id)]);
    const staff = can(actor, 'ideas.manage', row.regionCode);
    const supporterIds = staff ? await repo.supporters(this.p.db, id) : [];
    const names = await this.users.namesOf([...officers.map((o) => o.userId), ...supporterIds]);
    return {
      ...view,
      milestones: milestones.map((m) => ({ progress: m.progress, note: m.note, createdAt: iso(m.createdAt) })),
      officers: officers.map((o) => ({ name: (staff || o.userId === actor.id ? names[o.userId] : maskName(names[o.userId])) ?? '', stars: o.stars, comment: o.comment, ratedAt: isoOrNull(o.ratedAt) })),
      amOfficer: officers.some((o) => o.userId === actor.id),
      supporters: supporterIds.map((s) => ({ id: s, name: names[s] ?? '' })),
    };
  }

  /** Support an idea: one per person or household (unique in SQL: a second is a 409), before its deadline. */
  async support(actor: Actor, id: string, now = new Date()): Promise<IdeaDetail> {
    const found = await this.readable(actor, id);
    if (!verifiedIn(actor, found.regionCode)) throw notVerified();
    const key = await voterKey(this.households, actor.id, found.supportMode);
    await this.p.tx(async (tx) => {
      const row = (await repo.idea(tx, id, true))!;
      const r = step(toModel(row), { type: 'support', at: now.getTime() });
      if (!r.ok) throw REFUSALS[r.refusal](row);
      try {
        await tx.insert(repo.ideaSupports).values({ id: uuidv7(now.getTime()), ideaId: id, voterKey: key, supporterId: actor.id, createdAt: now });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('IDEA_ALREADY_SUPPORTED', `Already supported (one per ${row.supportMode})`, { mode: row.supportMode, modeZh: MODE_ZH[row.supportMode as 'person'] });
        throw err;
      }
      const reached = r.idea.state === 'under_review' && row.state === 'collecting';
      await tx.update(repo.ideas).set({
        supports: r.idea.supports, state: r.idea.state, reachedThreshold: r.idea.reachedThreshold, updatedAt: now,
        ...(reached ? { reviewSince: now, answerDue: new Date(r.idea.answerDue!) } : {}),
      }).where(repo.byId(id));
      if (reached) this.p.log.info({ ideaId: id }, 'idea reached its threshold: in review');
    });
    return this.detail(actor, id, now);
  }

  /** 改革体验员 rate the result of a done idea once: 1–5 stars with a comment. */
  async rate(actor: Actor, id: string, input: { stars: number; comment: string }, now = new Date()): Promise<IdeaDetail> {
    const row = await this.readable(actor, id);
    await this.p.tx(async (tx) => {
      const officers = await repo.officers(tx, id);
      const me = officers.find((o) => o.userId === actor.id);
      if (!me) throw new AppError('IDEA_NOT_OFFICER', 403, 'Only the idea\'s experience officers rate it');
      if (row.state !== 'done') throw conflict('IDEA_NOT_DONE', 'The result is rated once the idea is done');
      const done = await tx.update(repo.ideaOfficers).set({ stars: input.stars, comment: input.comment.trim() || null, ratedAt: now })
        .where(repo.officerUnrated(id, actor.id)).returning({ id: repo.ideaOfficers.userId });
      if (!done.length) throw conflict('IDEA_ALREADY_RATED', 'Already rated');
    });
    return this.detail(actor, id, now);
  }

  // ——— the village's staff ———

  /** The public answer: adopted, not adopted or merged into another idea of the area — always with a reason. */
  async answer(actor: Actor, id: string, input: { outcome: Outcome; reason: string; mergedInto?: string }, now = new Date()): Promise<IdeaDetail> {
    const found = await this.managed(actor, id);
    if (input.outcome === 'merged') {
      const target = input.mergedInto ? await repo.idea(this.p.db, input.mergedInto) : undefined;
      if (!target || target.id === id || target.regionCode !== found.regionCode || target.state === 'merged') {
        throw new AppError('IDEA_MERGE_TARGET_INVALID', 422, 'Merge into another idea of the same area', { field: 'mergedInto' });
      }
    }
    await this.p.tx(async (tx) => {
      const row = (await repo.idea(tx, id, true))!;
      const r = step(toModel(row), { type: 'answer', at: now.getTime(), outcome: input.outcome, reason: input.reason, mergedInto: input.mergedInto ?? null });
      if (!r.ok) throw REFUSALS[r.refusal](row);
      await tx.update(repo.ideas).set({ state: r.idea.state, outcome: r.idea.outcome, outcomeReason: r.idea.reason, mergedInto: r.idea.mergedInto, answeredAt: now, answeredBy: actor.id, updatedAt: now }).where(repo.byId(id));
      await writeAudit(tx, { actorId: actor.id, action: 'ideas.answer', entity: 'idea', entityId: id, regionCode: row.regionCode, details: { outcome: input.outcome } });
      const into = input.outcome === 'merged' ? (await repo.idea(tx, input.mergedInto!))?.title : undefined;
      await tellProposer(tx, row, ANSWER_NOTICE[input.outcome](row.title, into ?? ''), `村里的理由：${input.reason.trim()}${input.outcome === 'adopted' ? '。实施进度会在金点子里公布。' : ''}`, true);
    });
    this.p.log.info({ ideaId: id, actorId: actor.id, outcome: input.outcome }, 'idea answered');
    return this.detail(actor, id, now);
  }

  /** A progress milestone of an adopted idea (never backwards); 100 % makes it done. */
  async addMilestone(actor: Actor, id: string, input: { progress: number; note: string }, now = new Date()): Promise<IdeaDetail> {
    await this.managed(actor, id);
    await this.p.tx(async (tx) => {
      const row = (await repo.idea(tx, id, true))!;
      const r = step(toModel(row), { type: 'progress', at: now.getTime(), percent: input.progress });
      if (!r.ok) throw REFUSALS[r.refusal](row);
      await tx.insert(repo.ideaMilestones).values({ id: uuidv7(now.getTime()), ideaId: id, progress: input.progress, note: input.note.trim(), createdBy: actor.id, createdAt: now });
      await tx.update(repo.ideas).set({ progress: r.idea.progress, state: r.idea.state, updatedAt: now }).where(repo.byId(id));
      const done = r.idea.state === 'done';
      await tellProposer(tx, row, done ? `您的金点子已完成：${row.title}` : `您的金点子进度 ${input.progress}%：${row.title}`, input.note.trim(), done);
    });
    return this.detail(actor, id, now);
  }

  /** Name a resident of the idea's area 改革体验员 of an adopted (or done) idea. */
  async nameOfficer(actor: Actor, id: string, userId: string, now = new Date()): Promise<IdeaDetail> {
    const row = await this.managed(actor, id);
    if (row.state !== 'adopted' && row.state !== 'done') throw conflict('IDEA_NOT_ADOPTED', 'Only an adopted idea has experience officers');
    const person = await this.users.view(userId).catch(() => null);
    if (!person || person.disabled || !person.homeRegionCode?.startsWith(scopeOfRegionCode(row.regionCode))) throw new AppError('IDEA_OFFICER_INVALID', 422, 'Not a resident of the idea\'s area', { field: 'userId' });
    await this.p.db.insert(repo.ideaOfficers).values({ ideaId: id, userId, namedBy: actor.id, namedAt: now }).onConflictDoNothing();
    return this.detail(actor, id, now);
  }

  /** While it collects, the staff may set the threshold, the deadline and one support per person or household. */
  async configure(actor: Actor, id: string, input: { threshold?: number; supportMode?: 'person' | 'household'; supportDeadline?: string }, now = new Date()): Promise<IdeaDetail> {
    await this.managed(actor, id);
    await this.p.tx(async (tx) => {
      const row = (await repo.idea(tx, id, true))!;
      if (row.state !== 'collecting' || (input.supportMode && input.supportMode !== row.supportMode && row.supports > 0)) throw conflict('IDEA_ALREADY_ANSWERED', 'Settings change only while collecting, the mode before the first support');
      const threshold = input.threshold ?? row.threshold;
      const reached = row.supports >= threshold;
      await tx.update(repo.ideas).set({
        threshold, supportMode: input.supportMode ?? row.supportMode, supportDeadline: input.supportDeadline ? new Date(input.supportDeadline) : row.supportDeadline, updatedAt: now,
        ...(reached ? { state: 'under_review', reachedThreshold: true, reviewSince: now, answerDue: new Date(now.getTime() + 15 * DAY) } : {}),
      }).where(repo.byId(id));
    });
    return this.detail(actor, id, now);
  }

  /** Does every idea get its public outcome? The figure of an area and its late answers. */
  async outcomes(actor: Actor, region: string, now = new Date()): Promise<OutcomeFigures> {
    assertCan(actor, 'ideas.manage', region);
    const area = { prefix: scopeOfRegionCode(region) };
    const [f, late] = await Promise.all([repo.outcomeFigures(this.p.db, area, now), repo.overdueIdeas(this.p.db, area, now)]);
    const closed = f.total - f.collecting;
    return { regionCode: region, ...f, answeredShare: closed ? Math.round((f.answered / closed) * 1000) / 1000 : null, overdueIdeas: await this.present(actor, late, now) };
  }

  /** The sweep (every minute): ideas past their support deadline go to review; late answers are flagged. */
  async sweep(now = new Date()): Promise<{ toReview: number; overdue: number }> {
    const toReview = await repo.reviewExpired(this.p.db, now);
    const late = await repo.flagOverdue(this.p.db, now);
    if (late.length) this.p.log.info({ count: late.length }, 'idea answers overdue');
    return { toReview, overdue: late.length };
  }

  /** Who may see an idea's photo: the people of its area. */
  async photoReaders(mediaId: string) {
    const rows = await repo.ideasWithPhoto(this.p.db, mediaId);
    return { regionCodes: rows.map((r) => r.regionCode), userIds: [] };
  }

  // ——— helpers ———

  private areaFor(actor: Actor, region?: string): repo.Area {
    if (region) {
      if (can(actor, 'ideas.manage', region) || can(actor, 'ideas.count_paper', region)) return { prefix: scopeOfRegionCode(region) };
      if (homeAreas(actor.homeRegionCode).includes(region) && verifiedIn(actor, region)) return { codes: [region] };
      throw forbidden('Not your village', { regionCode: region });
    }
    const home = homeAreas(actor.homeRegionCode).filter((c) => verifiedIn(actor, c));
    if (home.length) return { codes: home };
    const scopes = staffScopes(actor).filter((s) => can(actor, 'ideas.manage', s));
    if (scopes.length) return { prefix: scopes[0] };
    return { codes: [] };
  }

  private async readable(actor: Actor, id: string): Promise<repo.IdeaRow> {
    const row = await repo.idea(this.p.db, id);
    if (!row || !mayRead(actor, row.regionCode)) throw ideaMissing();
    return row;
  }

  private async managed(actor: Actor, id: string): Promise<repo.IdeaRow> {
    const row = await repo.idea(this.p.db, id);
    if (!row) throw ideaMissing();
    assertCan(actor, 'ideas.manage', row.regionCode, ideaMissing);
    return row;
  }

  async present(actor: Actor, rows: repo.IdeaRow[], now = new Date()): Promise<IdeaView[]> {
    if (!rows.length) return [];
    const [names, regionNames, keys, merged] = await Promise.all([
      this.users.namesOf(rows.map((r) => r.proposerId)), this.regions.names([...new Set(rows.map((r) => r.regionCode))]),
      keysOf(this.households, actor.id), repo.ideasByIds(this.p.db, rows.map((r) => r.mergedInto).filter((x): x is string => !!x)),
    ]);
    const supported = await repo.supportedBy(this.p.db, rows.map((r) => r.id), keys);
    const titles = new Map(merged.map((m) => [m.id, m.title]));
    return rows.map((r) => {
      const staff = can(actor, 'ideas.manage', r.regionCode);
      return {
        id: r.id, regionCode: r.regionCode, regionName: regionNames[r.regionCode] ?? r.regionCode, title: r.title, body: r.body, state: r.state as IdeaView['state'],
        supportMode: r.supportMode as 'person', threshold: r.threshold, supports: r.supports, supportDeadline: iso(r.supportDeadline), reachedThreshold: r.reachedThreshold,
        answerDue: isoOrNull(r.answerDue), overdue: isOverdue(toModel(r), now.getTime()), outcome: r.outcome as Outcome | null, outcomeReason: r.outcomeReason,
        mergedInto: r.mergedInto ? { id: r.mergedInto, title: titles.get(r.mergedInto) ?? '' } : null, answeredAt: isoOrNull(r.answeredAt), progress: r.progress,
        proposerName: (staff || r.proposerId === actor.id ? names[r.proposerId] : maskName(names[r.proposerId])) ?? '',
        mine: r.proposerId === actor.id, supportedByMe: supported.has(r.id), canSupport: verifiedIn(actor, r.regionCode) && acceptsSupport(toModel(r), now.getTime()) && !supported.has(r.id),
        photoUrls: r.photoMediaIds.map((m) => `/api/media/${m}/thumb`), lon: r.lon, lat: r.lat, createdAt: iso(r.createdAt),
      };
    });
  }
}

export { isTownship, isVillage };
