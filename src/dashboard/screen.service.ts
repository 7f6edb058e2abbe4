/**
 * The big screen (大屏) of a region, presented: today's counters, the 30-day trend, cases by source
 * and state, the villages' ranking (from the rollups), the ticker and the pins (the cases module's
 * query function), reservoirs and cameras by state (their modules' services). Who may see it is decided
 * before: a person with `screen.view` in the region, or a kiosk token of that region (routes).
 */
import { computeKpis, OPEN_STATES, screenCases, type ScreenCase } from '../cases/index.ts';
import type { CamerasService } from '../cameras/index.ts';
import { assertCan, scopeOfRegionCode, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { outboxHead } from '../platform/events.ts';
import { parseRegionCode, type RegionsService } from '../regions/index.ts';
import type { MemberIndexService, PartySummaryQueries } from '../partywork/index.ts';
import type { SensorsService } from '../sensors/index.ts';
import type { IndustryBoard, PartyBoard, ScreenFrame, ScreenMap, ScreenView, ServiceBoard } from './dashboard.contract.ts';
import { closedSince, reportedSince, shanghaiDay } from './rollup.repository.ts';
import { serviceBoard } from './service-board.ts';
import { industryBoard } from './industry-board.ts';
import type { PointsRollup } from './points-rollup.ts';
import { visitsByMonth } from './visit-rollup.repository.ts';

export const TREND_DAYS = 30;
const TICKER = 12;
const PINS = 500;
const RANKED = 10;
/** How long one reading of a region's figures is shared between the screens that ask. */
const SHARE_MS = 1_000;
/** How often the wall re-reads a panel without news (the stream brings news sooner): the stale badge shows after twice this. */
export const INTERVAL_SEC = { counters: 60, trend: 300, lists: 60, things: 120, party: 300 } as const;
/** The 数字党建 board's trend: this month and the eleven before. */
const PARTY_MONTHS = 12;
const PARTY_BRANCHES = 10;

const noScreen = () => new AppError('SCREEN_NOT_FOUND', 404, 'No screen for this region');

const sumBy = <T>(rows: T[], key: (r: T) => string, n: (r: T) => number) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
};

export class ScreenService {
  constructor(
    private p: Platform,
    private regions: RegionsService,
    private sensors: SensorsService,
    private cameras: CamerasService,
    private party: PartySummaryQueries,
    private partyIndex: MemberIndexService,
    private points: PointsRollup,
  ) {}

  /** A staff member's screen: `screen.view` in the region, else a 404 (the region's existence does not leak). */
  assertViewer(actor: Actor, regionCode: string): void {
    assertCan(actor, 'screen.view', regionCode, noScreen);
  }

  /** The region a screen may show: a district, township or village that exists. */
  async region(code: string): Promise<{ code: string; name: string; level: string }> {
    let level: string;
    try {
      level = parseRegionCode(code).level;
    } catch {
      throw noScreen();
    }
    if (!['province', 'city', 'district', 'township', 'village'].includes(level)) throw noScreen();
    const name = (await this.regions.names([code]))[code];
    if (!name) throw noScreen();
    return { code, name, level };
  }

  /**
   * Reservoirs and cameras are read through their modules' services, which scope by a reader's staff
   * area: the screen reads as its region, never wider (this reader is not stored or handed out).
   */
  private reader(regionCode: string): Actor {
    return { id: '00000000-0000-0000-0000-000000000000', kind: 'staff', displayName: 'screen', homeRegionCode: regionCode,
      memberships: [{ role: 'leader', scope: scopeOfRegionCode(regionCode), regionCode, organisationId: null }] };
  }

  /**
   * The screen's figures, shared for a second between the walls and people watching the same region
   * while no event happened (a burst of case events makes every open screen re-read, and they would all
   * ask the same): keyed on the outbox's head, so a screen told of a change never gets figures from before it.
   */
  async view(regionCode: string): Promise<ScreenView> {
    const now = Date.now();
    const head = await this.freshHead();
    for (const [k, v] of this.recent) if (now - v.at > SHARE_MS) this.recent.delete(k);
    const hit = this.recent.get(regionCode);
    if (hit && hit.head === head) return hit.view;
    const view = this.compute(regionCode, head);
    this.recent.set(regionCode, { at: now, head, view });
    view.catch(() => this.recent.delete(regionCode));
    return view;
  }

  private recent = new Map<string, { at: number; head: number; view: Promise<ScreenView> }>();

  private headInFlight: Promise<number> | null = null;
  private headNext: Promise<number> | null = null;

