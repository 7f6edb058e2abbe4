/**
 * The points API's answers as the web reads them. The points routes (src/points/claims.routes.ts,
 * points.routes.ts) declare their schemas inline and export no contract types yet, so these mirror
 * them field by field; when a `points.contract.ts` appears, these become `import type` re-exports.
 */
export type ClaimStatus = 'reviewing' | 'rejected' | 'noticed' | 'objected' | 'posted' | 'voided';
export type RuleTrigger = 'claim' | 'case.closed' | 'case.rated';
export type RuleLedger = 'resident' | 'grid_worker';

export interface RuleView {
  id: string; regionCode: string; key: string; version: number; nameZh: string; nameEn: string;
  ledger: RuleLedger; amount: number; trigger: RuleTrigger; categoryCode: string | null;
  capDay: number | null; capMonth: number | null; capYear: number | null;
  needsPhoto: boolean; needsGps: boolean; skipReview: boolean; publicNotice: boolean; active: boolean; createdAt: string;
}

export interface SettingsView { regionCode: string | null; quorum: number; noticeDays: number; recheckDays: number; yuanPerPoint: number }
export type Scorers = { userId: string; name: string | null }[];

export interface ClaimView {
  id: string; regionCode: string; status: ClaimStatus; source: string; sourceId: string | null;
  rule: { key: string; version: number; nameZh: string; nameEn: string; ledger: RuleLedger };
  amount: number; postedAmount: number | null;
  beneficiary: { id: string | null; name: string | null }; householdId: string | null; byProxy: boolean;
  note: string | null; photos: string[]; photoCount: number; hasLocation: boolean; lat: number | null; lon: number | null;
  eventTime: string; createdAt: string; noticeFrom: string | null; noticeUntil: string | null; recheckDue: string | null; decisionReason: string | null;
  votes: { reviewer: string | null; decision: 'approve' | 'reject'; reason: string | null; at: string }[];
  approvals: number; rejections: number; myVote: 'approve' | 'reject' | null;
  objectionCount: number; objections: { reason: string; at: string }[]; iObjected: boolean;
}
export interface ClaimPage { items: ClaimView[]; total: number; limit: number; offset: number }

export interface HistoryItem {
  id: string; kind: 'single' | 'pending' | 'post' | 'void'; ledger: string; amount: number;
  code: 'award' | 'spend' | 'correction' | 'expiry' | 'stock' | 'deduction';
  status: 'pending' | 'posted' | 'voided' | 'expired'; pendingId: string | null; reversesId: string | null; reason: string | null;
  ruleId: string | null; ruleVersion: number | null; businessKey: string | null; eventTime: string; createdAt: string;
  direction: 'in' | 'out'; change: number; balanceAfter: number; counterparty: string | null;
}
export interface MyPoints {
  account: { id: string } | null; spendable: number; pending: number; earnedThisYear: number;
  history: { total: number; limit: number; offset: number; items: HistoryItem[] };
}

export interface PointsReport {
  regionCode: string; month: string; yuanPerPoint: number;
  liability: { accounts: number; points: number; yuan: number }; median: number; households: number;
  alerts: { householdId: string; label: string | null; earned: number; claims: number; timesMedian: number | null }[];
}
