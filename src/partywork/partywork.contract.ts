/** What the party-work routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';
import { BRANCH_KINDS, MEMBER_STATUSES, NEEDS, POSTS, TASK_KINDS } from './partywork.schema.ts';
import { TASK_STATES } from './task-machine.ts';
import type { VisitFlag } from './visit-rules.ts';

/** A union of string literals from a list the schema file also checks in the database. */
const L = Type.Literal;
// spelt out (a union built from the lists loses its literal types in one of the two type providers);
// `_same` checks each against the list the database's check uses
export const BranchKindSchema = Type.Union([L('village'), L('residential'), L('organ'), L('enterprise'), L('other')]);
export const MemberStatusSchema = Type.Union([L('serving'), L('retired'), L('mobile')]);
export const PostSchema = Type.Union([L('owners_committee'), L('branch_committee'), L('branch_secretary'), L('building_lead')]);
export const TaskKindSchema = Type.Union([L('household'), L('building'), L('issue')]);
export const TaskStateSchema = Type.Union([L('open'), L('claimed'), L('active'), L('closed')]);
export const NeedSchema = Type.Union([L('health'), L('safety'), L('living'), L('dispute'), L('policy'), L('other')]);
export const FlagSchema = Type.Union([L('outside_geofence'), L('no_household_point'), L('low_accuracy')]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _same: [
  Same<Static<typeof BranchKindSchema>, (typeof BRANCH_KINDS)[number]>, Same<Static<typeof MemberStatusSchema>, (typeof MEMBER_STATUSES)[number]>,
  Same<Static<typeof PostSchema>, (typeof POSTS)[number]>, Same<Static<typeof TaskKindSchema>, (typeof TASK_KINDS)[number]>,
  Same<Static<typeof TaskStateSchema>, (typeof TASK_STATES)[number]>, Same<Static<typeof NeedSchema>, (typeof NEEDS)[number]>,
  Same<Static<typeof FlagSchema>, VisitFlag>,
] = [true, true, true, true, true, true, true];
void _same;

export const BranchView = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), kind: BranchKindSchema,
  memberCount: Type.Integer(), createdAt: DateTime,
});
export type BranchView = Static<typeof BranchView>;

/** A member as staff see them: the name masked in lists (郭*民), in full in the member's own view. */
export const MemberView = Type.Object({
  userId: Type.String(), name: Type.String(), branchId: Type.String(), branchName: Type.String(), regionCode: Type.String(),
  status: MemberStatusSchema, reported: Type.Boolean(), identityShown: Type.Boolean(), posts: Type.Array(PostSchema),
  relationElsewhere: Nullable(Type.String()),
  /** an approved exemption (免) in force: left out of targets and the inactivity rule */
  exempt: Type.Boolean(),
  createdAt: DateTime, updatedAt: DateTime,
});
export type MemberView = Static<typeof MemberView>;

export const MemberPage = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(MemberView) });
export type MemberPage = Static<typeof MemberPage>;

export const ImportResult = Type.Object({
  dryRun: Type.Boolean(), rows: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), peopleCreated: Type.Integer(),
  /** rows whose person has no 党员 role: in the register, but the phone pages wait for the role */
  withoutRole: Type.Array(Type.Integer()),
});
export type ImportResult = Static<typeof ImportResult>;

export const TaskView = Type.Object({
  id: Type.String(), regionCode: Type.String(), kind: TaskKindSchema, householdId: Nullable(Type.String()), householdLabel: Nullable(Type.String()),
  subject: Type.String(), note: Nullable(Type.String()), frequencyDays: Type.Integer(), point: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  state: TaskStateSchema, publishedBy: Type.String(), memberId: Nullable(Type.String()), memberName: Nullable(Type.String()),
  claimedAt: Nullable(DateTime), acceptedAt: Nullable(DateTime), closedAt: Nullable(DateTime), reason: Nullable(Type.String()),
  version: Type.Integer(), createdAt: DateTime, updatedAt: DateTime,
});
export type TaskView = Static<typeof TaskView>;

export const TaskPage = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(TaskView) });
export type TaskPage = Static<typeof TaskPage>;

