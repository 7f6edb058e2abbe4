/**
 * The village the points VOPR's claims happen in (points-vopr-claims.ts): a township leader (复核), a
 * scoring group of five, three households of one to three people and two villagers without one, two
 * grid workers; one working day of 公示 and of 复核 so the workload's clock reaches the posting job; and
 * the village's own rules beside the defaults (a plain claim, one paid at once, one put on notice
 * without review, a grid worker's). Every person's account is opened in the memory ledger too.
 */
import type { VillageBrain } from '../../src/app.ts';
import { uuidv7, type Ledger } from '../../src/points/index.ts';
import type { MemoryLedger } from '../../src/points/memory-ledger.ts';
import { makeArea, makeHousehold, makeResident, makeStaff } from '../builders/index.ts';
import type { ModelRule } from './points-vopr-claims-model.ts';

export type Core = Pick<VillageBrain, 'services' | 'platform'>;
export type Two = 'resident' | 'grid_worker';

export interface Village {
  code: string;
  leader: string;
  rules: Map<string, ModelRule>;
  residents: { id: string; householdId: string | null }[];
  scorers: string[];
  workers: string[];
  /** `${userId}|${ledger}` → account id */
  accounts: Map<string, string>;
  issuance: Record<Two, string>;
}

const OUR_RULES = [
  { key: 'vopr_plain', amount: 3, nameZh: '测试：普通申报', nameEn: 'VOPR: a plain claim' },
  { key: 'vopr_direct', amount: 4, skipReview: true, publicNotice: false, nameZh: '测试：直接入账', nameEn: 'VOPR: posted at once' },
  { key: 'vopr_notice', amount: 3, skipReview: true, capDay: 6, nameZh: '测试：免审公示', nameEn: 'VOPR: no review, on notice' },
  { key: 'vopr_grid', amount: 2, ledger: 'grid_worker', nameZh: '测试：网格员申报', nameEn: 'VOPR: a grid worker\'s claim' },
];

/** The village, its people and rules; the person accounts opened, by ledger (the ledger's workload spends from them too). */
export async function makeClaimsVillage(core: Core, memory: MemoryLedger): Promise<{ village: Village; opened: Record<Two, string[]> }> {
  const vb = core as VillageBrain;
  const claims = core.services.pointsClaims;
  const db = core.platform.db;
  const area = await makeArea(vb);
  const code = area.villages[0];
  const leader = (await makeStaff(vb, 'leader', area.townships[0])).id;
  await claims.repo.saveSettings(db, { regionCode: code, quorum: 3, noticeDays: 1, recheckDays: 1, yuanPerPoint: 0.2, updatedBy: leader });
  for (const r of OUR_RULES) {
    await claims.repo.insertRule(db, { id: uuidv7(), regionCode: code, ledger: 'resident', trigger: 'claim', capDay: null, capMonth: null, capYear: null, skipReview: false, publicNotice: true, createdBy: leader, ...r });
  }
  const rules = new Map<string, ModelRule>();
  for (const r of await claims.rulesInForceAt(code)) {
    rules.set(r.key, { id: r.id, key: r.key, version: r.version, ledger: r.ledger as Ledger, amount: r.amount, trigger: r.trigger, capDay: r.capDay, capMonth: r.capMonth, capYear: r.capYear, skipReview: r.skipReview, publicNotice: r.publicNotice });
  }
  const residents: Village['residents'] = [];
  for (let i = 0; i < 3; i++) {
    const h = await makeHousehold(vb, { village: code, size: i + 1 });
    for (const m of h.members) residents.push({ id: m.id, householdId: h.household.id });
  }
  for (let i = 0; i < 2; i++) residents.push({ id: (await makeResident(vb, code)).id, householdId: null });
  const scorers: string[] = [];
  for (let i = 0; i < 5; i++) {
    const s = (await makeResident(vb, code)).id;
    await claims.repo.addScorer(db, code, s, leader);
    scorers.push(s);
  }
  const workers: string[] = [];
  for (let i = 0; i < 2; i++) workers.push((await makeStaff(vb, 'grid_worker', code)).id);
  const accounts = new Map<string, string>();
  const issuance: Record<Two, string> = { resident: '', grid_worker: '' };
  const opened: Record<Two, string[]> = { resident: [], grid_worker: [] };
  for (const ledger of ['resident', 'grid_worker'] as const) {
    issuance[ledger] = (await core.services.points.systemAccount(ledger, 'issuance')).id;
    for (const id of ledger === 'resident' ? residents.map((r) => r.id) : workers) {
      const account = (await core.services.points.accountOf(id, ledger)).id;
      accounts.set(`${id}|${ledger}`, account);
      if (!memory.account(account)) memory.open(account, ledger, true);
      opened[ledger].push(account);
    }
  }
  return { village: { code, leader, rules, residents, scorers, workers, accounts, issuance }, opened };
}
