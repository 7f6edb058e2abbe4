/**
 * 村里投票 (issue 20 item 3): one ballot per verified resident or household, single choice or approval,
 * paper ballots entered by two clerks who must agree, turnout and the result published at close —
 * nothing but the turnout before.
 *
 * Secrecy: a phone ballot writes two rows in one transaction — the voter roll (poll_voters: who, no
 * choice) and an anonymous ballot (poll_ballots: the choice, with a random id and no voter, no time).
 * No column links the two, so who voted what cannot be joined; the roll's unique key makes a second
 * ballot a 409 with nothing written.
 */
import crypto from 'node:crypto';
import { assertCan, can, scopeOfRegionCode, type Actor, type Role } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import { iso } from '../platform/contract.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, conflict, forbidden, isUniqueViolation, notFound } from '../platform/errors.ts';
import { maskName, maskPhone } from '../platform/privacy.ts';
import type { HouseholdRoster, HouseholdsService } from '../households/index.ts';
import type { UsersService } from '../people/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { uuidv7 } from '../points/index.ts';
import { homeAreas, isTownship, isVillage, keysOf, mayRead, verifiedIn, voterKey } from './ideas-access.ts';
import type { NewPoll, PollView, VotedRoll } from './ideas.contract.ts';
import * as repo from './polls.repository.ts';

const pollMissing = () => notFound('POLL_NOT_FOUND', 'No such poll in your village');
const MODE_ZH = { person: '人', household: '户' } as const;
const day = (d: Date) => d.toISOString().slice(0, 10);

export class PollsService {
  constructor(
    private p: Platform,
    private households: HouseholdsService,
    private roster: HouseholdRoster,
    private users: UsersService,
    private regions: Pick<RegionsService, 'names' | 'tree'>,
  ) {}

  async create(actor: Actor, input: NewPoll, now = new Date()): Promise<PollView> {
    assertCan(actor, 'ideas.manage', input.regionCode);
    if (!isVillage(input.regionCode) && !isTownship(input.regionCode)) throw new AppError('IDEA_REGION_INVALID', 422, 'A poll belongs to a village or a township', { field: 'regionCode' });
    const options = input.options.map((o) => o.trim());
    if (new Set(options).size !== options.length) throw new AppError('POLL_INVALID', 422, 'Options repeat', { field: 'options' });
    const [opensAt, closesAt] = [new Date(input.opensAt), new Date(input.closesAt)];
    if (!(closesAt > opensAt)) throw new AppError('POLL_INVALID', 422, 'It closes after it opens', { field: 'closesAt' });
    const id = uuidv7(now.getTime());
    await this.p.tx(async (tx) => {
      await tx.insert(repo.polls).values({ id, regionCode: input.regionCode, question: input.question.trim(), options, choice: input.choice, voterMode: input.voterMode, opensAt, closesAt, createdBy: actor.id, createdAt: now });
      await writeAudit(tx, { actorId: actor.id, action: 'ideas.poll_create', entity: 'poll', entityId: id, regionCode: input.regionCode, details: { question: input.question } });
    });
    return this.get(actor, id, now);
  }

  async list(actor: Actor, q: { region?: string }, now = new Date()): Promise<{ items: PollView[] }> {
    let area: { codes: string[] } | { prefix: string };
    if (q.region && (can(actor, 'ideas.manage', q.region) || can(actor, 'ideas.count_paper', q.region))) area = { prefix: scopeOfRegionCode(q.region) };
    else if (q.region && !homeAreas(actor.homeRegionCode).includes(q.region)) throw forbidden('Not your village', { regionCode: q.region });
    else area = { codes: q.region ? [q.region] : homeAreas(actor.homeRegionCode).filter((c) => verifiedIn(actor, c)) };
    return { items: await this.present(actor, await repo.list(this.p.db, area, 100), now) };
  }