export const LogView = Type.Object({
  id: Type.String(), taskId: Type.String(), memberId: Type.String(), memberName: Type.String(), householdId: Nullable(Type.String()), regionCode: Type.String(),
  visitedAt: DateTime, receivedAt: DateTime, lat: Type.Number(), lon: Type.Number(), accuracyM: Type.Number(), distanceM: Nullable(Type.Number()),
  flags: Type.Array(FlagSchema), photoId: Nullable(Type.String()), note: Type.String(), needs: Type.Array(NeedSchema),
  status: Type.Union([L('pending'), L('valued'), L('rejected')]), reviewedBy: Nullable(Type.String()), reviewedAt: Nullable(DateTime), rejectReason: Nullable(Type.String()),
  points: Nullable(Type.Integer()),
  /** why a valued log scored 0 (the weekly cap), in both languages */
  pointsNote: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
  transferId: Nullable(Type.String()),
  /** the case the log opened (one tap), if any */
  caseId: Nullable(Type.String()),
});
export type LogView = Static<typeof LogView>;

/** POST /api/partywork/logs: the log, and whether it was stored before (a queued log synced again). */
export const LoggedVisit = Type.Object({ existed: Type.Boolean(), log: LogView });
export type LoggedVisit = Static<typeof LoggedVisit>;

/** POST /api/partywork/logs/:id/case: the case the log opened (`created`) or had opened before. */
export const LogCase = Type.Object({
  created: Type.Boolean(), caseId: Type.String(), caseNo: Type.String(), caseState: Type.String(),
  /** the grid worker it was dispatched to (null: in the command room's queue, no grid worker found) */
  assigneeId: Nullable(Type.String()), log: LogView,
});
export type LogCase = Static<typeof LogCase>;

export const LogPage = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(LogView) });
export type LogPage = Static<typeof LogPage>;

/** GET /api/me/partywork: my profile, the tasks I hold, and the open tasks of my branch's area. */
export const MyPartyWork = Type.Object({ member: MemberView, tasks: Type.Array(TaskView), openTasks: Type.Array(TaskView) });
export type MyPartyWork = Static<typeof MyPartyWork>;

export const SettingsView = Type.Object({
  regionCode: Type.String(), weeklyCap: Type.Integer(), geofenceM: Type.Integer(), minGapMinutes: Type.Integer(), pointsPerLog: Type.Integer(),
  /** the region whose row applies ('default': none does) */
  from: Type.String(),
});
export type SettingsView = Static<typeof SettingsView>;

// ——— the member index and the rankings ———

export const PeriodKindSchema = Type.Union([L('week'), L('month'), L('year')]);

/** One version of the member formula: the weights of base, posts, service points and deductions. */
export const FormulaParams = Type.Object({
  reported: Type.Integer({ minimum: 0, maximum: 1000 }), identityShown: Type.Integer({ minimum: 0, maximum: 1000 }),
  posts: Type.Object({
    owners_committee: Type.Integer({ minimum: 0, maximum: 1000 }), branch_committee: Type.Integer({ minimum: 0, maximum: 1000 }),
    branch_secretary: Type.Integer({ minimum: 0, maximum: 1000 }), building_lead: Type.Integer({ minimum: 0, maximum: 1000 }),
  }, { additionalProperties: false }),
  perPoint: Type.Integer({ minimum: 0, maximum: 100 }), perDeduction: Type.Integer({ minimum: 0, maximum: 100 }),
}, { additionalProperties: false });

export const FormulaView = Type.Object({
  id: Type.String(), scope: Type.String(), version: Type.Integer(), params: Type.Object({}, { additionalProperties: true }), note: Nullable(Type.String()), createdAt: DateTime,
});
export type FormulaView = Static<typeof FormulaView>;

export const FormulaAnswer = Type.Object({ inForce: FormulaView, versions: Type.Array(FormulaView), recomputed: Type.Optional(Type.Integer()) });

/** A member's index in one period with its breakdown: total = base + staticBonus + dynamicBonus − deductions. */
const IndexFields = {
  userId: Type.String(), branchId: Type.String(), branchName: Type.String(), regionCode: Type.String(), period: PeriodKindSchema, periodStart: Type.String(),
  base: Type.Integer(), staticBonus: Type.Integer(),
  /** party service points of the logs reviewed 真实有价值 in the period (the ledger's awards) */
  servicePoints: Type.Integer(), dynamicBonus: Type.Integer(), deductions: Type.Integer(), total: Type.Integer(), valuedLogs: Type.Integer(),
  formulaVersion: Type.Integer(), computedAt: DateTime,
};
export const IndexView = Type.Object({ ...IndexFields, formula: FormulaView });
export type IndexView = Static<typeof IndexView>;

