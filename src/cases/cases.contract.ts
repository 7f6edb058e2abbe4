/** What the cases module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable, Uuid } from '../platform/contract.ts';
import { DispatchTargetsSchema } from './action-schemas.ts';

const When = Nullable(DateTime);
export const CoHandler = Type.Object({
  orgId: Nullable(Type.String()), userId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('signed'), Type.Literal('done'), Type.Literal('waived')]),
  signedAt: Type.Optional(Type.String()), doneAt: Type.Optional(Type.String()), note: Type.Optional(Type.String()),
});
export type CoHandler = Static<typeof CoHandler>;

/** Which view of a case a reader gets (case-views.ts): staff in scope, its reporter, a follower. */
export const CaseReader = Type.Union([Type.Literal('staff'), Type.Literal('reporter'), Type.Literal('public')]);
export type CaseReader = Static<typeof CaseReader>;

/**
 * A case as its reader may see it (case-views.ts): the reporter and a follower get the same fields with
 * the handling's inside emptied; the fields marked staff-only are left out of their views.
 */
export const CaseView = Type.Object({
  id: Uuid, no: Type.String(), title: Type.String(), description: Type.String(), categoryCode: Nullable(Type.String()),
  severity: Type.String(), state: Type.String(), level: Type.String(), source: Type.String(),
  regionCode: Type.String(), villageCode: Type.String(), lon: Type.Number(), lat: Type.Number(),
  reporterId: Nullable(Type.String()), assigneeId: Nullable(Type.String()), assignedOrgId: Nullable(Type.String()),
  media: Type.Array(Type.String()),
  reportedAt: DateTime, registeredAt: When, dispatchedAt: When, signedAt: When, feedbackAt: When, closedAt: When, ratedAt: When,
  signDeadline: When, deadline: When, supervision: Type.Integer(), reworkCount: Type.Integer(), reopenCount: Type.Integer(),
  rating: Nullable(Type.String()), mergedInto: Nullable(Type.String()), reportCount: Type.Integer(), coHandlers: Type.Array(CoHandler),
  updatedAt: DateTime,
  // staff only
  fixedDeadline: Type.Optional(When), lateAt: Type.Optional(When), lateLevel: Type.Optional(Nullable(Type.String())),
  suspendedAt: Type.Optional(When), requestedUntil: Type.Optional(When), overdueAt: Type.Optional(When),
  closedOnTime: Type.Optional(Nullable(Type.Boolean())), extensionCount: Type.Optional(Type.Integer()),
  sourceRef: Type.Optional(Nullable(Type.String())), version: Type.Optional(Type.Integer()),
});
export type CaseView = Static<typeof CaseView>;

export const TimelineEntry = Type.Object({
  id: Type.Integer(), at: DateTime, action: Type.String(), fromState: Nullable(Type.String()), toState: Type.String(), level: Type.String(),
  actorId: Nullable(Type.String()), note: Nullable(Type.String()), media: Type.Array(Type.String()), data: AnyObject,
});
export type TimelineEntry = Static<typeof TimelineEntry>;

/** GET /api/cases/:id: the case, its timeline and what the caller may do next. */
export const CaseDetail = Type.Interface([CaseView], {
  view: CaseReader,
  allowedActions: Type.Array(Type.String()),
  timeline: Type.Array(TimelineEntry),
  names: Type.Record(Type.String(), Type.String(), { description: 'names of the people and organisations the case names (staff only)' }),
});
export type CaseDetail = Static<typeof CaseDetail>;

export const Category = Type.Object({
  code: Type.String(), name: Type.String(), nameEn: Type.String(), leadKind: Type.String(),
  limitValue: Type.Integer(), limitUnit: Type.String(), urgentLimitValue: Type.Integer(), urgentLimitUnit: Type.String(),
  signLimitValue: Type.Integer(), signLimitUnit: Type.String(), autoEscalate: Type.Boolean(),
  sources: Type.Array(Type.String()), duplicateRadiusM: Type.Integer(), active: Type.Boolean(),
});
export type Category = Static<typeof Category>;

export const NearbyCase = Type.Object({
  id: Type.String(), no: Type.String(), title: Type.String(), state: Type.String(), reportedAt: DateTime, reportCount: Type.Integer(), distanceM: Type.Number(),
});
export type NearbyCase = Static<typeof NearbyCase>;

export const MeTooAnswer = Type.Object({ reportCount: Type.Integer(), following: Type.Boolean() });
export type MeTooAnswer = Static<typeof MeTooAnswer>;

export const CaseSummary = Type.Object({
  newToday: Type.Integer(), closedToday: Type.Integer(), open: Type.Integer(), overdue: Type.Integer(), escalated: Type.Integer(),
  trend: Type.Array(Type.Object({ day: Type.String({ format: 'date' }), received: Type.Integer(), closed: Type.Integer() })),
});
export type CaseSummary = Static<typeof CaseSummary>;

const Rate = Nullable(Type.Number());
const Minutes = Nullable(Type.Number());
export const KpiRow = Type.Object({
  group: Nullable(Type.String()), received: Type.Number(), due: Type.Number(), closed: Type.Number(), closedOnTime: Type.Number(),
  closeRate: Rate, onTimeRate: Rate, overdueOpen: Type.Number(), meanHandlingMinutes: Minutes, p90HandlingMinutes: Minutes,
  ratings: Type.Number(), satisfaction: Rate, reopenRate: Rate, feedbacks: Type.Number(), reworks: Type.Number(), reworkRate: Rate,
  firstResponseMinutes: Minutes, bySource: Type.Record(Type.String(), Type.Number()), lateByLevel: Type.Record(Type.String(), Type.Number()),
});
export type KpiRow = Static<typeof KpiRow>;

export const CalendarOverride = Type.Object({ date: Type.String(), working: Type.Boolean(), note: Nullable(Type.String()) });
export type CalendarOverride = Static<typeof CalendarOverride>;

export const VendorCode = Type.Object({ vendor: Type.String(), eventCode: Type.String(), categoryCode: Type.String(), description: Nullable(Type.String()) });
export type VendorCode = Static<typeof VendorCode>;

export const DispatchTargets = DispatchTargetsSchema;
export type DispatchTargets = Static<typeof DispatchTargetsSchema>;

/** A case a household's people reported, as the household's page lists it (number, title, category, state, when, rating). */
export const ReportedCase = Type.Object({
  id: Type.String(), no: Type.String(), title: Type.String(),
  categoryCode: Nullable(Type.String()), categoryName: Nullable(Type.String()), categoryNameEn: Nullable(Type.String()),
  state: Type.String(), reportedAt: DateTime, rating: Nullable(Type.String()),
});
export type ReportedCase = Static<typeof ReportedCase>;
export const ReportedCases = Type.Object({ items: Type.Array(ReportedCase) });
export type ReportedCases = Static<typeof ReportedCases>;
