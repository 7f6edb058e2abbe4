/**
 * The points ledger's rules, pure (no I/O): TigerBeetle's double-entry semantics over integer points.
 *
 * - An account keeps four totals (debits/credits, posted/pending) and flags; its balance is credits −
 *   debits. A spendable account has `debitsMustNotExceedCredits`: debits posted + pending + the new
 *   amount may not pass credits posted, so no balance goes below zero, even with holds outstanding.
 * - A transfer is immutable and moves `amount` (an integer > 0) from its debit account to its credit
 *   account within ONE ledger (across ledgers is refused). Its id comes from the client (UUIDv7): the
 *   same id with the same fields is the first result again; with other fields it is an error.
 * - Two phases: a `pending` transfer holds the amount (pending totals); a later `post` moves up to that
 *   amount to posted, a `void` releases it, and a pending with a timeout expires when it runs out. A
 *   pending transfer resolves exactly once; only its status changes (pending → posted|voided|expired).
 * - `linked` chains: a transfer with `linked: true` binds the next one; a chain applies whole or not at all.
 * - Corrections are new transfers (code `correction`) that reverse a posted one, with a reason; never edits.
 * - Earned ≠ spendable: "earned in a period" counts awards (less their corrections) credited to the
 *   account, so spending in the shop never lowers what loans, dividends and rankings read.
 *
 * `applyBatch` decides a batch against a `LedgerView` (what the repository loaded and locked, or the
 * in-memory ledger of the tests) and returns what to write; it never mutates the view.
 */
import {
  MAX_AMOUNT, MAX_TIMEOUT_SECONDS, type Account, type Balances, type BatchOutcome, type Failure, type FailureCode,
  type LedgerView, type Transfer, type TransferInput, type TransferResult, type TransferStatus,
} from './ledger-model.ts';

export * from './ledger-model.ts';


// the code as `{ code: '…' }` so the error catalogue's scan finds it (test/error-catalogue.test.ts)
const fail = ({ code }: { code: FailureCode }, message: string, details?: Record<string, unknown>): Failure => ({ code, message, details });
const totals = (a: Balances): Balances => ({ debitsPosted: a.debitsPosted, creditsPosted: a.creditsPosted, debitsPending: a.debitsPending, creditsPending: a.creditsPending });
export const balanceOf = (a: Balances) => a.creditsPosted - a.debitsPosted;
/** What a spendable account can still spend: its balance less what pending debits hold. */
export const availableOf = (a: Balances) => a.creditsPosted - a.debitsPosted - a.debitsPending;

/** JSON with sorted keys: metadata read back from jsonb has its keys reordered. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Ids are UUIDs (the client's, UUIDv7 by convention); anything else names no account or transfer. */
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_AMOUNT;

/** The fields of `input` that differ from the stored transfer with its id (empty: the same transfer). */
export function differences(input: TransferInput, t: Transfer): string[] {
  const out: string[] = [];
  const same = (field: string, given: unknown, stored: unknown) => { if (given !== stored) out.push(field); };
  same('kind', input.kind ?? 'single', t.kind);
  // post and void may leave these to the pending transfer: compare what was given
  if (input.ledger !== undefined) same('ledger', input.ledger, t.ledger);
  if (input.debitAccountId !== undefined) same('debitAccountId', input.debitAccountId, t.debitAccountId);
  if (input.creditAccountId !== undefined) same('creditAccountId', input.creditAccountId, t.creditAccountId);
  if (input.amount !== undefined) same('amount', input.amount, t.amount);
  if (input.code !== undefined) same('code', input.code, t.code);
  same('pendingId', input.pendingId ?? null, t.pendingId);
  same('timeoutSeconds', input.timeoutSeconds ?? 0, t.timeoutSeconds);
  same('linked', input.linked ?? false, t.linked);
  // a post or void not naming a rule takes the pending's (below): compare the rule only when given
  const resolves = input.kind === 'post' || input.kind === 'void';
  if (!resolves || input.ruleId !== undefined) same('ruleId', input.ruleId ?? null, t.ruleId);
  if (!resolves || input.ruleVersion !== undefined) same('ruleVersion', input.ruleVersion ?? null, t.ruleVersion);
  same('businessKey', input.businessKey ?? null, t.businessKey);
  same('reversesId', input.reversesId ?? null, t.reversesId);
  same('reason', input.reason ?? null, t.reason);
  if (input.eventTime !== undefined && new Date(input.eventTime).getTime() !== new Date(t.eventTime).getTime()) out.push('eventTime');
  same('metadata', stableJson(input.metadata ?? {}), stableJson(t.metadata));
  return out;
}

