/** The ideas module's schemas in and out (see platform/contract.ts): ideas, the similar hint, outcomes, polls. */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../platform/contract.ts';

export const IdeaStateSchema = Type.Union([Type.Literal('collecting'), Type.Literal('under_review'), Type.Literal('adopted'), Type.Literal('not_adopted'), Type.Literal('merged'), Type.Literal('done')]);
export const OutcomeSchema = Type.Union([Type.Literal('adopted'), Type.Literal('not_adopted'), Type.Literal('merged')]);
export const ModeSchema = Type.Union([Type.Literal('person'), Type.Literal('household')]);
export const RegionCode = Type.String({ pattern: '^[0-9]{12}$' });

export const IdeaView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  title: Type.String(),
  body: Type.String(),
  state: IdeaStateSchema,
  supportMode: ModeSchema,
  threshold: Type.Integer(),
  supports: Type.Integer(),
  supportDeadline: DateTime,
  reachedThreshold: Type.Boolean(),
  /** When the village owes its public answer (in review), and whether that is past. */
  answerDue: Nullable(DateTime),
  overdue: Type.Boolean(),
  outcome: Nullable(OutcomeSchema),
  outcomeReason: Nullable(Type.String()),
  mergedInto: Nullable(Type.Object({ id: Uuid, title: Type.String() })),
  answeredAt: Nullable(DateTime),
  progress: Type.Integer(),
  /** The proposer's name, masked (郭*民) for anyone but the proposer and staff. */
  proposerName: Type.String(),
  mine: Type.Boolean(),
  supportedByMe: Type.Boolean(),
  canSupport: Type.Boolean(),
  photoUrls: Type.Array(Type.String()),
  lon: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  createdAt: DateTime,
});
export type IdeaView = Static<typeof IdeaView>;

export const IdeaDetail = Type.Intersect([IdeaView, Type.Object({
  milestones: Type.Array(Type.Object({ progress: Type.Integer(), note: Type.String(), createdAt: DateTime })),
  officers: Type.Array(Type.Object({ name: Type.String(), stars: Nullable(Type.Integer()), comment: Nullable(Type.String()), ratedAt: Nullable(DateTime) })),
  amOfficer: Type.Boolean(),
  /** For staff: who supported it (names), the candidates for 改革体验员. Empty for residents. */
  supporters: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
})]);
export type IdeaDetail = Static<typeof IdeaDetail>;

export const IdeaPage = Type.Object({ items: Type.Array(IdeaView), total: Type.Integer() });
export type IdeaPage = Static<typeof IdeaPage>;

export const SimilarIdeas = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, title: Type.String(), state: IdeaStateSchema, similarity: Type.Number() })) });
export type SimilarIdeas = Static<typeof SimilarIdeas>;

/** Does every idea get a public outcome? Per area: how many are answered of those whose collection ended, and the late ones. */
export const OutcomeFigures = Type.Object({
  regionCode: Type.String(),
  total: Type.Integer(),
  collecting: Type.Integer(),
  underReview: Type.Integer(),
  answered: Type.Integer(),
  overdue: Type.Integer(),
  /** answered / (total − collecting); null when no idea has left collecting yet. */
  answeredShare: Nullable(Type.Number()),
  overdueIdeas: Type.Array(IdeaView),
});
export type OutcomeFigures = Static<typeof OutcomeFigures>;

export const NewIdea = Type.Object({
  title: Type.String({ minLength: 2, maxLength: 60, pattern: '\\S' }),
  body: Type.String({ minLength: 5, maxLength: 2000, pattern: '\\S' }),
  /** The whole township instead of the home village. */
  township: Type.Optional(Type.Boolean()),
  photoMediaIds: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-f]{64}$' }), { maxItems: 6, uniqueItems: true })),
  lon: Type.Optional(Type.Number({ minimum: 73, maximum: 136 })),
  lat: Type.Optional(Type.Number({ minimum: 3, maximum: 54 })),
}, { additionalProperties: false });
export type NewIdea = Static<typeof NewIdea>;

export const Answer = Type.Object({
  outcome: OutcomeSchema,
  reason: Type.String({ minLength: 1, maxLength: 1000 }),
  mergedInto: Type.Optional(Uuid),
}, { additionalProperties: false });

export const Milestone = Type.Object({ progress: Type.Integer({ minimum: 0, maximum: 100 }), note: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false });
export const Rating = Type.Object({ stars: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.String({ maxLength: 500 }) }, { additionalProperties: false });

export const PollStateSchema = Type.Union([Type.Literal('upcoming'), Type.Literal('open'), Type.Literal('closed')]);
export const PaperBatchView = Type.Object({
  label: Type.String(),
  ballots: Type.Integer(),
  /** Shown once both clerks agreed: before, clerk B must count without seeing clerk A's figures. */
  counts: Nullable(Type.Array(Type.Integer())),
  clerkA: Type.String(),
  clerkB: Nullable(Type.String()),
  agreed: Type.Boolean(),
});
export const PollView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  question: Type.String(),
  options: Type.Array(Type.String()),
  choice: Type.Union([Type.Literal('single'), Type.Literal('approval')]),
  voterMode: ModeSchema,
  opensAt: DateTime,
  closesAt: DateTime,
  state: PollStateSchema,
  /** Voters so far (phone ballots + agreed paper ballots): the only figure shown before close. */
  voters: Type.Integer(),
  eligible: Nullable(Type.Integer()),
  /** voters / eligible at close. */
  turnout: Nullable(Type.Number()),
  /** Counts per option, published at close; null before. */
  results: Nullable(Type.Array(Type.Integer())),
  votedByMe: Type.Boolean(),
  /** For staff: the paper-ballot batches. */
  paper: Type.Array(PaperBatchView),
});
export type PollView = Static<typeof PollView>;

/**
 * The voted roll: who already voted on the phone, for the clerks to cross off before handing out paper
 * ballots at the meeting (one vote each). Names and phones masked; per household, the household. It is
 * read from the roll alone and holds nothing of the ballots.
 */
export const VotedRoll = Type.Object({
  pollId: Uuid,
  question: Type.String(),
  regionName: Type.String(),
  voterMode: ModeSchema,
  state: PollStateSchema,
  items: Type.Array(Type.Object({
    name: Type.String(),
    phone: Nullable(Type.String()),
    household: Nullable(Type.Object({ name: Type.String(), address: Type.String() })),
  })),
  generatedAt: DateTime,
});
export type VotedRoll = Static<typeof VotedRoll>;

export const NewPoll = Type.Object({
  regionCode: RegionCode,
  question: Type.String({ minLength: 2, maxLength: 120, pattern: '\\S' }),
  options: Type.Array(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }), { minItems: 2, maxItems: 12 }),
  choice: Type.Union([Type.Literal('single'), Type.Literal('approval')]),
  voterMode: ModeSchema,
  opensAt: DateTime,
  closesAt: DateTime,
}, { additionalProperties: false });
export type NewPoll = Static<typeof NewPoll>;

export const Ballot = Type.Object({ choices: Type.Array(Type.Integer({ minimum: 0, maximum: 11 }), { minItems: 1, maxItems: 12, uniqueItems: true }) }, { additionalProperties: false });
export const PaperEntry = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }),
  ballots: Type.Integer({ minimum: 0, maximum: 100_000 }),
  counts: Type.Array(Type.Integer({ minimum: 0, maximum: 100_000 }), { minItems: 2, maxItems: 12 }),
}, { additionalProperties: false });
