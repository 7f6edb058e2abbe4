/**
 * What the big screen's routes answer. Every panel carries its data time (`asOf`) and how often the
 * server expects to refresh it (`intervalSec`): the wall marks a panel stale when its data is older
 * than twice that. Only aggregates and case numbers travel: no titles, names or phone numbers.
 */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable } from '../platform/contract.ts';
import { RainSummary } from '../sensors/index.ts';

const Panel = <P extends Record<string, import('typebox').TSchema>>(props: P) =>
  Type.Object({ asOf: DateTime, intervalSec: Type.Integer(), ...props });

const SourceCount = Type.Object({ source: Type.String(), count: Type.Integer() });
const StateCount = Type.Object({ state: Type.String(), count: Type.Integer() });

export const TickerItem = Type.Object({
  caseId: Type.String(), no: Type.String(),
  /** reported: a new case; closed: 办结 */
  kind: Type.Union([Type.Literal('reported'), Type.Literal('closed')]),
  categoryCode: Nullable(Type.String()), category: Nullable(Type.String()),
  villageCode: Type.String(), village: Nullable(Type.String()), state: Type.String(), at: DateTime,
});

export const Pin = Type.Object({ caseId: Type.String(), no: Type.String(), state: Type.String(), category: Nullable(Type.String()), lon: Type.Number(), lat: Type.Number() });

export const ThingOnMap = Type.Object({ name: Type.String(), state: Type.String(), lon: Type.Number(), lat: Type.Number() });

export const ScreenView = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  /** The newest outbox event when the figures were read: a stream opened after resumes from it. */
  eventHead: Type.Integer(),
  counters: Panel({
    reportedToday: Type.Integer(), closedToday: Type.Integer(),
    /** Cases reported in the last 30 days (the rollups' window) and still open. */
    open: Type.Integer(),
    /** 按期结案率 and 满意率 over the last 30 days, percent (null: nothing due or rated). */
    onTimeRate: Nullable(Type.Number()), satisfaction: Nullable(Type.Number()),
  }),
  trend: Panel({ days: Type.Array(Type.Object({ day: Type.String(), reported: Type.Integer(), closed: Type.Integer() })) }),
  bySource: Panel({ items: Type.Array(SourceCount) }),
  byState: Panel({ items: Type.Array(StateCount) }),
  villages: Panel({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), reported: Type.Integer(), open: Type.Integer() })) }),
  ticker: Panel({ items: Type.Array(TickerItem) }),
  pins: Panel({ items: Type.Array(Pin) }),
  reservoirs: Panel({ total: Type.Integer(), byState: Type.Array(StateCount), items: Type.Array(ThingOnMap) }),
  cameras: Panel({ total: Type.Integer(), byState: Type.Array(StateCount), items: Type.Array(ThingOnMap) }),
  /** 雨情 for the title bar, from the area's rain gauges (the sensors module's rain summary). */
  rain: Panel({ summary: RainSummary }),
});
export type ScreenView = Static<typeof ScreenView>;

/** The 数字党建 board: the register's counts, visits (走亲打卡) by month, the branches' index ranking — aggregates only. */
export const PartyBoard = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  counts: Panel({
    /** every member of the area, and how many of them are retired */
    members: Type.Integer(), retired: Type.Integer(), branches: Type.Integer(),
    visitsToday: Type.Integer(), visitsMonth: Type.Integer(), valuedMonth: Type.Integer(),
  }),
  trend: Panel({ months: Type.Array(Type.Object({ month: Type.String(), visits: Type.Integer(), valued: Type.Integer() })) }),
  /** This month's branches by average member index (党员服务力), no person named. */
  branches: Panel({ period: Type.String(), items: Type.Array(Type.Object({ rank: Type.Integer(), name: Type.String(), members: Type.Integer(), average: Type.Number(), valuedLogs: Type.Integer() })) }),
});
export type PartyBoard = Static<typeof PartyBoard>;

/**
 * The 智慧便民 board: what people asked for through their own channels (村民, 游客, 热线, Open311) and how
 * it was answered, and the points the area's residents earned this month by rule — aggregates only.
 */
export const ServiceBoard = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  counts: Panel({
    reportedToday: Type.Integer(), reported30: Type.Integer(), closed30: Type.Integer(),
    /** 首次响应 and 满意率 of the area's cases over the last 30 days (null: nothing to measure) */
    firstResponseMinutes: Nullable(Type.Number()), satisfaction: Nullable(Type.Number()),
  }),
  trend: Panel({ days: Type.Array(Type.Object({ day: Type.String(), reported: Type.Integer(), closed: Type.Integer() })) }),
  bySource: Panel({ items: Type.Array(SourceCount) }),
  points: Panel({
    /** the month (YYYY-MM, Asia/Shanghai) */
    month: Type.String(), earned: Type.Integer(), people: Type.Integer(),
    byRule: Type.Array(Type.Object({ rule: Type.String(), points: Type.Integer() })),
  }),
});
export type ServiceBoard = Static<typeof ServiceBoard>;

const Count = Type.Integer({ minimum: 0 });
export const IndustryBoard = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  /** published listings per kind (homestay, restaurant, sight, venue, shop, toilet, parking, product, enterprise, workshop) */
  places: Panel({ byKind: Type.Record(Type.String(), Count), products: Count }),
  homestays: Panel({ total: Count, rooms: Count, byGrade: Type.Record(Type.String(), Count, { description: 'platinum 白金宿, gold 金宿, silver 银宿, ungraded' }) }),
  /** enterprises and 共富工坊, largest yearly output first (at most 12) */
  units: Panel({
    totals: Type.Object({ enterprises: Count, workshops: Count, employees: Count, jobsForVillagers: Count, yearlyOutputWan: Type.Number() }),
    items: Type.Array(Type.Object({
      name: Type.String(), kind: Type.Union([Type.Literal('enterprise'), Type.Literal('workshop')]), village: Type.String(), industry: Nullable(Type.String()),
      employees: Nullable(Type.Integer()), jobsForVillagers: Nullable(Type.Integer()), yearlyOutputWan: Nullable(Type.Number()),
    })),
  }),
});
export type IndustryBoard = Static<typeof IndustryBoard>;

export const ScreenMap = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), centerLon: Nullable(Type.Number()), centerLat: Nullable(Type.Number()), geometry: Nullable(AnyObject) }),
  /** The region's villages (for a district, its townships and villages; for a village, its grids) with their boundaries. */
  areas: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), centerLon: Nullable(Type.Number()), centerLat: Nullable(Type.Number()), geometry: Nullable(AnyObject) })),
});
export type ScreenMap = Static<typeof ScreenMap>;

export const Kiosk = Type.Object({
  id: Type.String(), regionCode: Type.String(), name: Type.String(), createdAt: DateTime, expiresAt: DateTime,
  revokedAt: Nullable(DateTime), lastSeenAt: Nullable(DateTime),
  state: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});
export type Kiosk = Static<typeof Kiosk>;

/** A new kiosk token: the token is in this answer only (with the wall's address). */
export const NewKiosk = Type.Object({ kiosk: Kiosk, token: Type.String(), url: Type.String() });
export type NewKiosk = Static<typeof NewKiosk>;

/** What the screen's stream sends per case event of its area: enough to refresh, no personal data. */
export interface ScreenFrame {
  no: string;
  state: string;
  action: string;
  villageCode: string;
  categoryCode: string | null;
}
