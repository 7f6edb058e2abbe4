/**
 * The ledger kept in memory: the pure core (ledger.ts) with every account and transfer in maps. The
 * property tests run random operations against it; the seeded long workload of the bench will too.
 */
import { applyBatch, expirePending, type Account, type Ledger, type LedgerView, type Transfer, type TransferInput, type TransferResult } from './ledger.ts';

export class MemoryLedger implements LedgerView {
  readonly accounts = new Map<string, Account>();
  readonly transfers = new Map<string, Transfer>();
  private keys = new Map<string, string>();
  private reversals = new Map<string, number>();

  account(id: string) { return this.accounts.get(id); }
  transfer(id: string) { return this.transfers.get(id); }
  businessKey(key: string) { return this.keys.get(key); }
  reversed(id: string) { return this.reversals.get(id) ?? 0; }

  open(id: string, ledger: Ledger, debitsMustNotExceedCredits: boolean): Account {
    const a: Account = { id, ledger, debitsMustNotExceedCredits, debitsPosted: 0, creditsPosted: 0, debitsPending: 0, creditsPending: 0 };
    this.accounts.set(id, a);
    return a;
  }

  apply(inputs: readonly TransferInput[], now = new Date()): TransferResult[] {
    const o = applyBatch(this, inputs, now);
    for (const t of o.created) {
      this.transfers.set(t.id, t);
      if (t.businessKey) this.keys.set(t.businessKey, t.id);
      if (t.reversesId) this.reversals.set(t.reversesId, this.reversed(t.reversesId) + t.amount);
    }
    this.commit(o);
    return o.results;
  }

  expire(now: Date): number {
    const o = expirePending(this, [...this.transfers.values()].filter((t) => t.status === 'pending').map((t) => t.id), now);
    this.commit(o);
    return o.resolved.length;
  }

  private commit(o: { resolved: { id: string; status: Transfer['status'] }[]; accounts: Account[] }) {
    for (const r of o.resolved) this.transfers.set(r.id, { ...this.transfers.get(r.id)!, status: r.status });
    for (const a of o.accounts) this.accounts.set(a.id, a);
  }
}