  async get(actor: Actor, id: string, now = new Date()): Promise<PollView> {
    return (await this.present(actor, [await this.readable(actor, id)], now))[0];
  }

  /** A phone ballot: the roll row and the anonymous ballot in one transaction (see the file's comment). */
  async vote(actor: Actor, id: string, input: { choices: number[] }, now = new Date()): Promise<PollView> {
    const found = await this.readable(actor, id);
    if (!verifiedIn(actor, found.regionCode)) throw new AppError('IDEA_NOT_VERIFIED', 403, 'Only residents of the area vote');
    this.checkChoices(found, input.choices);
    const key = await voterKey(this.households, actor.id, found.voterMode);
    await this.p.tx(async (tx) => {
      const poll = (await repo.poll(tx, id, 'share'))!;
      this.assertOpen(poll, now);
      try {
        await tx.insert(repo.pollVoters).values({ pollId: id, voterKey: key, userId: actor.id, votedOn: day(now) });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict('POLL_ALREADY_VOTED', `Already voted (one ballot per ${poll.voterMode})`, { mode: poll.voterMode, modeZh: MODE_ZH[poll.voterMode as 'person'] });
        throw err;
      }
      // a random id (not uuidv7: time-ordered ids would let the roll's order be matched to the ballots')
      await tx.insert(repo.pollBallots).values({ id: crypto.randomUUID(), pollId: id, choices: [...input.choices].sort((a, b) => a - b) });
    });
    return this.get(actor, id, now);
  }

  /**
   * A batch of paper ballots: the first clerk's entry waits; a second, different clerk enters the same
   * batch independently and it counts only when both agree (a disagreement is a 409 naming the option,
   * and nothing of the second entry is kept: both count again).
   */
  async enterPaper(actor: Actor, id: string, input: { label: string; ballots: number; counts: number[] }, now = new Date()): Promise<PollView> {
    const found = await this.readable(actor, id);
    assertCan(actor, 'ideas.count_paper', found.regionCode, pollMissing);
    const options = found.options;
    if (input.counts.length !== options.length) throw new AppError('POLL_INVALID', 422, 'One count per option', { field: 'counts' });
    const sum = input.counts.reduce((a, b) => a + b, 0);
    if (input.counts.some((c) => c > input.ballots) || (found.choice === 'single' && sum > input.ballots)) throw new AppError('POLL_INVALID', 422, 'More votes than ballots', { field: 'counts' });
    const label = input.label.trim();
    await this.p.tx(async (tx) => {
      const poll = (await repo.poll(tx, id, 'share'))!;
      if (poll.closedAt) throw conflict('POLL_CLOSED', 'The poll is closed');
      const batch = await repo.batch(tx, id, label);
      if (!batch) {
        await tx.insert(repo.pollPaperBatches).values({ id: uuidv7(now.getTime()), pollId: id, label, ballots: input.ballots, counts: input.counts, clerkA: actor.id, enteredAt: now });
        return;
      }
      if (batch.agreedAt) throw conflict('POLL_PAPER_DONE', 'This batch is already agreed');
      if (batch.clerkA === actor.id) throw conflict('POLL_SAME_CLERK', 'Another clerk must confirm the batch');
      if (batch.ballots !== input.ballots) throw conflict('POLL_PAPER_MISMATCH', `The clerks disagree on the number of ballots: ${batch.ballots} and ${input.ballots}`, { option: '选票张数', a: batch.ballots, b: input.ballots, index: -1 });
      const i = batch.counts.findIndex((c, k) => c !== input.counts[k]);
      if (i >= 0) throw conflict('POLL_PAPER_MISMATCH', `The clerks disagree on "${options[i]}": ${batch.counts[i]} and ${input.counts[i]}`, { option: options[i], a: batch.counts[i], b: input.counts[i], index: i });
      await tx.update(repo.pollPaperBatches).set({ clerkB: actor.id, agreedAt: now }).where(repo.batchById(batch.id));
      await writeAudit(tx, { actorId: actor.id, action: 'ideas.paper_agreed', entity: 'poll', entityId: id, regionCode: poll.regionCode, details: { label, ballots: input.ballots } });
    });
    return this.get(actor, id, now);
  }

