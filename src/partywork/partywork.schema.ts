import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/** Kinds of branch (党支部): a village's, a 兼合式 residential one (members keep their relation elsewhere), a 机关's, an enterprise's, other. */
export const BRANCH_KINDS = ['village', 'residential', 'organ', 'enterprise', 'other'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];
/** 在职 / 退休 / 流动. */
export const MEMBER_STATUSES = ['serving', 'retired', 'mobile'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
/** Posts that earn the static bonus of the member index: 业委会委员, 支部委员, 支部书记, 楼道长. */
export const POSTS = ['owners_committee', 'branch_committee', 'branch_secretary', 'building_lead'] as const;
export type Post = (typeof POSTS)[number];
/** 联户 (a household), 联楼 (a building), 联事 (an issue). */
export const TASK_KINDS = ['household', 'building', 'issue'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
/** What a visit found a household needs (tags for the grid worker and, later, the indices). */
export const NEEDS = ['health', 'safety', 'living', 'dispute', 'policy', 'other'] as const;
export type Need = (typeof NEEDS)[number];

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * A party branch. `region_code` is where it sits (a village, a community, a township); staff see it,
 * its members and their work through that code. Names are unique within a region.
 */
export const partyBranches = pgTable('party_branches', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  name: varchar('name', { length: 80 }).notNull(),
  kind: varchar('kind', { length: 16 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('party_branches_name_uq').on(t.regionCode, t.name),
  index('party_branches_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  check('party_branches_kind', inList('kind', BRANCH_KINDS)),
]);

/**
 * A person's party profile: one per person (`user_id`, a people user — no foreign key across modules).
 * `region_code` is the branch's, copied so every staff read filters by scope in SQL without a join.
 * `relation_elsewhere`: a 兼合式 branch's member keeps their organisational relation in another branch.
 */
export const partyMembers = pgTable('party_members', {
  userId: uuid('user_id').primaryKey(),
  branchId: uuid('branch_id').notNull().references(() => partyBranches.id),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  status: varchar('status', { length: 12 }).notNull(),
  /** 报到: reported to the community where they live */
  reported: boolean('reported').notNull().default(false),
  /** 亮身份: shows their membership (the badge at the door, the card on the phone) */
  identityShown: boolean('identity_shown').notNull().default(false),
  posts: text('posts').array().notNull().default(sql`'{}'::text[]`),
  relationElsewhere: varchar('relation_elsewhere', { length: 120 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('party_members_branch_idx').on(t.branchId),
  index('party_members_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
  check('party_members_status', inList('status', MEMBER_STATUSES)),
]);

/**
 * A 联户/联楼/联事 task: published by a grid worker for a place of their grid (`region_code`: the grid,
 * or the village), claimed by a member, accepted by the grid worker, closed (task-machine.ts). `lat`/`lon`
 * is the place's point when the publisher gives one: households keep no location, and the geofence of
 * the visit logs needs one. `version` guards the transitions against a concurrent one.
 */
export const partyTasks = pgTable('party_tasks', {
  id: uuid('id').primaryKey().defaultRandom(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  kind: varchar('kind', { length: 12 }).notNull(),
  householdId: uuid('household_id'),
  subject: varchar('subject', { length: 120 }).notNull(),
  note: text('note'),
  /** the expected gap between visits, in days (联户: 孔奶奶 every 7 days) */
  frequencyDays: integer('frequency_days').notNull(),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  state: varchar('state', { length: 10 }).notNull().default('open'),
  publishedBy: uuid('published_by').notNull(),
  memberId: uuid('member_id'),
  claimedAt: timestamp('claimed_at', { withTimezone: true }),
  acceptedBy: uuid('accepted_by'),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  closedBy: uuid('closed_by'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  reason: text('reason'),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('party_tasks_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.state),
  index('party_tasks_member_idx').on(t.memberId),
  index('party_tasks_household_idx').on(t.householdId),
  check('party_tasks_kind', inList('kind', TASK_KINDS)),
  check('party_tasks_state', sql`state IN ('open', 'claimed', 'active', 'closed')`),
  // a member is named while the task is claimed or active, none while it is open (closed keeps who held it, if anyone did)
  check('party_tasks_member', sql`(state <> 'open' OR member_id IS NULL) AND (state NOT IN ('claimed', 'active') OR member_id IS NOT NULL)`),
  check('party_tasks_household', sql`(kind = 'household') = (household_id IS NOT NULL)`),
  check('party_tasks_frequency', sql`frequency_days BETWEEN 1 AND 366`),
]);

/**
 * A visit log (走亲打卡). Its id is the phone's (a UUID made when the log was written, offline too),
 * so a queued log synced twice is stored once. The time is the visit's, not the sync's. Flags record
 * what a reviewer should know without refusing the log: `outside_geofence`, `no_household_point`,
 * `low_accuracy`. A review sets `status` once; `points` is what it paid (0 over the weekly cap, with
 * `points_note` saying why) and `transfer_id` the ledger's transfer; `case_id` the case it opened, if any.
 */
export const partyVisitLogs = pgTable('party_visit_logs', {
  id: uuid('id').primaryKey(),
  taskId: uuid('task_id').notNull().references(() => partyTasks.id),
  memberId: uuid('member_id').notNull(),
  householdId: uuid('household_id'),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  accuracyM: doublePrecision('accuracy_m').notNull(),
  distanceM: doublePrecision('distance_m'),
  flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
  photoId: varchar('photo_id', { length: 64 }),
  note: text('note').notNull(),
  needs: text('needs').array().notNull().default(sql`'{}'::text[]`),
  status: varchar('status', { length: 10 }).notNull().default('pending'),
  reviewedBy: uuid('reviewed_by'),
  reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  rejectReason: text('reject_reason'),
  points: integer('points'),
  pointsNote: text('points_note'),
  transferId: uuid('transfer_id'),
  /** the case the log opened (one tap: 孔奶奶 unwell → the grid worker's case), through the cases module's SourceCases */
  caseId: uuid('case_id'),
}, (t) => [
  index('party_visit_logs_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.status),
  index('party_visit_logs_member_idx').on(t.memberId, t.visitedAt),
  index('party_visit_logs_task_idx').on(t.taskId, t.visitedAt),
  // the member index sums a period's valued logs by review time (member-index.ts)
  index('party_visit_logs_valued_idx').on(t.memberId, t.reviewedAt).where(sql`status = 'valued'`),
  check('party_visit_logs_status', sql`status IN ('pending', 'valued', 'rejected')`),
  check('party_visit_logs_reviewed', sql`(status = 'pending') = (reviewed_at IS NULL)`),
]);

/**
 * Rules of the visits, per region (a village's row overrides its township's, the nearest covering
 * region wins; the defaults in visit-rules.ts apply where no row exists).
 */
export const partySettings = pgTable('party_settings', {
  regionCode: varchar('region_code', { length: 18 }).primaryKey(),
  /** valued logs that score per member per household (or task) per week; over it: valued, 0 points */
  weeklyCap: integer('weekly_cap').notNull(),
  geofenceM: integer('geofence_m').notNull(),
  /** the least time between two logs of one member for one task */
  minGapMinutes: integer('min_gap_minutes').notNull(),
  pointsPerLog: integer('points_per_log').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, () => [
  check('party_settings_ranges', sql`weekly_cap BETWEEN 0 AND 50 AND geofence_m BETWEEN 10 AND 5000 AND min_gap_minutes BETWEEN 0 AND 10080 AND points_per_log BETWEEN 0 AND 100`),
]);
