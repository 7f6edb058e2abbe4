/**
 * The duties around the visits (issue 17, part 6): exemptions of members (免), reviews escalated to the
 * community after 3 working days, per-area visit targets, reminders to the branch secretary about a
 * member with no visit for 30 days, and the monthly summaries. Each table has the key that makes its
 * job idempotent: a rerun of a job writes nothing new.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { partyBranches } from './partywork.schema.ts';

/**
 * A member exempted (ill, elderly, working away …): the branch's decision (its date and reason, recorded
 * by the administrator of the area) and the approval of a staff user of the township or street above.
 * Approved and in force (decided_on ≤ day ≤ until, until open when null), the member is left out of the
 * targets and the inactivity rule, and shows 免. One undecided request per member at a time.
 */
export const partyExemptions = pgTable('party_exemptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  branchId: uuid('branch_id').notNull().references(() => partyBranches.id),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  reason: varchar('reason', { length: 200 }).notNull(),
  /** the day the branch decided (its meeting), local date */
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  /** the last day of the exemption; null: until revoked by a new decision */
  until: date('ends_on', { mode: 'string' }),
  status: varchar('status', { length: 10 }).notNull().default('pending'),
  recordedBy: uuid('recorded_by'),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [
  index('party_exemptions_user_idx').on(t.userId, t.status),
  index('party_exemptions_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.status),
  uniqueIndex('party_exemptions_pending_uq').on(t.userId).where(sql`status = 'pending'`),
  check('party_exemptions_status', sql`status IN ('pending', 'approved', 'rejected')`),
  check('party_exemptions_decided', sql`(status = 'pending') = (decided_at IS NULL)`),
  check('party_exemptions_until', sql`ends_on IS NULL OR ends_on >= decided_on`),
]);

/**
 * A visit log left unreviewed more than 3 working days, escalated to its community once (the key is
 * the log). `community_code` is the 12-digit village or community whose staff were told.
 */
export const partyReviewEscalations = pgTable('party_review_escalations', {
  logId: uuid('log_id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  communityCode: varchar('community_code', { length: 12 }).notNull(),
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  escalatedAt: timestamp('escalated_at', { withTimezone: true }).notNull(),
  notified: integer('notified').notNull().default(0),
}, (t) => [
  index('party_review_escalations_community_idx').on(t.communityCode, t.escalatedAt),
]);

/**
 * Visits a household is owed a month, per region (the nearest covering region's row applies): an
 * area's target is the households of its active 联户 tasks held by members not exempted × the rate.
 */
export const partyTargets = pgTable('party_targets', {
  regionCode: varchar('region_code', { length: 18 }).primaryKey(),
  visitsPerHousehold: integer('visits_per_household').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, () => [
  check('party_targets_range', sql`visits_per_household BETWEEN 0 AND 31`),
]);

/**
 * A duty of care: the branch secretary is asked to look after a member with no visit log for 30 days.
 * At most one per member per 30 days: the job checks the last one, and `window_no` (days since the epoch
 * ÷ 30) is unique per member so two runs at once cannot both write.
 */
export const partyDuties = pgTable('party_duties', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 16 }).notNull().default('inactive_member'),
  memberId: uuid('member_id').notNull(),
  branchId: uuid('branch_id').notNull().references(() => partyBranches.id),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  /** the branch secretary asked (null: the branch has none; the area's staff see it) */
  secretaryId: uuid('secretary_id'),
  windowNo: integer('window_no').notNull(),
  lastVisitAt: timestamp('last_visit_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  doneAt: timestamp('done_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('party_duties_window_uq').on(t.kind, t.memberId, t.windowNo),
  index('party_duties_secretary_idx').on(t.secretaryId, t.doneAt),
  index('party_duties_member_idx').on(t.memberId, t.createdAt),
  check('party_duties_kind', sql`kind IN ('inactive_member')`),
]);

/**
 * A month's summary of a member or a branch (我的月报), written on the first working day of the next
 * month: the month's figures and the month before's, so it reads as it was. Unique per subject and month.
 */
export const partySummaries = pgTable('party_summaries', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 8 }).notNull(),
  /** the member's user id, or the branch's id */
  subjectId: uuid('subject_id').notNull(),
  branchId: uuid('branch_id').notNull(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  month: date('month', { mode: 'string' }).notNull(),
  members: integer('members').notNull().default(1),
  exempt: integer('exempt').notNull().default(0),
  visits: integer('visits').notNull(),
  valued: integer('valued').notNull(),
  points: integer('points').notNull(),
  indexTotal: integer('index_total').notNull(),
  prevVisits: integer('prev_visits').notNull(),
  prevValued: integer('prev_valued').notNull(),
  prevPoints: integer('prev_points').notNull(),
  prevIndexTotal: integer('prev_index_total').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('party_summaries_uq').on(t.kind, t.subjectId, t.month),
  index('party_summaries_branch_idx').on(t.branchId, t.month),
  check('party_summaries_kind', sql`kind IN ('member', 'branch')`),
]);
