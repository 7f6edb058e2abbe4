/**
 * The points ledger's vocabulary: ledgers, transfer codes and kinds, the shapes of accounts, transfers,
 * results and the view a batch is decided against (the rules that use them are in ledger.ts).
 */
export const LEDGERS = ['resident', 'grid_worker', 'party_service', 'shop_stock'] as const;
export type Ledger = (typeof LEDGERS)[number];
/** Points of these ledgers can be spent; party service points never are (the party-work issue reads them). */
export const SPENDABLE_LEDGERS: readonly Ledger[] = ['resident', 'grid_worker'];

/**
 * What a transfer is for. `award` counts as earned and `deduction` (扣分, from the person to issuance)
 * lowers it; `spend` (the shop) never lowers earned.
 */
export const TRANSFER_CODES = ['award', 'spend', 'correction', 'expiry', 'stock', 'deduction'] as const;
export type TransferCode = (typeof TRANSFER_CODES)[number];

export type TransferKind = 'single' | 'pending' | 'post' | 'void';
export type TransferStatus = 'pending' | 'posted' | 'voided' | 'expired';

/** Largest amount of one transfer: far beyond any award, well inside a safe integer when summed. */
export const MAX_AMOUNT = 1_000_000_000;
/** Longest hold of a pending transfer (a 公示 period with its 复核 fits many times over). */
export const MAX_TIMEOUT_SECONDS = 366 * 86_400;

export interface Balances {
  debitsPosted: number;
  creditsPosted: number;
  debitsPending: number;
  creditsPending: number;
}

export interface Account extends Balances {
  id: string;
  ledger: Ledger;
  debitsMustNotExceedCredits: boolean;
}

export interface TransferInput {
  id: string;
  kind?: TransferKind;
  /** Required for single and pending; post and void take it (and the accounts, code, amount) from the pending transfer. */
  ledger?: Ledger;
  debitAccountId?: string;
  creditAccountId?: string;
  amount?: number;
  code?: TransferCode;
  pendingId?: string | null;
  /** Pending only: seconds until it expires unresolved (0 = never). */
  timeoutSeconds?: number;
  linked?: boolean;
  ruleId?: string | null;
  ruleVersion?: number | null;
  /** (source, source id, rule): pays a report or a log once; unique among transfers. */
  businessKey?: string | null;
  /** Corrections: the posted transfer this one reverses. */
  reversesId?: string | null;
  reason?: string | null;
  /** When the thing happened (ISO); defaults to now. */
  eventTime?: string;
  metadata?: Record<string, unknown>;
}

export interface Transfer {
  id: string;
  kind: TransferKind;
  ledger: Ledger;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
  code: TransferCode;
  pendingId: string | null;
  status: TransferStatus;
  timeoutSeconds: number;
  expiresAt: string | null;
  linked: boolean;
  ruleId: string | null;
  ruleVersion: number | null;
  businessKey: string | null;
  reversesId: string | null;
  reason: string | null;
  eventTime: string;
  metadata: Record<string, unknown>;
  /** When the ledger took it: the time of its effect on posted balances (balance at a date counts by it). */
  createdAt: string;
  /** Both accounts' totals right after it (a repeated create answers with these: the first result). */
  balancesAfter: { debit: Balances; credit: Balances };
}

export type FailureCode =
  | 'POINTS_TRANSFER_INVALID' | 'POINTS_AMOUNT_INVALID' | 'POINTS_ACCOUNT_NOT_FOUND' | 'POINTS_LEDGER_MISMATCH'
  | 'POINTS_TRANSFER_EXISTS' | 'POINTS_BUSINESS_KEY_EXISTS' | 'POINTS_INSUFFICIENT' | 'POINTS_PENDING_NOT_FOUND'
  | 'POINTS_PENDING_RESOLVED' | 'POINTS_PENDING_EXPIRED' | 'POINTS_PENDING_MISMATCH' | 'POINTS_CORRECTION_INVALID'
  | 'POINTS_LINKED_FAILED' | 'POINTS_LINKED_OPEN';

export interface Failure {
  code: FailureCode;
  message: string;
  details?: Record<string, unknown>;
}

export type TransferResult =
  | { id: string; ok: true; existed: boolean; transfer: Transfer; balances: { debit: Balances; credit: Balances } }
  | ({ id: string; ok: false } & Failure);

/** What the batch is decided against: the accounts it touches and the transfers it names. */
export interface LedgerView {
  account(id: string): Account | undefined;
  transfer(id: string): Transfer | undefined;
  /** The id of the transfer holding this business key, if any. */
  businessKey(key: string): string | undefined;
  /** How much of a posted transfer has been reversed already. */
  reversed(id: string): number;
}

export interface BatchOutcome {
  results: TransferResult[];
  /** New transfers, in order. */
  created: Transfer[];
  /** Pending transfers whose status changed. */
  resolved: { id: string; status: TransferStatus }[];
  /** Accounts whose totals changed, with their final totals. */
  accounts: Account[];
}
