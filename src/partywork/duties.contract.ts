/** What the duties' routes answer (exemptions, overdue reviews, targets, reminders, monthly summaries). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

const L = Type.Literal;
export const ExemptionStatusSchema = Type.Union([L('pending'), L('approved'), L('rejected')]);

/** An exemption (免): the branch's decision and the approval above it. */
export const ExemptionView = Type.Object({
  id: Type.String(), userId: Type.String(), memberName: Type.String(), branchId: Type.String(), regionCode: Type.String(),
  reason: Type.String(), decidedOn: Type.String(), until: Nullable(Type.String()), status: ExemptionStatusSchema,
  recordedBy: Nullable(Type.String()), recordedAt: DateTime, decidedBy: Nullable(Type.String()), decidedAt: Nullable(DateTime), decisionNote: Nullable(Type.String()),
  /** approved and in force today */
  inForce: Type.Boolean(),
});
export type ExemptionView = Static<typeof ExemptionView>;
export const ExemptionList = Type.Object({ items: Type.Array(ExemptionView) });
export type ExemptionList = Static<typeof ExemptionList>;

/** A log waiting for review past its 3 working days (dueAt), and when the community was told. */
export const OverdueReview = Type.Object({
  logId: Type.String(), memberId: Type.String(), memberName: Type.String(), regionCode: Type.String(), visitedAt: DateTime, receivedAt: DateTime,
  dueAt: DateTime, escalatedAt: Nullable(DateTime),
});
export const OverdueReviews = Type.Object({ workingDays: Type.Integer(), items: Type.Array(OverdueReview) });
export type OverdueReviews = Static<typeof OverdueReviews>;

/** A month's progress against the target: visits owed (households × rate) and logged (rejected ones left out). */
export const Progress = Type.Object({
  key: Type.String(), name: Type.String(), regionCode: Type.String(), households: Type.Integer(), rate: Type.Integer(),
  target: Type.Integer(), visits: Type.Integer(), exempt: Type.Boolean(),
});
export type Progress = Static<typeof Progress>;
export const TargetsView = Type.Object({ month: Type.String(), rate: Type.Integer(), rateFrom: Type.String(), areas: Type.Array(Progress), members: Type.Array(Progress) });
export type TargetsView = Static<typeof TargetsView>;
export const TargetRate = Type.Object({ regionCode: Type.String(), visitsPerHousehold: Type.Integer(), from: Type.String() });

/** A reminder to the branch secretary: a member with no visit log for 30 days (需要关心的党员). */
export const DutyView = Type.Object({
  id: Type.String(), memberId: Type.String(), memberName: Type.String(), branchId: Type.String(), regionCode: Type.String(),
  lastVisitAt: Nullable(DateTime), createdAt: DateTime, doneAt: Nullable(DateTime),
});
export type DutyView = Static<typeof DutyView>;
export const DutyList = Type.Object({ items: Type.Array(DutyView) });

const Figures = { visits: Type.Integer(), valued: Type.Integer(), points: Type.Integer(), index: Type.Integer() };
/** One month's summary of a member or a branch, with the month before's figures. */
export const SummaryView = Type.Object({
  kind: Type.Union([L('member'), L('branch')]), subjectId: Type.String(), branchId: Type.String(), regionCode: Type.String(), month: Type.String(),
  members: Type.Integer(), exempt: Type.Integer(), ...Figures, previous: Type.Object(Figures), createdAt: DateTime,
});
export type SummaryView = Static<typeof SummaryView>;
export const SummaryList = Type.Object({ items: Type.Array(SummaryView) });
export type SummaryList = Static<typeof SummaryList>;

/** GET /api/me/partywork/duties: my exemption, my month against the target, my monthly reports, and (a secretary) the members to look after. */
export const MyDuties = Type.Object({
  exemption: Nullable(ExemptionView), progress: Nullable(Progress), month: Type.String(),
  summaries: Type.Array(SummaryView), care: Type.Array(DutyView), secretary: Type.Boolean(),
});
export type MyDuties = Static<typeof MyDuties>;
