/**
 * Credit builders: points earned by a household's members (awards through the ledger at a given time,
 * as the claims would pay them) and a partner bank through the credit service.
 */
import type { VillageBrain } from '../../src/app.ts';
import { uuidv7 } from '../../src/points/index.ts';

/** Award `amount` points for `rule` to a person at `at` (the ledger's time: what "earned in a period" reads). */
export async function awardPoints(vb: VillageBrain, userId: string, amount: number, at: Date, rule = 'garbage_sorting'): Promise<string> {
  const issuance = await vb.services.points.systemAccount('resident', 'issuance');
  const account = await vb.services.points.accountOf(userId);
  const [r] = await vb.services.points.apply([{ id: uuidv7(at.getTime()), ledger: 'resident', debitAccountId: issuance.id, creditAccountId: account.id, amount, code: 'award', ruleId: rule, ruleVersion: 1, reason: 'test award' }], at);
  if (!r.ok) throw new Error(`award refused: ${r.code}`);
  return r.id;
}

/** Spend points of a person at the shop (a purchase: lowers what they can spend, never what they earned). */
export async function spendPoints(vb: VillageBrain, userId: string, amount: number, at = new Date()): Promise<void> {
  const shop = await vb.services.points.systemAccount('resident', 'shop');
  const account = await vb.services.points.accountOf(userId);
  const [r] = await vb.services.points.apply([{ id: uuidv7(at.getTime()), ledger: 'resident', debitAccountId: account.id, creditAccountId: shop.id, amount, code: 'spend' }], at);
  if (!r.ok) throw new Error(`spend refused: ${r.code}`);
}

let bankCounter = 0;
/** A partner bank serving `regionCode` (a district), with its API token. */
export async function makeBank(vb: VillageBrain, regionCode: string, nameZh = '柯城农商银行') {
  const code = `bank-${process.pid}-${++bankCounter}`;
  return vb.services.credit.addBank(null, { code, nameZh, nameEn: 'Kecheng Rural Commercial Bank', regionCode });
}