export const MemberIndexPage = Type.Object({ userId: Type.String(), name: Type.String(), kind: PeriodKindSchema, items: Type.Array(IndexView) });
export type MemberIndexPage = Static<typeof MemberIndexPage>;

/** GET /api/partywork/rankings: members by index (names masked; none when the area shows aggregates only) and branches by their average. */
export const Ranking = Type.Object({
  period: Type.Object({ kind: PeriodKindSchema, start: Type.String(), from: DateTime, to: DateTime }),
  region: Nullable(Type.String()), branchId: Nullable(Type.String()), aggregatesOnly: Type.Boolean(),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  members: Type.Array(Type.Object({ rank: Type.Integer(), name: Type.String(), ...IndexFields })),
  branches: Type.Array(Type.Object({
    rank: Type.Integer(), branchId: Type.String(), branchName: Type.String(), regionCode: Type.String(), members: Type.Integer(), total: Type.Integer(), average: Type.Number(), valuedLogs: Type.Integer(),
  })),
});
export type Ranking = Static<typeof Ranking>;

export const RankingSwitch = Type.Object({ regionCode: Type.String(), aggregatesOnly: Type.Boolean(), from: Type.String() });

// ——— the community/street console (党建工作台) ———

/** One month of the 走亲 trend (China's time): logs by their visit's month, and how their review went. */
export const TrendMonth = Type.Object({
  month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), from: DateTime, to: DateTime,
  logged: Type.Integer(), valued: Type.Integer(), rejected: Type.Integer(), pending: Type.Integer(),
  /** members who logged at least one visit in the month */
  members: Type.Integer(),
});
/** GET /api/partywork/trend: the last 12 months, oldest first, the current month last. */
export const VisitTrend = Type.Object({ region: Nullable(Type.String()), months: Type.Array(TrendMonth) });
export type VisitTrend = Static<typeof VisitTrend>;

/** A branch with this month's work: visits its members logged, how many were found 真实有价值, their average index. */
export const BranchSummary = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), kind: BranchKindSchema, memberCount: Type.Integer(),
  visits: Type.Integer(), valued: Type.Integer(),
  /** the average of the members' month index (null: no index row this month yet) */
  averageIndex: Nullable(Type.Number()),
});
export const BranchSummaries = Type.Object({ month: Type.String(), items: Type.Array(BranchSummary) });
export type BranchSummaries = Static<typeof BranchSummaries>;

/** A member in the console's list (name masked), with this month's visits and index. */
export const MemberFigures = Type.Object({
  ...MemberView.properties,
  visits: Type.Integer(), valued: Type.Integer(), lastVisitAt: Nullable(DateTime),
  /** this month's 党员服务力 (null: not computed yet) */
  index: Nullable(Type.Integer()),
});
export const MemberFiguresPage = Type.Object({ month: Type.String(), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(MemberFigures) });
export type MemberFiguresPage = Static<typeof MemberFiguresPage>;

/** The area's tasks by state, and a page of them with their visits (member and household names masked). */
export const TaskOverview = Type.Object({
  counts: Type.Object({ open: Type.Integer(), claimed: Type.Integer(), active: Type.Integer(), closed: Type.Integer() }),
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  items: Type.Array(Type.Object({ ...TaskView.properties, visits: Type.Integer(), valued: Type.Integer(), lastVisitAt: Nullable(DateTime) })),
});
export type TaskOverview = Static<typeof TaskOverview>;

// ——— the area indices (网格服务力, 物业服务力, 机关党组织小区服务力) and the 下沉 organisations ———

