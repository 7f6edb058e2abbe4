/** What the rankings' and expiry's routes answer (TypeBox schemas, shared with the web). */
import { Type, type Static } from 'typebox';
import { Nullable, Words } from '../platform/contract.ts';

const Time = Type.String({ format: 'date-time' });
export const RankLedgerSchema = Type.Union([Type.Literal('resident'), Type.Literal('grid_worker')]);
export const RankPeriodSchema = Type.Union([Type.Literal('week'), Type.Literal('month'), Type.Literal('year')]);
const Board = Nullable(Type.Union([Type.Literal('red'), Type.Literal('black')]));
const Mark = Type.Object({ red: Type.Integer(), black: Type.Integer() });
export const ThresholdsSchema = Type.Object({ week: Mark, month: Mark, year: Mark }, { additionalProperties: false });
const PeriodView = Type.Object({ kind: RankPeriodSchema, start: Type.String(), from: Time, to: Time });

export const RankEntry = Type.Object({
  rank: Type.Integer(), subject: Type.String(), regionCode: Type.String(), earned: Type.Integer(), board: Board,
  /** a household's name, or a person's masked */
  label: Type.String(),
});
export const Aggregate = Type.Object({ regionCode: Type.String(), subjects: Type.Integer(), total: Type.Integer(), average: Type.Number(), red: Type.Integer(), black: Type.Integer() });
const Aggregates = Type.Object({ all: Aggregate, byPlace: Type.Array(Aggregate) });

export const RankingView = Type.Object({
  period: PeriodView, closed: Type.Boolean(), region: Type.String(), ledger: RankLedgerSchema, aggregatesOnly: Type.Boolean(), switchFrom: Type.String(),
  thresholds: Mark, thresholdsFrom: Type.String(), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  entries: Type.Array(RankEntry), aggregates: Aggregates, note: Words,
});
export type RankingView = Static<typeof RankingView>;

export const RankSettingsView = Type.Object({
  regionCode: Type.String(), aggregatesOnly: Type.Boolean(), switchFrom: Type.String(), thresholds: ThresholdsSchema, thresholdsFrom: Type.String(), note: Words,
});

const ListStatus = Type.Union([Type.Literal('noticed'), Type.Literal('objected'), Type.Literal('posted'), Type.Literal('voided')]);
export const RankListSummary = Type.Object({
  id: Type.String(), regionCode: Type.String(), ledger: RankLedgerSchema, period: PeriodView, contentHash: Type.String(), status: ListStatus,
  noticeUntil: Time, publishedAt: Time, decisionReason: Nullable(Type.String()),
});
export const RankListView = Type.Intersect([RankListSummary, Type.Object({
  thresholds: Mark, aggregatesOnly: Type.Boolean(), objections: Type.Integer(), entries: Type.Array(RankEntry), aggregates: Aggregates, note: Words,
})]);
export type RankListView = Static<typeof RankListView>;

const Snapshot = Type.Object({ earned: Type.Integer(), rank: Type.Integer(), board: Board });
export const RankVerifyView = Type.Object({
  id: Type.String(), published: Type.String(), ledger: Type.String(), stored: Type.String(), matches: Type.Boolean(), aggregatesDiffer: Type.Boolean(),
  differences: Type.Array(Type.Object({ subject: Type.String(), ledger: Snapshot, stored: Nullable(Snapshot) })),
});

/** GET /api/me/points/expiring: what of my points expires next, and when. */
export const ExpiringView = Type.Object({
  cycle: Type.Integer(), expiresAt: Time, lastDay: Type.String(), amount: Type.Integer(), paused: Type.Boolean(), keepYears: Type.Integer(),
});
export type ExpiringView = Static<typeof ExpiringView>;