  /**
   * The outbox's head as read *after* the call (so figures keyed on it include every event the caller was
   * told of), shared like a group commit: 500 walls told of one case at once cause one read in flight and
   * one more after it, not 500.
   */
  private freshHead(): Promise<number> {
    if (!this.headInFlight) {
      const read = outboxHead(this.p.database).finally(() => {
        if (this.headInFlight === read) this.headInFlight = null;
      });
      return (this.headInFlight = read);
    }
    this.headNext ??= this.headInFlight.catch(() => 0).then(() => {
      this.headNext = null;
      return this.freshHead();
    });
    return this.headNext;
  }

  /**
   * A case of this village changed in the rollups: figures read before are not shared any more (they may
   * have been read after the event was written but before the rollups took it in). Another server process
   * shares its own for at most SHARE_MS, and its walls re-read within a minute anyway.
   */
  forget(villageCode: string): void {
    for (const region of this.recent.keys()) if (villageCode.startsWith(scopeOfRegionCode(region))) this.recent.delete(region);
  }

  /** The figures as of now; `eventHead` is the outbox's head read before them. */
  async compute(regionCode: string, eventHead: number, now = new Date()): Promise<ScreenView> {
    const region = await this.region(regionCode);
    const scope = scopeOfRegionCode(regionCode);
    const today = shanghaiDay(now);
    const from = shanghaiDay(new Date(now.getTime() - (TREND_DAYS - 1) * 86_400_000));
    const db = this.p.db;
    const [reported, closed, [kpi], cases, assets, cams, rain] = await Promise.all([
      reportedSince(db, scope, from),
      closedSince(db, scope, from),
      computeKpis(db, { scope, from: new Date(now.getTime() - 30 * 86_400_000), to: now, groupBy: 'none' }),
      screenCases(db, scope, { ticker: TICKER, pins: PINS }),
      this.sensors.overview(this.reader(regionCode)),
      this.cameras.list(this.reader(regionCode)),
      this.sensors.rain(this.reader(regionCode), now),
    ]);
    const asOf = new Date().toISOString();
    const counted = reported.filter((r) => r.state !== 'MERGED');
    const byDay = sumBy(counted, (r) => r.day, (r) => r.cases);
    const closedByDay = new Map(closed.map((c) => [c.day, c.cases]));
    const days = Array.from({ length: TREND_DAYS }, (_, i) => shanghaiDay(new Date(now.getTime() - (TREND_DAYS - 1 - i) * 86_400_000)));
    const villageNames = await this.regions.names([...new Set([...counted.map((r) => r.villageCode), ...cases.reported.map((c) => c.villageCode), ...cases.closed.map((c) => c.villageCode)])]);
    const openStates = new Set<string>(OPEN_STATES);
    const openRows = counted.filter((r) => openStates.has(r.state));
    const openByVillage = sumBy(openRows, (r) => r.villageCode, (r) => r.cases);
    const byVillage = [...sumBy(counted, (r) => r.villageCode, (r) => r.cases)].map(([code, n]) => ({
      code, name: villageNames[code] ?? code, reported: n, open: openByVillage.get(code) ?? 0,
    })).sort((a, b) => b.reported - a.reported || a.code.localeCompare(b.code)).slice(0, RANKED);
    const list = (m: Map<string, number>, key: string) => [...m].map(([k, count]) => ({ [key]: k, count })).sort((a, b) => b.count - a.count) as never;
    const ticker = [
      ...cases.reported.map((c) => this.tick(c, 'reported', villageNames)),
      ...cases.closed.map((c) => this.tick(c, 'closed', villageNames)),
    ].sort((a, b) => b.at.localeCompare(a.at)).slice(0, TICKER);
    const panel = (intervalSec: number) => ({ asOf, intervalSec });
    return {
      region, eventHead,
      counters: {
        ...panel(INTERVAL_SEC.counters),
        reportedToday: byDay.get(today) ?? 0, closedToday: closedByDay.get(today) ?? 0,
        open: openRows.reduce((a, r) => a + r.cases, 0),
        onTimeRate: kpi?.onTimeRate ?? null, satisfaction: kpi?.satisfaction ?? null,
      },
      trend: { ...panel(INTERVAL_SEC.trend), days: days.map((day) => ({ day, reported: byDay.get(day) ?? 0, closed: closedByDay.get(day) ?? 0 })) },
      bySource: { ...panel(INTERVAL_SEC.lists), items: list(sumBy(counted, (r) => r.source, (r) => r.cases), 'source') },
      byState: { ...panel(INTERVAL_SEC.lists), items: list(sumBy(counted, (r) => r.state, (r) => r.cases), 'state') },
      villages: { ...panel(INTERVAL_SEC.lists), items: byVillage },
      ticker: { ...panel(INTERVAL_SEC.lists), items: ticker },
      pins: { ...panel(INTERVAL_SEC.lists), items: cases.open.map((c) => ({ caseId: c.id, no: c.no, state: c.state, category: c.category, lon: c.lon, lat: c.lat })) },
      reservoirs: {
        ...panel(INTERVAL_SEC.things), total: assets.length, byState: list(sumBy(assets, (a) => a.state, () => 1), 'state'),
        items: assets.map((a) => ({ name: a.name, state: a.state, lon: a.lon, lat: a.lat })),
      },
      cameras: {
        ...panel(INTERVAL_SEC.things), total: cams.length, byState: list(sumBy(cams, (c) => c.state, () => 1), 'state'),
        items: cams.map((c) => ({ name: c.name, state: c.state, lon: c.lon, lat: c.lat })),
      },
      rain: { ...panel(INTERVAL_SEC.things), summary: rain },
    };
  }

