/**
 * The case rollups (read models of the big screen): fed by every case event through the outbox, and
 * recomputed from the cases by `rebuild` (`vb dashboard rebuild`, which redoes the visit and points rollups too). Events carry the case as it is after
 * the transition (CasePayload), so a handler needs no read of the cases; the facts table orders them.
 */
import { caseDimensionsPage } from '../cases/index.ts';
import type { CasePayload } from '../cases/index.ts';
import { visitDimensionsPage } from '../partywork/index.ts';
import type { Platform } from '../platform/context.ts';
import { outboxHead, type DomainEvent } from '../platform/events.ts';
import { applyFact, clearAll, isEmpty, closedDayOf, dumpRollups, insertFacts, rollUpFacts, shanghaiDay, type Fact } from './rollup.repository.ts';
import type { PointsRollup } from './points-rollup.ts';
import { applyVisit, clearVisits, dumpVisitRollup, insertVisitFacts, rollUpVisitFacts } from './visit-rollup.repository.ts';

/** Cases read per page during a rebuild. */
const REBUILD_PAGE = 2000;

/** What a party visit event says of the visit (logged: not yet valued; reviewed: valued or not). */
export interface VisitEvent {
  id: number;
  regionCode: string | null;
  payload: { logId: string; visitedAt: string; decision?: 'valued' | 'rejected' };
}

export class RollupService {
  constructor(private p: Platform, readonly points: PointsRollup) {}

  /** A party visit logged or reviewed (the event's region is the task's place). */
  async onVisitEvent(e: VisitEvent): Promise<void> {
    if (!e.regionCode) return;
    const fact = { logId: e.payload.logId, day: shanghaiDay(e.payload.visitedAt), areaCode: e.regionCode, valued: e.payload.decision === 'valued', eventId: e.id };
    await this.p.tx((tx) => applyVisit(tx, fact));
  }

  /** A case event: the case's dimensions after it, applied once and in order (see applyFact). */
  async onCaseEvent(e: DomainEvent<CasePayload>): Promise<void> {
    const c = e.payload;
    if (!c.reportedAt || !c.villageCode) return; // every case has both; an odd payload is not worth a retry loop
    const fact: Fact = {
      caseId: c.caseId, day: shanghaiDay(c.reportedAt), villageCode: c.villageCode, categoryCode: c.categoryCode ?? '',
      source: c.source, state: c.state, level: c.level, closedDay: closedDayOf(c.state, c.closedAt), eventId: e.id,
    };
    await this.p.tx((tx) => applyFact(tx, fact));
  }

  /**
   * Recompute the facts and rollups from the cases, in one transaction (screens read the old figures
   * until it commits). The facts are stamped with the outbox's head as read before: events up to it are
   * in what the cases say now and are skipped if delivered later; newer ones apply on top.
   */
  async rebuild(): Promise<{ cases: number; visits: number; pointsRows: number }> {
    const head = await outboxHead(this.p.database);
    let cases = 0;
    await this.p.tx(async (tx) => {
      await clearAll(tx);
      for (let after: string | null = null; ;) {
        const page = await caseDimensionsPage(tx, after, REBUILD_PAGE);
        if (page.length === 0) break;
        await insertFacts(tx, page.map((c) => ({
          caseId: c.id, day: shanghaiDay(c.reported_at), villageCode: c.village_code, categoryCode: c.category_code ?? '',
          source: c.source, state: c.state, level: c.level, closedDay: closedDayOf(c.state, c.closed_at), eventId: head,
        })));
        cases += page.length;
        after = page[page.length - 1].id;
      }
      await rollUpFacts(tx);
    });
    const visits = await this.rebuildVisits(head);
    const points = await this.points.rebuild();
    return { cases, visits, pointsRows: points.rows };
  }

  /** The visit rollups from the visit logs (pages read through the party-work module's query function). */
  private async rebuildVisits(head: number): Promise<number> {
    let visits = 0;
    await this.p.tx(async (tx) => {
      await clearVisits(tx);
      for (let after: string | null = null; ;) {
        const page = await visitDimensionsPage(tx, after, REBUILD_PAGE);
        if (page.length === 0) break;
        await insertVisitFacts(tx, page.map((v) => ({ logId: v.id, day: shanghaiDay(v.visitedAt), areaCode: v.regionCode, valued: v.status === 'valued', eventId: head })));
        visits += page.length;
        after = page[page.length - 1].id;
      }
      await rollUpVisitFacts(tx);
    });
    return visits;
  }

  /** No fact yet (a database this module is new to): the start computes them. */
  async isEmpty(): Promise<boolean> {
    return isEmpty(this.p.db);
  }

  /** The rollups in full (tests). */
  async dump() {
    return { ...(await dumpRollups(this.p.db)), visits: await dumpVisitRollup(this.p.db), points: await this.points.dump() };
  }
}