  /**
   * The voted roll for the meeting: who already voted on the phone, so that the clerks hand no paper
   * ballot to them (or, per household, to their household). Read from the roll alone — it has no
   * choice and nothing joins it to a ballot — in name order, not the order they voted in. Opening it
   * is audited: it says who took part.
   */
  async votedRoll(actor: Actor, id: string, now = new Date()): Promise<VotedRoll> {
    const poll = await this.readable(actor, id);
    assertCan(actor, 'ideas.voted_roll', poll.regionCode, pollMissing);
    const rows = await repo.roll(this.p.db, id);
    const userIds = rows.map((r) => r.userId);
    const [names, phones, regionNames] = await Promise.all([this.users.namesOf(userIds), this.users.phonesOf(userIds), this.regions.names([poll.regionCode])]);
    const households = rows.some((r) => r.voterKey.startsWith('h:')) ? new Map((await this.roster.in(scopeOfRegionCode(poll.regionCode))).map((h) => [h.id, h])) : new Map();
    const items = rows.map((r) => {
      const hh = r.voterKey.startsWith('h:') ? households.get(r.voterKey.slice(2)) : undefined;
      return { name: maskName(names[r.userId]) ?? '', phone: maskPhone(phones[r.userId]), household: hh ? { name: maskName(hh.name) ?? '', address: hh.address } : null };
    }).sort((a, b) => (a.household?.address ?? '').localeCompare(b.household?.address ?? '', 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN') || (a.phone ?? '').localeCompare(b.phone ?? ''));
    await this.p.tx((tx) => writeAudit(tx, { actorId: actor.id, action: 'ideas.poll_roll', entity: 'poll', entityId: id, regionCode: poll.regionCode, details: { voters: rows.length } }));
    return {
      pollId: id, question: poll.question, regionName: regionNames[poll.regionCode] ?? poll.regionCode, voterMode: poll.voterMode as 'person',
      state: poll.closedAt ? 'closed' : now < poll.opensAt ? 'upcoming' : 'open', items, generatedAt: iso(now),
    };
  }

  /** Close a poll (staff, or the sweep at its closing time): turnout = voters / eligible, the result published. */
  async close(actor: Actor | null, id: string, now = new Date()): Promise<PollView | null> {
    const found = actor ? await this.readable(actor, id) : await repo.poll(this.p.db, id);
    if (!found) throw pollMissing();
    if (actor) assertCan(actor, 'ideas.manage', found.regionCode, pollMissing);
    // counted before the transaction (PGlite has one connection: nothing is read beside a running one)
    const eligible = await this.eligible(found.regionCode, found.voterMode);
    await this.p.tx(async (tx) => {
      const poll = (await repo.poll(tx, id, 'update'))!;
      if (poll.closedAt) return;
      const { counts, voters } = await repo.tally(tx, id, poll.options.length);
      await tx.update(repo.polls).set({ closedAt: now, eligible: Math.max(eligible, voters), turnout: voters, results: counts }).where(repo.pollById(id));
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'ideas.poll_close', entity: 'poll', entityId: id, regionCode: poll.regionCode, details: { voters, eligible } });
    });
    this.p.log.info({ pollId: id }, 'poll closed');
    return actor ? this.get(actor, id, now) : null;
  }

  /** The sweep: polls whose closing time passed are closed and published. */
  async closeDue(now = new Date()): Promise<number> {
    const due = await repo.due(this.p.db, now);
    for (const poll of due) await this.close(null, poll.id, now);
    return due.length;
  }

