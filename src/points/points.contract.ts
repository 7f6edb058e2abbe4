/** What the points module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/contract.ts';

const Time = Type.String({ format: 'date-time' });

// ---- the ledger: accounts, transfers, history
export const Totals = Type.Object({ debitsPosted: Type.Integer(), creditsPosted: Type.Integer(), debitsPending: Type.Integer(), creditsPending: Type.Integer() });

export const TransferView = Type.Object({
  id: Type.String(), kind: Type.Union([Type.Literal('single'), Type.Literal('pending'), Type.Literal('post'), Type.Literal('void')]),
  ledger: Type.Union([Type.Literal('resident'), Type.Literal('grid_worker'), Type.Literal('party_service'), Type.Literal('shop_stock')]), debitAccountId: Type.String(), creditAccountId: Type.String(), amount: Type.Integer(),
  code: Type.Union([Type.Literal('award'), Type.Literal('spend'), Type.Literal('correction'), Type.Literal('expiry'), Type.Literal('stock'), Type.Literal('deduction')]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('posted'), Type.Literal('voided'), Type.Literal('expired')]),
  pendingId: Nullable(Type.String()), reversesId: Nullable(Type.String()), reason: Nullable(Type.String()), ruleId: Nullable(Type.String()),
  ruleVersion: Nullable(Type.Integer()), businessKey: Nullable(Type.String()), eventTime: Time, createdAt: Time, expiresAt: Nullable(Time),
});

export const HistoryItem = Type.Intersect([TransferView, Type.Object({
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  /** What it did to this account's posted balance (0 for a hold or its release). */
  change: Type.Integer(),
  balanceAfter: Type.Integer(),
  /** The other side: a person's name or a system account's name. */
  counterparty: Nullable(Type.String()),
})]);

export const History = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(HistoryItem) });

export const AccountView = Type.Object({
  id: Type.String(), ledger: Type.String(), holderId: Nullable(Type.String()), name: Nullable(Type.String()), regionCode: Nullable(Type.String()),
  spendable: Type.Boolean(), debitsMustNotExceedCredits: Type.Boolean(),
  /** credits − debits posted */
  balance: Type.Integer(),
  /** balance less pending debits: what can be spent now */
  available: Type.Integer(),
  pendingIn: Type.Integer(), pendingOut: Type.Integer(), totals: Totals,
  /** awards this calendar year (Asia/Shanghai) less their corrections; spending does not lower it */
  earnedThisYear: Type.Integer(),
});


/** A list of people's accounts (the console): names masked. */
export const AccountPage = Type.Object({
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  items: Type.Array(Type.Object({ id: Type.String(), ledger: Type.String(), regionCode: Nullable(Type.String()), name: Nullable(Type.String()), balance: Type.Integer(), available: Type.Integer(), pendingIn: Type.Integer() })),
});

/** A line of my own history, with the case it came from (a report closed, a 满意 rating, a claim naming one). */
export const MyHistoryItem = Type.Intersect([HistoryItem, Type.Object({
  source: Nullable(Type.Union([Type.Literal('claim'), Type.Literal('case.closed'), Type.Literal('case.rated')])),
  case: Nullable(Type.Object({ id: Type.String(), no: Type.String(), title: Type.String() })),
})]);

/** The ledgers a person reads as their own: a villager's points, a grid worker's service points, a party member's 服务积分. */
export const MyLedger = Type.Union([Type.Literal('resident'), Type.Literal('grid_worker'), Type.Literal('party_service')]);
export type MyLedger = Static<typeof MyLedger>;

export const MyPoints = Type.Object({
  ledger: MyLedger,
  account: Nullable(AccountView), spendable: Type.Integer(), pending: Type.Integer(), earnedThisYear: Type.Integer(),
  /** the caller's household (户): its members' points summed (residents' points only) */
  household: Nullable(Type.Object({ id: Type.String(), members: Type.Integer(), spendable: Type.Integer(), earnedThisYear: Type.Integer() })),
  history: Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(MyHistoryItem) }),
});

/**
 * A household's points as its page shows them to staff with need-to-know: the members' resident
 * accounts summed, and their latest lines (whose, in or out, why, the case it came from; names masked).
 */
export const HouseholdPoints = Type.Object({
  householdId: Type.String(), members: Type.Integer(),
  /** posted: credits − debits */
  balance: Type.Integer(),
  /** less what the shop holds for a pickup: what can be spent now */
  available: Type.Integer(),
  earnedThisYear: Type.Integer(),
  recent: Type.Array(Type.Object({
    id: Type.String(), at: Time, memberName: Nullable(Type.String()),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]), change: Type.Integer(), amount: Type.Integer(),
    kind: TransferView.properties.kind, code: TransferView.properties.code, status: TransferView.properties.status, ruleId: Nullable(Type.String()), reason: Nullable(Type.String()),
    /** the earning rule's name where the village has it (a rule of the household's village or above) */
    ruleName: Nullable(Type.Object({ zh: Type.String(), en: Type.String() })),
    source: Nullable(Type.Union([Type.Literal('claim'), Type.Literal('case.closed'), Type.Literal('case.rated')])),
    case: Nullable(Type.Object({ id: Type.String(), no: Type.String(), title: Type.String() })),
  })),
});
export type HouseholdPoints = Static<typeof HouseholdPoints>;

