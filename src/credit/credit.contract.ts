/** What the credit module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

export const BandSchema = Type.Object({ minPoints: Type.Integer({ minimum: 1, maximum: 10_000_000 }), quotaYuan: Type.Integer({ minimum: 1, maximum: 10_000_000 }) }, { additionalProperties: false });
export const TierTable = Type.Object({ regionCode: Type.String(), version: Type.Integer(), bands: Type.Array(BandSchema) });
export type TierTable = Static<typeof TierTable>;

export const Bank = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), regionCode: Type.String() });
export type Bank = Static<typeof Bank>;
export const NewBank = Type.Object({ bank: Bank, token: Type.String() });

const MixLine = Type.Object({ rule: Type.String(), name: Type.String(), points: Type.Integer() });
const Status = Type.Union([Type.Literal('noticed'), Type.Literal('objected'), Type.Literal('approved'), Type.Literal('paid'), Type.Literal('withdrawn')]);

/** GET /api/me/credit: 我的贷款额度 and 我的分红 (null household: the caller belongs to none). */
export const MyCredit = Type.Object({
  household: Nullable(Type.Object({ id: Type.String(), regionCode: Type.String(), label: Nullable(Type.String()) })),
  quota: Nullable(Type.Object({
    from: DateTime, to: DateTime, earned: Type.Integer(), tier: Type.Integer(), quotaYuan: Type.Integer(),
    next: Nullable(Type.Object({ minPoints: Type.Integer(), quotaYuan: Type.Integer(), pointsToGo: Type.Integer() })),
    tiersVersion: Type.Integer(), bands: Type.Array(BandSchema), mix: Type.Array(MixLine),
  })),
  consents: Type.Array(Type.Object({ id: Type.String(), bankCode: Type.String(), bankName: Type.String(), grantedAt: DateTime, withdrawnAt: Nullable(DateTime) })),
  banks: Type.Array(Bank),
  dividends: Type.Array(Type.Object({
    id: Type.String(), title: Type.String(), periodFrom: Type.String(), periodTo: Type.String(), status: Status,
    points: Type.Integer(), payoutYuan: Type.String(), totalPoints: Type.Integer(), poolYuan: Type.String(), noticeUntil: DateTime, paidAt: Nullable(DateTime),
  })),
});
export type MyCredit = Static<typeof MyCredit>;

export const ConsentPage = Type.Object({
  total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(),
  items: Type.Array(Type.Object({
    id: Type.String(), householdId: Type.String(), household: Type.String(), regionCode: Type.String(), regionName: Type.String(),
    bankCode: Type.String(), bankName: Type.String(), grantedAt: DateTime, withdrawnAt: Nullable(DateTime),
  })),
});
export type ConsentPage = Static<typeof ConsentPage>;

export const Extract = Type.Object({
  id: Type.String(), bankCode: Type.String(), regionCode: Type.String(), month: Type.String(), tiersVersion: Type.Integer(), rowCount: Type.Integer(),
  sha256: Type.String(), signature: Type.String(), jsonSha256: Type.String(), jsonSignature: Type.String(), keyId: Type.String(), publicKeyPem: Type.String(), createdAt: DateTime,
});
export type Extract = Static<typeof Extract>;
export const ExtractMade = Type.Object({ existed: Type.Boolean(), extract: Extract });
/** The bank's JSON: `document` is the exact text jsonSha256 and jsonSignature cover (parse it after verifying). */
export const BankExtract = Type.Intersect([Extract, Type.Object({ document: Type.String() })]);
export const SigningKey = Type.Object({ algorithm: Type.Literal('Ed25519'), keyId: Type.String(), publicKeyPem: Type.String() });

export const DividendSummary = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), title: Type.String(), periodFrom: Type.String(), periodTo: Type.String(),
  poolYuan: Type.String(), totalPoints: Type.Integer(), households: Type.Integer(), yuanPerPoint: Type.String(), status: Status,
  noticeFrom: DateTime, noticeUntil: DateTime, decisionReason: Nullable(Type.String()), paidAt: Nullable(DateTime), fileSha256: Type.String(), createdAt: DateTime,
});
export type DividendSummary = Static<typeof DividendSummary>;
export const DividendView = Type.Intersect([DividendSummary, Type.Object({
  objections: Type.Array(Type.Object({ reason: Type.String(), at: DateTime })),
  shares: Type.Array(Type.Object({ householdId: Type.String(), label: Type.String(), head: Type.String(), points: Type.Integer(), payoutYuan: Type.String() })),
})]);
export type DividendView = Static<typeof DividendView>;
export const DividendBoard = Type.Object({
  regionCode: Nullable(Type.String()),
  items: Type.Array(Type.Intersect([DividendSummary, Type.Object({ iObjected: Type.Boolean(), shares: Type.Array(Type.Object({ household: Type.String(), points: Type.Integer(), payoutYuan: Type.String() })) })])),
});
export type DividendBoard = Static<typeof DividendBoard>;