/** The working state of one batch: copies of what changed, over the view. */
class Working implements LedgerView {
  accounts = new Map<string, Account>();
  transfers = new Map<string, Transfer>();
  keys = new Map<string, string>();
  reversals = new Map<string, number>();
  created: Transfer[] = [];
  resolved = new Map<string, TransferStatus>();

  constructor(private view: LedgerView) {}
  account(id: string) { return this.accounts.get(id) ?? this.view.account(id); }
  transfer(id: string) { return this.transfers.get(id) ?? this.view.transfer(id); }
  businessKey(key: string) { return this.keys.get(key) ?? this.view.businessKey(key); }
  reversed(id: string) { return this.reversals.get(id) ?? this.view.reversed(id); }

  /** A copy to change (copy on first write, so a failed chain can drop it). */
  mutable(id: string): Account {
    let a = this.accounts.get(id);
    if (!a) this.accounts.set(id, (a = { ...this.view.account(id)! }));
    return a;
  }

  snapshot() {
    return {
      accounts: new Map([...this.accounts].map(([k, v]) => [k, { ...v }])), transfers: new Map(this.transfers), keys: new Map(this.keys),
      reversals: new Map(this.reversals), created: this.created.length, resolved: new Map(this.resolved),
    };
  }

  restore(s: ReturnType<Working['snapshot']>) {
    Object.assign(this, { accounts: s.accounts, transfers: s.transfers, keys: s.keys, reversals: s.reversals, resolved: s.resolved });
    this.created.length = s.created;
  }
}