// ---- earning rules, settings, claims
export const RegionCode = Type.String({ pattern: '^\\d{6}(\\d{3}){0,4}$', maxLength: 18 });
export const Village = Type.String({ pattern: '^\\d{12}$' });
export const Reason = Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' });
export const Cap = Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100_000 })));

export const ClaimStatus = Type.Union([Type.Literal('reviewing'), Type.Literal('rejected'), Type.Literal('noticed'), Type.Literal('objected'), Type.Literal('posted'), Type.Literal('voided')]);

export const RuleView = Type.Object({
  id: Type.String(), regionCode: Type.String(), key: Type.String(), version: Type.Integer(), nameZh: Type.String(), nameEn: Type.String(),
  ledger: Type.Union([Type.Literal('resident'), Type.Literal('grid_worker')]), amount: Type.Integer(), trigger: Type.Union([Type.Literal('claim'), Type.Literal('case.closed'), Type.Literal('case.rated')]), categoryCode: Nullable(Type.String()),
  capDay: Nullable(Type.Integer()), capMonth: Nullable(Type.Integer()), capYear: Nullable(Type.Integer()),
  needsPhoto: Type.Boolean(), needsGps: Type.Boolean(), needsCase: Type.Boolean(), skipReview: Type.Boolean(), publicNotice: Type.Boolean(), active: Type.Boolean(), createdAt: Time,
});
export const SettingsView = Type.Object({ regionCode: Nullable(Type.String()), quorum: Type.Integer(), noticeDays: Type.Integer(), recheckDays: Type.Integer(), yuanPerPoint: Type.Number() });
export const Scorers = Type.Array(Type.Object({ userId: Type.String(), name: Nullable(Type.String()) }));

export const ClaimView = Type.Object({
  id: Type.String(), regionCode: Type.String(), status: ClaimStatus, source: Type.String(), sourceId: Nullable(Type.String()),
  rule: Type.Object({ key: Type.String(), version: Type.Integer(), nameZh: Type.String(), nameEn: Type.String(), ledger: Type.Union([Type.Literal('resident'), Type.Literal('grid_worker')]) }),
  amount: Type.Integer(), postedAmount: Nullable(Type.Integer()),
  beneficiary: Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()) }), householdId: Nullable(Type.String()), byProxy: Type.Boolean(),
  note: Nullable(Type.String()), photos: Type.Array(Type.String()), photoCount: Type.Integer(), hasLocation: Type.Boolean(), lat: Nullable(Type.Number()), lon: Nullable(Type.Number()),
  eventTime: Time, createdAt: Time, noticeFrom: Nullable(Time), noticeUntil: Nullable(Time), recheckDue: Nullable(Time), decisionReason: Nullable(Type.String()),
  votes: Type.Array(Type.Object({ reviewer: Nullable(Type.String()), decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]), reason: Nullable(Type.String()), at: Time })),
  approvals: Type.Integer(), rejections: Type.Integer(), myVote: Nullable(Type.Union([Type.Literal('approve'), Type.Literal('reject')])),
  objectionCount: Type.Integer(), objections: Type.Array(Type.Object({ reason: Type.String(), at: Time })), iObjected: Type.Boolean(),
});
export const ClaimPage = Type.Object({ items: Type.Array(ClaimView), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });

export const PointsReport = Type.Object({
  regionCode: Type.String(), month: Type.String(), yuanPerPoint: Type.Number(),
  liability: Type.Object({ accounts: Type.Integer(), points: Type.Integer(), yuan: Type.Number() }), median: Type.Number(), households: Type.Integer(),
  alerts: Type.Array(Type.Object({ householdId: Type.String(), label: Nullable(Type.String()), earned: Type.Integer(), claims: Type.Integer(), timesMedian: Nullable(Type.Number()) })),
});

export type TransferView = Static<typeof TransferView>;
export type HistoryItem = Static<typeof HistoryItem>;
export type MyHistoryItem = Static<typeof MyHistoryItem>;
export type AccountView = Static<typeof AccountView>;
export type MyPoints = Static<typeof MyPoints>;
export type AccountPage = Static<typeof AccountPage>;
export type RuleView = Static<typeof RuleView>;
export type SettingsView = Static<typeof SettingsView>;
export type Scorers = Static<typeof Scorers>;
export type ClaimView = Static<typeof ClaimView>;
export type ClaimPage = Static<typeof ClaimPage>;
export type PointsReport = Static<typeof PointsReport>;
