/**
 * The demo's credit (issue 19 items 2–3), through the services: 柯城农商银行 as the district's partner
 * bank (its API token is the well-known `demo-kecheng-rcb`), 余东村's own quota tiers, a year and more
 * of points earned by 余东村's households (monthly, from a fixed seed — the ledger's awards as the
 * claims pay them), consents of 余大伯's household and every other household there, last month's signed
 * extract for the bank, and last year's dividend of 余东村: entered in January, its 公示 over without
 * objection, paid in February. Deterministic but for the clock: the months are counted back from `now`.
 */
import { HouseholdRoster } from '../households/index.ts';
import type { Platform } from '../platform/context.ts';
import type { ModuleServices as Services } from '../platform/module.ts';
import { uuidv7 } from '../points/index.ts';
import { DEMO_RESIDENTS, DISTRICT, seededRandom } from './demo-data.ts';

export const DEMO_BANK = { code: 'kecheng-rcb', nameZh: '柯城农商银行', nameEn: 'Kecheng Rural Commercial Bank', token: 'demo-kecheng-rcb' };
const RULES = ['garbage_sorting', 'beautiful_courtyard', 'tidy_frontyard', 'volunteer_hour', 'council_meeting'];

/** A Shanghai calendar day at 10:00 as an instant. */
const at = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d, 2));

/** `known`: seeded users by username or phone → id (seed-demo.ts). */
export async function seedCredit(p: Platform, services: Services, codeByName: Map<string, string>, known: Map<string, string>, now = new Date()) {
  const village = codeByName.get('余东村')!;
  await services.credit.addBank(null, { code: DEMO_BANK.code, nameZh: DEMO_BANK.nameZh, nameEn: DEMO_BANK.nameEn, regionCode: DISTRICT.code, token: DEMO_BANK.token });
  const admin = await services.users.actorOf(known.get('admin')!);
  // 余东村 agreed higher steps with the bank than the district's defaults (治村宝积分贷 lends up to ¥100,000)
  await services.credit.saveTiers(admin, village, { bands: [
    { minPoints: 100, quotaYuan: 10_000 }, { minPoints: 300, quotaYuan: 30_000 }, { minPoints: 500, quotaYuan: 50_000 }, { minPoints: 800, quotaYuan: 80_000 }, { minPoints: 1200, quotaYuan: 100_000 },
  ] });

  // points: each member of each 余东村 household earns some most months, from January of last year to last month
  const households = await new HouseholdRoster(p).in(village);
  const issuance = await services.points.systemAccount('resident', 'issuance');
  const rand = seededRandom(19);
  const s = new Date(now.getTime() + 8 * 3_600_000);
  const [year, month] = [s.getUTCFullYear(), s.getUTCMonth()];
  // 余大伯 himself starts the points story with nothing (the points walk-through claims his first award);
  // his household earns through his wife and granddaughter
  const yu = known.get(DEMO_RESIDENTS[0].phone);
  let awards = 0;
  for (const h of households) {
    const keen = 0.5 + rand() * 0.5;
    for (const userId of h.memberIds) {
      if (userId === yu) continue;
      const account = await services.points.accountOf(userId);
      const batch = [];
      for (let m = 0; m < 12 + month; m++) {
        if (rand() > keen) continue;
        const when = at(year - 1, m, 3 + Math.floor(rand() * 24));
        batch.push({ when, amount: 8 + Math.floor(rand() * 50 * keen), rule: RULES[Math.floor(rand() * RULES.length)] });
      }
      for (const b of batch) {
        const [r] = await services.points.apply([{ id: uuidv7(b.when.getTime()), ledger: 'resident', debitAccountId: issuance.id, creditAccountId: account.id, amount: b.amount, code: 'award', ruleId: b.rule, ruleVersion: 1, businessKey: `demo.credit:${userId}:${b.when.toISOString().slice(0, 10)}`, reason: '村积分评定' }], b.when);
        if (r.ok) awards++;
      }
    }
  }

  // consents: every other household, and 余大伯's (the demo villager's) whatever its place
  let consents = 0;
  for (const [i, h] of households.entries()) {
    if (i % 2 === 1 && !(yu && h.memberIds.includes(yu))) continue;
    await services.credit.consent(await services.users.actorOf(h.headUserId), DEMO_BANK.code);
    consents++;
  }

  // last month's signed extract for the bank
  const lastMonth = new Date(Date.UTC(year, month - 1, 1)).toISOString().slice(0, 7);
  const { extract } = await services.creditExtracts.generate(null, { bankCode: DEMO_BANK.code, month: lastMonth }, now);

  // last year's dividend: entered on 15 January, 公示 over without objection, approved and paid on 12 February;
  // the pool is ¥39.60 a household, what 大崇村's ¥165,130 over 417 households came to
  const entered = at(year, 0, 15);
  const d = await services.dividends.create(null, { regionCode: village, title: `${year - 1}年度积分分红`, periodFrom: `${year - 1}-01-01`, periodTo: `${year - 1}-12-31`, poolYuan: (households.length * 39.6).toFixed(2) }, entered);
  await services.dividends.approveDue(at(year, 1, 10));
  await services.dividends.pay(null, d.id, at(year, 1, 12));
  return { households: households.length, awards, consents, extract: { month: lastMonth, rows: extract.rowCount, sha256: extract.sha256 }, dividend: { households: d.households, pool: d.poolYuan } };
}
