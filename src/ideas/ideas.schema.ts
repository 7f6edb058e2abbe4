/**
 * 微改革金点子 and village polls (issue 20 item 3). Ideas with supports, a public outcome for every one,
 * progress milestones and 改革体验员 ratings; polls with a voter roll kept apart from anonymous ballots.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * An idea (金点子) of a village (its 12-digit code) or a whole township (its code, `…000`). The state
 * follows idea-machine.ts; `supports` is a counter kept in the transaction that adds a support row (the
 * rows are the truth, the counter the list's sort key). `answer_due` is when the village owes its public
 * answer: set when the idea reaches review, by the threshold or by its support deadline passing.
 */
export const ideas = pgTable('ideas', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  title: varchar('title', { length: 60 }).notNull(),
  body: text('body').notNull(),
  /**
   * Title and body cut into overlapping two-character words (search-text.ts): pg_trgm splits words at
   * spaces, and Chinese writes none, so a sentence would be one "word". Kept at write time (the similar
   * hint ranks by it, through a GiST trigram index (migration 0046), without recomputing it per row).
   */
  searchText: text('search_text').notNull(),
  proposerId: uuid('proposer_id').notNull(),
  photoMediaIds: text('photo_media_ids').array().notNull().default(sql`'{}'::text[]`),
  lon: doublePrecision('lon'),
  lat: doublePrecision('lat'),
  state: varchar('state', { length: 16 }).notNull(),
  /** 'person': one support a verified resident; 'household': one a household (a person without one counts alone). */
  supportMode: varchar('support_mode', { length: 10 }).notNull(),
  threshold: integer('threshold').notNull(),
  supports: integer('supports').notNull().default(0),
  supportDeadline: timestamp('support_deadline', { withTimezone: true }).notNull(),
  /** True when the supports reached the threshold before the deadline (else it went to review by the deadline). */
  reachedThreshold: boolean('reached_threshold').notNull().default(false),
  reviewSince: timestamp('review_since', { withTimezone: true }),
  answerDue: timestamp('answer_due', { withTimezone: true }),
  /** Set by the sweep when the answer is late: the staff's overdue list. */
  overdueSince: timestamp('overdue_since', { withTimezone: true }),
  outcome: varchar('outcome', { length: 16 }),
  outcomeReason: text('outcome_reason'),
  mergedInto: uuid('merged_into'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  answeredBy: uuid('answered_by'),
  progress: integer('progress').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('ideas_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.createdAt),
  index('ideas_collecting_due_idx').on(t.supportDeadline).where(sql`state = 'collecting'`),
  index('ideas_review_due_idx').on(t.answerDue).where(sql`state = 'under_review'`),
  check('ideas_state', sql`state IN ('collecting', 'under_review', 'adopted', 'not_adopted', 'merged', 'done')`),
  check('ideas_mode', sql`support_mode IN ('person', 'household')`),
  check('ideas_progress', sql`progress BETWEEN 0 AND 100`),
  check('ideas_threshold', sql`threshold > 0`),
  // every outcome carries its reason; a merge names the idea it went into
  check('ideas_outcome', sql`(state IN ('collecting', 'under_review')) = (outcome IS NULL) AND (outcome IS NULL OR length(outcome_reason) > 0) AND ((state = 'merged') = (merged_into IS NOT NULL))`),
]);

/** One support: unique per idea and voter key ('p:<user>' or 'h:<household>') — a second one is a 409 in SQL. */
export const ideaSupports = pgTable('idea_supports', {
  id: uuid('id').primaryKey(),
  ideaId: uuid('idea_id').notNull().references(() => ideas.id),
  voterKey: varchar('voter_key', { length: 40 }).notNull(),
  supporterId: uuid('supporter_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  uniqueIndex('idea_supports_once_uq').on(t.ideaId, t.voterKey),
  index('idea_supports_supporter_idx').on(t.supporterId),
]);

/** A progress step of an adopted idea (append-only): what was done, and the percentage it reached. */
export const ideaMilestones = pgTable('idea_milestones', {
  id: uuid('id').primaryKey(),
  ideaId: uuid('idea_id').notNull().references(() => ideas.id),
  progress: integer('progress').notNull(),
  note: text('note').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('idea_milestones_idea_idx').on(t.ideaId, t.createdAt), check('idea_milestones_progress', sql`progress BETWEEN 0 AND 100`)]);

/** 改革体验员: residents named to try an adopted idea's result; each rates it once (1–5) when it is done. */
export const ideaOfficers = pgTable('idea_officers', {
  ideaId: uuid('idea_id').notNull().references(() => ideas.id),
  userId: uuid('user_id').notNull(),
  stars: integer('stars'),
  comment: text('comment'),
  ratedAt: timestamp('rated_at', { withTimezone: true }),
  namedBy: uuid('named_by'),
  namedAt: timestamp('named_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.ideaId, t.userId] }), check('idea_officers_stars', sql`stars IS NULL OR stars BETWEEN 1 AND 5`)]);

/** A village poll: the question, its options, single choice or approval, per person or per household. */
export const polls = pgTable('polls', {
  id: uuid('id').primaryKey(),
  regionCode: varchar('region_code', { length: 18 }).notNull(),
  question: varchar('question', { length: 120 }).notNull(),
  options: jsonb('options').$type<string[]>().notNull(),
  choice: varchar('choice', { length: 10 }).notNull(),
  voterMode: varchar('voter_mode', { length: 10 }).notNull(),
  opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
  closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  /** At close: who could vote, who did (phone + agreed paper ballots), and the count per option. */
  eligible: integer('eligible'),
  turnout: integer('turnout'),
  results: jsonb('results').$type<number[]>(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('polls_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.closesAt),
  index('polls_open_due_idx').on(t.closesAt).where(sql`closed_at IS NULL`),
  check('polls_choice', sql`choice IN ('single', 'approval')`),
  check('polls_mode', sql`voter_mode IN ('person', 'household')`),
  check('polls_times', sql`closes_at > opens_at`),
]);

/**
 * The voter roll: WHO voted (one row per person or household, unique: a second ballot is a 409). It
 * holds no choice. What was chosen is in poll_ballots, which holds no voter, no time and a random (not
 * time-ordered) id; both rows are written in one transaction, so nothing joins a voter to a choice.
 */
export const pollVoters = pgTable('poll_voters', {
  pollId: uuid('poll_id').notNull().references(() => polls.id),
  voterKey: varchar('voter_key', { length: 40 }).notNull(),
  userId: uuid('user_id').notNull(),
  votedOn: varchar('voted_on', { length: 10 }).notNull(),
}, (t) => [primaryKey({ columns: [t.pollId, t.voterKey] })]);

/** An anonymous ballot: the option indexes chosen, nothing else (see poll_voters). */
export const pollBallots = pgTable('poll_ballots', {
  id: uuid('id').primaryKey(),
  pollId: uuid('poll_id').notNull().references(() => polls.id),
  choices: integer('choices').array().notNull(),
}, (t) => [index('poll_ballots_poll_idx').on(t.pollId)]);

/**
 * A batch of paper ballots (a box counted at the meeting): clerk A enters its counts, clerk B (another
 * person) enters the same independently; it counts only once both agree.
 */
export const pollPaperBatches = pgTable('poll_paper_batches', {
  id: uuid('id').primaryKey(),
  pollId: uuid('poll_id').notNull().references(() => polls.id),
  label: varchar('label', { length: 40 }).notNull(),
  ballots: integer('ballots').notNull(),
  counts: jsonb('counts').$type<number[]>().notNull(),
  clerkA: uuid('clerk_a').notNull(),
  clerkB: uuid('clerk_b'),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  agreedAt: timestamp('agreed_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('poll_paper_batches_label_uq').on(t.pollId, t.label),
  check('poll_paper_batches_clerks', sql`clerk_b IS NULL OR clerk_b <> clerk_a`),
  check('poll_paper_batches_ballots', sql`ballots >= 0`),
]);