export const AreaKindSchema = Type.Union([L('grid'), L('property'), L('organisation')]);
const Ratio = Type.Number({ minimum: 0, maximum: 1 });
const Weight = Type.Integer({ minimum: 0, maximum: 100 });
/** The grid and property formula: the two shares (summing to 1) and what a 基本满意 counts beside a 满意. */
export const RatingFormulaParams = Type.Object({ satisfactionWeight: Ratio, onTimeWeight: Ratio, basicallyCredit: Ratio }, { additionalProperties: false });
/** The organisation formula: points per service, per solved problem, per household served. */
export const OrganisationFormulaParams = Type.Object({ perService: Weight, perSolved: Weight, perHousehold: Weight }, { additionalProperties: false });

export const AreaFormulaView = Type.Object({
  id: Type.String(), kind: AreaKindSchema, scope: Type.String(), version: Type.Integer(), params: Type.Object({}, { additionalProperties: true }), note: Nullable(Type.String()), createdAt: DateTime,
});
export type AreaFormulaView = Static<typeof AreaFormulaView>;
export const AreaFormulaAnswer = Type.Object({ kind: AreaKindSchema, inForce: AreaFormulaView, versions: Type.Array(AreaFormulaView), recomputed: Type.Optional(Type.Integer()) });
export type AreaFormulaAnswer = Static<typeof AreaFormulaAnswer>;

/** One unit's index in a period with its breakdown (grid and property: ratings and closings; organisation: services). */
export const AreaIndexItem = Type.Object({
  rank: Type.Integer(), unitId: Type.String(), unitName: Type.String(), regionCode: Type.String(), regionName: Type.String(), formulaVersion: Type.Integer(),
  ratings: Type.Integer(), satisfied: Type.Integer(), basicallySatisfied: Type.Integer(), unsatisfied: Type.Integer(), closed: Type.Integer(), closedOnTime: Type.Integer(),
  /** percentages, null without data */
  satisfactionRate: Nullable(Type.Number()), onTimeRate: Nullable(Type.Number()),
  services: Type.Integer(), solved: Type.Integer(), households: Type.Integer(),
  satisfactionPart: Nullable(Type.Number()), onTimePart: Nullable(Type.Number()),
  /** null: no data in the period */
  score: Nullable(Type.Number()), computedAt: DateTime,
});
export type AreaIndexItem = Static<typeof AreaIndexItem>;

export const AreaRanking = Type.Object({
  kind: AreaKindSchema, period: Type.Object({ kind: PeriodKindSchema, start: Type.String(), from: DateTime, to: DateTime }), region: Nullable(Type.String()),
  /** the formula in force for the area asked (or the caller's own), now */
  formula: AreaFormulaView, total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(AreaIndexItem),
});
export type AreaRanking = Static<typeof AreaRanking>;

export const ServiceOrgKindSchema = Type.Union([L('machine'), L('enterprise'), L('other')]);
/** A party organisation that 下沉 to a community: the contact's phone masked for all but the area's administrators. */
export const ServiceOrgView = Type.Object({
  id: Type.String(), name: Type.String(), kind: ServiceOrgKindSchema, regionCode: Type.String(), regionName: Type.String(),
  contactName: Type.String(), contactPhone: Type.String(), services: Type.Integer(), lastServedOn: Nullable(Type.String()), createdAt: DateTime,
});
export type ServiceOrgView = Static<typeof ServiceOrgView>;
export const ServiceOrgList = Type.Object({ items: Type.Array(ServiceOrgView) });
export type ServiceOrgList = Static<typeof ServiceOrgList>;

export const OrgServiceView = Type.Object({
  id: Type.String(), orgId: Type.String(), servedOn: Type.String(), what: Type.String(), households: Type.Integer(), caseId: Nullable(Type.String()),
  /** marked by the logger as having solved a problem */
  solved: Type.Boolean(),
  /** the linked case is closed */
  caseClosed: Type.Boolean(),
  /** what the index counts: marked solved, or its case closed */
  countsAsSolved: Type.Boolean(), loggedAt: DateTime,
});
export type OrgServiceView = Static<typeof OrgServiceView>;
export const OrgServiceLogged = Type.Object({ existed: Type.Boolean(), service: OrgServiceView });
export type OrgServiceLogged = Static<typeof OrgServiceLogged>;
export const OrgServicePage = Type.Object({ org: ServiceOrgView, items: Type.Array(OrgServiceView) });
export type OrgServicePage = Static<typeof OrgServicePage>;