/** One transfer against the working state: the stored transfer (new or existing) or why not. */
function applyOne(w: Working, input: TransferInput, now: Date): { transfer: Transfer; existed: boolean } | Failure {
  if (typeof input.id !== 'string' || !UUID.test(input.id)) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'A transfer needs a UUID for its id', { field: 'id' });
  const existing = w.transfer(input.id);
  if (existing) {
    const diff = differences(input, existing);
    if (diff.length) return fail({ code: 'POINTS_TRANSFER_EXISTS' }, `Transfer ${input.id} exists with other ${diff.join(', ')}`, { id: input.id, fields: diff });
    return { transfer: existing, existed: true };
  }
  const kind = input.kind ?? 'single';
  const eventTime = input.eventTime ?? now.toISOString();
  if (Number.isNaN(new Date(eventTime).getTime())) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'eventTime is not a time', { field: 'eventTime' });
  if (input.businessKey != null) {
    const holder = w.businessKey(input.businessKey);
    if (holder) return fail({ code: 'POINTS_BUSINESS_KEY_EXISTS' }, `Business key ${input.businessKey} was used by transfer ${holder}`, { businessKey: input.businessKey, transferId: holder });
  }
  const base = {
    id: input.id, kind, pendingId: input.pendingId ?? null, linked: input.linked ?? false, ruleId: input.ruleId ?? null, ruleVersion: input.ruleVersion ?? null,
    businessKey: input.businessKey ?? null, reversesId: input.reversesId ?? null, reason: input.reason ?? null, eventTime: new Date(eventTime).toISOString(),
    metadata: input.metadata ?? {}, createdAt: now.toISOString(),
  };
  let transfer: Omit<Transfer, 'balancesAfter'>;
  if (kind === 'single' || kind === 'pending') {
    const { ledger, debitAccountId: dr, creditAccountId: cr, amount, code } = input;
    if (!ledger || !dr || !cr || !code) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'A transfer needs a ledger, both accounts and a code');
    if (!isAmount(amount)) return fail({ code: 'POINTS_AMOUNT_INVALID' }, `The amount must be a whole number from 1 to ${MAX_AMOUNT}`, { field: 'amount' });
    if (dr === cr) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'The debit and credit accounts are the same', { field: 'creditAccountId' });
    if (input.pendingId != null) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'Only a post or void names a pending transfer', { field: 'pendingId' });
    const timeout = input.timeoutSeconds ?? 0;
    if (!Number.isSafeInteger(timeout) || timeout < 0 || timeout > MAX_TIMEOUT_SECONDS || (timeout > 0 && kind !== 'pending')) {
      return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'Only a pending transfer has a timeout (whole seconds)', { field: 'timeoutSeconds' });
    }
    const debit = w.account(dr);
    const credit = w.account(cr);
    if (!debit || !credit) return fail({ code: 'POINTS_ACCOUNT_NOT_FOUND' }, `No account ${debit ? cr : dr}`, { accountId: debit ? cr : dr });
    if (debit.ledger !== ledger || credit.ledger !== ledger) {
      return fail({ code: 'POINTS_LEDGER_MISMATCH' }, 'Both accounts must be in the transfer\'s ledger', { ledger, debitLedger: debit.ledger, creditLedger: credit.ledger });
    }
    if ((code === 'correction') !== (input.reversesId != null)) return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'A correction, and only a correction, reverses a transfer', { field: 'reversesId' });
    if (code === 'correction') {
      const original = w.transfer(input.reversesId!);
      if (!input.reason?.trim()) return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'A correction needs a reason', { field: 'reason' });
      if (kind !== 'single') return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'A correction posts at once', { field: 'kind' });
      if (!original || original.status !== 'posted' || (original.kind !== 'single' && original.kind !== 'post') || original.code === 'correction') {
        return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'Only a posted transfer that is not itself a correction can be reversed', { reversesId: input.reversesId });
      }
      if (original.debitAccountId !== cr || original.creditAccountId !== dr) return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'A correction moves points back between the same two accounts', { reversesId: original.id });
      const left = original.amount - w.reversed(original.id);
      if (amount > left) return fail({ code: 'POINTS_CORRECTION_INVALID' }, `Only ${left} of transfer ${original.id} is left to reverse`, { reversesId: original.id, left });
    }
    if (debit.debitsMustNotExceedCredits && debit.debitsPosted + debit.debitsPending + amount > debit.creditsPosted) {
      return fail({ code: 'POINTS_INSUFFICIENT' }, `Account ${dr} has ${availableOf(debit)} points available`, { accountId: dr, available: availableOf(debit), amount });
    }
    const d = w.mutable(dr);
    const c = w.mutable(cr);
    if (kind === 'pending') {
      d.debitsPending += amount;
      c.creditsPending += amount;
    } else {
      d.debitsPosted += amount;
      c.creditsPosted += amount;
    }
    if (code === 'correction') w.reversals.set(input.reversesId!, w.reversed(input.reversesId!) + amount);
    transfer = {
      ...base, ledger, debitAccountId: dr, creditAccountId: cr, amount, code, status: kind === 'pending' ? 'pending' : 'posted', timeoutSeconds: timeout,
      expiresAt: timeout > 0 ? new Date(now.getTime() + timeout * 1000).toISOString() : null,
    };
  } else if (kind === 'post' || kind === 'void') {
    if (!input.pendingId) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'A post or void names its pending transfer', { field: 'pendingId' });
    const p = w.transfer(input.pendingId);
    if (!p || p.kind !== 'pending') return fail({ code: 'POINTS_PENDING_NOT_FOUND' }, `No pending transfer ${input.pendingId}`, { pendingId: input.pendingId });
    if (p.status === 'expired' || (p.status === 'pending' && p.expiresAt && now.getTime() >= new Date(p.expiresAt).getTime())) {
      return fail({ code: 'POINTS_PENDING_EXPIRED' }, `Pending transfer ${p.id} has expired`, { pendingId: p.id });
    }
    if (p.status !== 'pending') return fail({ code: 'POINTS_PENDING_RESOLVED' }, `Pending transfer ${p.id} is already ${p.status}`, { pendingId: p.id, status: p.status });
    const mismatch = (['ledger', 'debitAccountId', 'creditAccountId', 'code'] as const).filter((f) => input[f] !== undefined && input[f] !== p[f]);
    if (mismatch.length) return fail({ code: 'POINTS_PENDING_MISMATCH' }, `Not as the pending transfer: ${mismatch.join(', ')}`, { pendingId: p.id, fields: mismatch });
    const amount = input.amount ?? p.amount;
    if (!isAmount(amount) || amount > p.amount || (kind === 'void' && amount !== p.amount)) {
      return fail({ code: 'POINTS_AMOUNT_INVALID' }, kind === 'void' ? 'A void releases the whole pending amount' : `At most the pending ${p.amount} can be posted`, { field: 'amount', pending: p.amount });
    }
    if (input.timeoutSeconds) return fail({ code: 'POINTS_TRANSFER_INVALID' }, 'Only a pending transfer has a timeout', { field: 'timeoutSeconds' });
    if (input.reversesId != null) return fail({ code: 'POINTS_CORRECTION_INVALID' }, 'A post or void reverses nothing', { field: 'reversesId' });
    const d = w.mutable(p.debitAccountId);
    const c = w.mutable(p.creditAccountId);
    d.debitsPending -= p.amount;
    c.creditsPending -= p.amount;
    if (kind === 'post') {
      d.debitsPosted += amount;
      c.creditsPosted += amount;
    }
    const status: TransferStatus = kind === 'post' ? 'posted' : 'voided';
    w.transfers.set(p.id, { ...p, status });
    w.resolved.set(p.id, status);
    transfer = {
      ...base, ledger: p.ledger, debitAccountId: p.debitAccountId, creditAccountId: p.creditAccountId, amount, code: p.code, status, timeoutSeconds: 0, expiresAt: null,
      // the rule that earned it travels with the posting, so earned-in-period reads one row
      ruleId: input.ruleId ?? p.ruleId, ruleVersion: input.ruleVersion ?? p.ruleVersion,
    };
  } else {
    return fail({ code: 'POINTS_TRANSFER_INVALID' }, `No transfer kind ${String(kind)}`, { field: 'kind' });
  }
  const stored: Transfer = { ...transfer, balancesAfter: { debit: totals(w.account(transfer.debitAccountId)!), credit: totals(w.account(transfer.creditAccountId)!) } };
  w.transfers.set(stored.id, stored);
  if (stored.businessKey) w.keys.set(stored.businessKey, stored.id);
  w.created.push(stored);
  return { transfer: stored, existed: false };
}