  /**
   * Who may vote: the residents (and party members) whose home is in the area; per household, the
   * area's households plus the residents in none (each counts alone).
   */
  async eligible(regionCode: string, mode: string): Promise<number> {
    const scope = scopeOfRegionCode(regionCode);
    const system: Actor = { id: '00000000-0000-0000-0000-000000000000', kind: 'staff', displayName: 'system', homeRegionCode: null, memberships: [{ role: 'admin', scope, regionCode, organisationId: null }] };
    const codes = (await this.regions.tree(system, 'microgrid')).map((r) => r.code).filter((c) => c.startsWith(scope));
    const roles: Role[] = ['resident', 'party_member'];
    const people = new Set((await Promise.all(roles.map((role) => this.users.contacts({ role, regionCodes: codes })))).flat().map((u) => u.id));
    if (mode !== 'household') return people.size;
    const households = await this.roster.in(scope);
    const inHousehold = new Set(households.flatMap((h) => h.memberIds));
    return households.length + [...people].filter((u) => !inHousehold.has(u)).length;
  }

  private checkChoices(poll: repo.PollRow, choices: number[]) {
    if (choices.some((c) => c >= poll.options.length) || (poll.choice === 'single' && choices.length !== 1)) throw new AppError('POLL_CHOICE_INVALID', 422, 'Choose one option (single) or at least one (approval)', { field: 'choices' });
  }

  private assertOpen(poll: repo.PollRow, now: Date) {
    if (poll.closedAt) throw conflict('POLL_CLOSED', 'The poll is closed');
    if (now < poll.opensAt || now >= poll.closesAt) throw conflict('POLL_NOT_OPEN', 'The poll is not open', { opensAt: iso(poll.opensAt).slice(0, 16).replace('T', ' '), closesAt: iso(poll.closesAt).slice(0, 16).replace('T', ' ') });
  }

  private async readable(actor: Actor, id: string): Promise<repo.PollRow> {
    const row = await repo.poll(this.p.db, id);
    if (!row || !mayRead(actor, row.regionCode)) throw pollMissing();
    return row;
  }

  private async present(actor: Actor, rows: repo.PollRow[], now: Date): Promise<PollView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const [voters, voted, names] = await Promise.all([repo.voterCounts(this.p.db, ids), repo.votedBy(this.p.db, ids, await keysOf(this.households, actor.id)), this.regions.names([...new Set(rows.map((r) => r.regionCode))])]);
    const out: PollView[] = [];
    for (const r of rows) {
      const staff = can(actor, 'ideas.manage', r.regionCode) || can(actor, 'ideas.count_paper', r.regionCode);
      const batches = staff ? await repo.batches(this.p.db, r.id) : [];
      const clerks = await this.users.namesOf(batches.flatMap((b) => [b.clerkA, ...(b.clerkB ? [b.clerkB] : [])]));
      const closed = !!r.closedAt;
      out.push({
        id: r.id, regionCode: r.regionCode, regionName: names[r.regionCode] ?? r.regionCode, question: r.question, options: r.options, choice: r.choice as 'single', voterMode: r.voterMode as 'person',
        opensAt: iso(r.opensAt), closesAt: iso(r.closesAt), state: closed ? 'closed' : now < r.opensAt ? 'upcoming' : 'open',
        voters: closed ? r.turnout ?? 0 : voters.get(r.id) ?? 0, eligible: closed ? r.eligible : null,
        turnout: closed && r.eligible ? Math.round(((r.turnout ?? 0) / r.eligible) * 1000) / 1000 : null,
        results: closed ? r.results : null, votedByMe: voted.has(r.id),
        paper: batches.map((b) => ({ label: b.label, ballots: b.ballots, counts: b.agreedAt ? b.counts : null, clerkA: clerks[b.clerkA] ?? '', clerkB: b.clerkB ? clerks[b.clerkB] ?? '' : null, agreed: !!b.agreedAt })),
      });
    }
    return out;
  }
}