  /**
   * The 数字党建 board: members and branches of the area, visits today and this month, the twelve months'
   * visits (rollup), and this month's branches by their members' average index — read as the region, so
   * an area whose switch shows only aggregates still shows its branches (no member is named here at all).
   */
  async partyBoard(regionCode: string, now = new Date()): Promise<PartyBoard> {
    const region = await this.region(regionCode);
    const scope = scopeOfRegionCode(regionCode);
    const today = shanghaiDay(now);
    const months = Array.from({ length: PARTY_MONTHS }, (_, i) => {
      const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - (PARTY_MONTHS - 1 - i));
      return d.toISOString().slice(0, 7);
    });
    const [counts, visits, ranking] = await Promise.all([
      this.party.counts(scope),
      visitsByMonth(this.p.db, scope, `${months[0]}-01`, today),
      this.partyIndex.rankings(this.reader(regionCode), { region: regionCode, period: 'month', limit: PARTY_BRANCHES }),
    ]);
    const byMonth = new Map(visits.months.map((m) => [m.month, m]));
    const thisMonth = byMonth.get(months[PARTY_MONTHS - 1]);
    const asOf = new Date().toISOString();
    const panel = { asOf, intervalSec: INTERVAL_SEC.party };
    return {
      region,
      counts: { ...panel, ...counts, visitsToday: visits.today, visitsMonth: thisMonth?.visits ?? 0, valuedMonth: thisMonth?.valued ?? 0 },
      trend: { ...panel, months: months.map((month) => ({ month, visits: byMonth.get(month)?.visits ?? 0, valued: byMonth.get(month)?.valued ?? 0 })) },
      branches: {
        ...panel, period: ranking.period.start,
        items: ranking.branches.slice(0, PARTY_BRANCHES).map((b) => ({ rank: b.rank, name: b.branchName, members: b.members, average: b.average, valuedLogs: b.valuedLogs })),
      },
    };
  }

  /** The 智慧便民 board (service-board.ts). */
  async serviceBoard(regionCode: string): Promise<ServiceBoard> {
    return serviceBoard(this.p, this.points, await this.region(regionCode));
  }

  async industryBoard(regionCode: string): Promise<IndustryBoard> {
    return industryBoard(this.p, await this.region(regionCode), (codes) => this.regions.names(codes));
  }

  private tick(c: ScreenCase, kind: 'reported' | 'closed', names: Record<string, string>) {
    return { caseId: c.id, no: c.no, kind, categoryCode: c.categoryCode, category: c.category, villageCode: c.villageCode, village: names[c.villageCode] ?? null, state: c.state, at: c.at };
  }

  /** The region's outline and what lies in it with boundaries: townships and villages, or a village's grids. */
  async map(regionCode: string): Promise<ScreenMap> {
    await this.region(regionCode);
    const scope = scopeOfRegionCode(regionCode);
    const all = await this.regions.baseMap();
    const self = all.find((r) => r.code === regionCode);
    if (!self) throw noScreen();
    const strip = (r: (typeof all)[number]) => ({ code: r.code, name: r.name, level: r.level, centerLon: r.centerLon, centerLat: r.centerLat, geometry: r.geometry as Record<string, unknown> | null });
    // a village's screen shows its grids (the last step of 区 → 镇 → 村 → 网格)
    const below = self.level === 'village' ? await this.regions.gridsOf(regionCode) : all.filter((r) => r.code !== regionCode && r.code.startsWith(scope));
    return { region: strip(self), areas: below.map(strip) };
  }

  /** What the screen's stream sends of an event: a case event of the region, as a small frame; nothing else. */
  frameFilter(regionCode: string): (e: { type: string; regionCode: string | null; payload: unknown }) => ScreenFrame | null {
    const scope = scopeOfRegionCode(regionCode);
    return (e) => {
      if (!e.type.startsWith('case.') || !e.regionCode?.startsWith(scope)) return null;
      const c = e.payload as { no?: string; state?: string; action?: string; villageCode?: string; categoryCode?: string | null };
      return { no: c.no ?? '', state: c.state ?? '', action: c.action ?? '', villageCode: c.villageCode ?? '', categoryCode: c.categoryCode ?? null };
    };
  }
}