/**
 * Decide a batch: independent transfers succeed or fail one by one (as in TigerBeetle), a linked chain
 * as a whole. Returns a result per input, in order, and what to write.
 */
export function applyBatch(view: LedgerView, inputs: readonly TransferInput[], now: Date): BatchOutcome {
  const w = new Working(view);
  const results: TransferResult[] = new Array(inputs.length);
  let start = 0;
  while (start < inputs.length) {
    let end = start;
    while (end < inputs.length && inputs[end].linked) end++;
    if (end === inputs.length) {
      // the batch ends inside a chain: nothing of it applies
      for (let i = start; i < inputs.length; i++) results[i] = { id: inputs[i].id, ok: false, ...fail({ code: 'POINTS_LINKED_OPEN' }, 'The last transfer of a batch may not be linked') };
      break;
    }
    // a chain of one needs no snapshot: applyOne checks everything before it changes anything, so a
    // refusal leaves the working state as it was (a snapshot per transfer made a batch's cost its square)
    const before = end > start ? w.snapshot() : null;
    const outcomes: ({ transfer: Transfer; existed: boolean } | Failure)[] = [];
    let failedAt = -1;
    for (let i = start; i <= end; i++) {
      const r = applyOne(w, inputs[i], now);
      outcomes.push(r);
      if ('code' in r) { failedAt = i; break; }
    }
    if (failedAt >= 0) {
      if (before) w.restore(before);
      const why = outcomes.at(-1) as Failure;
      for (let i = start; i <= end; i++) {
        results[i] = i === failedAt ? { id: inputs[i].id, ok: false, ...why }
          : { id: inputs[i].id, ok: false, ...fail({ code: 'POINTS_LINKED_FAILED' }, `Transfer ${inputs[failedAt].id} of the linked chain failed (${why.code})`, { failedId: inputs[failedAt].id, failedCode: why.code }) };
      }
    } else {
      outcomes.forEach((r, k) => {
        const { transfer, existed } = r as { transfer: Transfer; existed: boolean };
        results[start + k] = { id: transfer.id, ok: true, existed, transfer, balances: transfer.balancesAfter };
      });
    }
    start = end + 1;
  }
  return { results, created: w.created, resolved: [...w.resolved].map(([id, status]) => ({ id, status })), accounts: [...w.accounts.values()] };
}

/** Pending transfers whose timeout has run out: released, their status `expired`. */
export function expirePending(view: LedgerView, pendingIds: readonly string[], now: Date): Pick<BatchOutcome, 'resolved' | 'accounts'> {
  const w = new Working(view);
  for (const id of pendingIds) {
    const p = w.transfer(id);
    if (!p || p.status !== 'pending' || !p.expiresAt || new Date(p.expiresAt).getTime() > now.getTime()) continue;
    w.mutable(p.debitAccountId).debitsPending -= p.amount;
    w.mutable(p.creditAccountId).creditsPending -= p.amount;
    w.transfers.set(id, { ...p, status: 'expired' });
    w.resolved.set(id, 'expired');
  }
  return { resolved: [...w.resolved].map(([id, status]) => ({ id, status })), accounts: [...w.accounts.values()] };
}

/** The accounts and transfers a batch must load: the accounts it names and the transfers it refers to. */
export function referencesOf(inputs: readonly TransferInput[]): { accountIds: string[]; transferIds: string[]; businessKeys: string[] } {
  const accountIds = new Set<string>();
  const transferIds = new Set<string>();
  const businessKeys = new Set<string>();
  for (const t of inputs) {
    if (typeof t.debitAccountId === 'string') accountIds.add(t.debitAccountId);
    if (typeof t.creditAccountId === 'string') accountIds.add(t.creditAccountId);
    if (typeof t.id === 'string') transferIds.add(t.id);
    if (typeof t.pendingId === 'string') transferIds.add(t.pendingId);
    if (typeof t.reversesId === 'string') transferIds.add(t.reversesId);
    if (typeof t.businessKey === 'string') businessKeys.add(t.businessKey);
  }
  return { accountIds: [...accountIds], transferIds: [...transferIds], businessKeys: [...businessKeys] };
}

/**
 * Points earned by an account in [from, to): awards credited to it less deductions debited from it, and
 * less (or, for a deduction, plus) the corrections that reversed them, by the time they took effect.
 * Spending (and its corrections) does not count.
 */
export function earnedIn(transfers: Iterable<Transfer>, accountId: string, from: Date, to: Date, codesById?: ReadonlyMap<string, string>): number {
  const all = [...transfers];
  const codes = codesById ?? new Map(all.map((t) => [t.id, t.code]));
  let sum = 0;
  for (const t of all) {
    const at = new Date(t.createdAt).getTime();
    if (at < from.getTime() || at >= to.getTime() || t.status !== 'posted' || (t.kind !== 'single' && t.kind !== 'post')) continue;
    if (t.code === 'award' && t.creditAccountId === accountId) sum += t.amount;
    if (t.code === 'deduction' && t.debitAccountId === accountId) sum -= t.amount;
    if (t.code !== 'correction' || !t.reversesId) continue;
    const reversed = codes.get(t.reversesId);
    if (reversed === 'award' && t.debitAccountId === accountId) sum -= t.amount;
    if (reversed === 'deduction' && t.creditAccountId === accountId) sum += t.amount;
  }
  return sum;
}
