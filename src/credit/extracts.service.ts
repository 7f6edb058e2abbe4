/**
 * The signed monthly extract for a bank (信用贷): the households of the bank's area that consent to it,
 * each with the points earned in the 12 months to the month's end, its tier and quota band and the rule
 * mix. Made once per bank, area and month (asking again answers the one made); the rows are kept, so the
 * XLSX renders again to the same bytes — its SHA-256 and Ed25519 signature, and those of the canonical
 * JSON the bank fetches, verify with the key published at GET /api/credit/signing-key.
 */
import crypto from 'node:crypto';
import { assertCan, scopeOfRegionCode, scopesFor, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { maskName } from '../platform/privacy.ts';
import * as repo from './credit.repository.ts';
import { bankView, type CreditService } from './credit.service.ts';
import { householdEarnings } from './earnings.ts';
import { sha256Hex, type Signer } from './signing.ts';
import { bandFor, monthOf, monthRange, twelveMonthsBefore } from './tiers.ts';
import { renderXlsx } from '../platform/xlsx.ts';

export interface ExtractRowData {
  householdId: string;
  villageCode: string;
  village: string;
  /** the household as the village calls it and its head, masked (郭家 · 郭*民) */
  household: string;
  points: number;
  tier: number;
  quotaYuan: number;
  mix: { rule: string; name: string; points: number }[];
}

const missing = () => notFound('CREDIT_EXTRACT_NOT_FOUND', 'No extract for this month');

export class ExtractsService {
  constructor(
    private p: Platform,
    private credit: CreditService,
    private signer: () => Signer,
  ) {}

  /** The key banks verify with. */
  signingKey() {
    const s = this.signer();
    return { algorithm: 'Ed25519' as const, keyId: s.keyId, publicKeyPem: s.publicKeyPem };
  }

  /** Make (or answer the made) extract of a month that has ended, for a bank, over the bank's area. */
  async generate(actor: Actor | null, input: { bankCode: string; month: string }, now = new Date()) {
    const bank = await this.credit.bank(input.bankCode);
    if (actor) assertCan(actor, 'credit.extract', bank.regionCode, () => notFound('CREDIT_BANK_NOT_FOUND', 'No such partner bank', { field: 'bankCode' }));
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month) || input.month >= monthOf(now) || input.month < '2000-01') {
      throw new AppError('CREDIT_MONTH_INVALID', 422, 'An extract is made only for a month that has ended', { field: 'month' });
    }
    const made = await repo.extract(this.p.db, bank.code, bank.regionCode, input.month);
    if (made) return { existed: true, extract: this.view(made) };
    const { to } = monthRange(input.month);
    const from = twelveMonthsBefore(to);
    const scope = scopeOfRegionCode(bank.regionCode);
    // consent is read first: a household that never consented (or withdrew) is not even computed into a row
    const consenting = await repo.consentingHouseholds(this.p.db, bank.code, scope);
    const [earnings, tiers] = await Promise.all([householdEarnings(this.credit.deps, scope, from, to), this.credit.tiersAt(bank.regionCode)]);
    const listed = earnings.filter((e) => consenting.has(e.household.id));
    const [heads, villages] = await Promise.all([
      this.credit.deps.namesOf([...new Set(listed.map((e) => e.household.headUserId))]),
      this.credit.deps.regionNames([...new Set(listed.map((e) => e.household.regionCode))]),
    ]);
    const rows: ExtractRowData[] = listed.map((e) => {
      const { band, index } = bandFor(tiers.bands, e.points);
      return {
        householdId: e.household.id, villageCode: e.household.regionCode, village: villages[e.household.regionCode] ?? e.household.regionCode,
        household: `${e.household.name} · ${maskName(heads[e.household.headUserId]) ?? ''}`, points: e.points, tier: index + 1, quotaYuan: band?.quotaYuan ?? 0, mix: e.mix,
      };
    }).sort((a, b) => (a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : a.householdId < b.householdId ? -1 : 1));
    const meta = { bank, month: input.month, from, to, tiersVersion: tiers.version, bands: tiers.bands };
    const file = await renderExtract(meta, rows);
    const json = Buffer.from(extractJson(meta, rows));
    const s = this.signer();
    const row = await this.p.tx(async (tx) => {
      const r = await repo.insertExtract(tx, {
        id: crypto.randomUUID(), bankCode: bank.code, regionCode: bank.regionCode, month: input.month, tiersVersion: tiers.version, bands: tiers.bands, rows, rowCount: rows.length,
        sha256: sha256Hex(file), signature: s.sign(file), jsonSha256: sha256Hex(json), jsonSignature: s.sign(json), keyId: s.keyId, publicKeyPem: s.publicKeyPem, createdBy: actor?.id ?? null,
      });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'credit.extract_made', entity: 'credit_extracts', entityId: r.id, regionCode: bank.regionCode, details: { bankCode: bank.code, month: input.month, rows: rows.length, sha256: r.sha256 } });
      return r;
    });
    return { existed: false, extract: this.view(row) };
  }

  /** Staff: the extracts of the banks of their area. */
  async list(actor: Actor) {
    const rows = await repo.extractsOf(this.p.db, { scopes: scopesFor(actor, 'credit.read') });
    return { items: rows.map((r) => this.view(r)) };
  }

  /** The XLSX of an extract, rendered again from its rows (the same bytes as signed). Staff with credit.extract. */
  async file(actor: Actor, id: string) {
    const row = await this.byId(id);
    if (!row) throw missing();
    assertCan(actor, 'credit.extract', row.regionCode, missing);
    return { name: `extract-${row.bankCode}-${row.month}.xlsx`, file: await this.rerender(row) };
  }

  /** The bank's own view: its extracts (no rows). */
  async bankList(token: string | undefined) {
    const bank = await this.credit.bankByToken(token);
    return { bank: bankView(bank), items: (await repo.extractsOf(this.p.db, { bankCode: bank.code })).map((r) => this.view(r)) };
  }

  /** The bank's JSON of a month: the canonical document it verifies (the signature is over these exact bytes). */
  async bankJson(token: string | undefined, month: string) {
    const bank = await this.credit.bankByToken(token);
    const row = await repo.extract(this.p.db, bank.code, bank.regionCode, month);
    if (!row) throw missing();
    const { to } = monthRange(row.month);
    const document = extractJson({ bank, month: row.month, from: twelveMonthsBefore(to), to, tiersVersion: row.tiersVersion, bands: row.bands }, row.rows as ExtractRowData[]);
    return { ...this.view(row), document };
  }

  async bankFile(token: string | undefined, month: string) {
    const bank = await this.credit.bankByToken(token);
    const row = await repo.extract(this.p.db, bank.code, bank.regionCode, month);
    if (!row) throw missing();
    return { name: `extract-${row.bankCode}-${row.month}.xlsx`, file: await this.rerender(row) };
  }

  private async byId(id: string) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? repo.extractById(this.p.db, id) : undefined;
  }

  private async rerender(row: repo.ExtractRow): Promise<Buffer> {
    const bank = await this.credit.bank(row.bankCode);
    const { to } = monthRange(row.month);
    return renderExtract({ bank, month: row.month, from: twelveMonthsBefore(to), to, tiersVersion: row.tiersVersion, bands: row.bands }, row.rows as ExtractRowData[]);
  }

  private view(r: Omit<repo.ExtractRow, 'rows'>) {
    return {
      id: r.id, bankCode: r.bankCode, regionCode: r.regionCode, month: r.month, tiersVersion: r.tiersVersion, rowCount: r.rowCount,
      sha256: r.sha256, signature: r.signature, jsonSha256: r.jsonSha256, jsonSignature: r.jsonSignature, keyId: r.keyId, publicKeyPem: r.publicKeyPem, createdAt: iso(r.createdAt),
    };
  }
}

interface ExtractMeta { bank: repo.BankRow; month: string; from: Date; to: Date; tiersVersion: number; bands: { minPoints: number; quotaYuan: number }[] }

const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const lastDay = (to: Date) => day(new Date(to.getTime() - 1));

/** The canonical JSON: keys in a fixed order, no whitespace; what jsonSha256 and jsonSignature cover. */
export function extractJson(m: ExtractMeta, rows: ExtractRowData[]): string {
  return JSON.stringify({
    bank: { code: m.bank.code, name: m.bank.nameZh }, regionCode: m.bank.regionCode, month: m.month, period: { from: day(m.from), to: lastDay(m.to) },
    tiers: { version: m.tiersVersion, bands: m.bands.map((b) => ({ minPoints: b.minPoints, quotaYuan: b.quotaYuan })) },
    rows: rows.map((r) => ({ householdId: r.householdId, villageCode: r.villageCode, village: r.village, household: r.household, points: r.points, tier: r.tier, quotaYuan: r.quotaYuan, mix: r.mix.map((x) => ({ rule: x.rule, name: x.name, points: x.points })) })),
  });
}

export function renderExtract(m: ExtractMeta, rows: ExtractRowData[]): Promise<Buffer> {
  return renderXlsx([{
    name: '信用贷积分清单',
    heading: [
      `${m.bank.nameZh} 信用贷积分清单 ${m.month}`,
      `统计期间：${day(m.from)} 至 ${lastDay(m.to)}（近12个月获得的积分，兑换商品不减少）`,
      `额度档位（版本 ${m.tiersVersion}）：${m.bands.map((b) => `≥${b.minPoints}分 ¥${b.quotaYuan}`).join('；')}`,
      `仅列出已授权本行的农户：${rows.length} 户。额度为参考档位，是否放贷由银行决定。`,
    ],
    columns: [
      { header: '户编号', width: 38 }, { header: '村（社区）', width: 14 }, { header: '户', width: 18 }, { header: '近12个月获得积分', width: 16 },
      { header: '档位', width: 8 }, { header: '参考额度（元）', width: 14 }, { header: '积分构成', width: 60 },
    ],
    rows: rows.map((r) => [r.householdId, r.village, r.household, r.points, r.tier, r.quotaYuan, r.mix.map((x) => `${x.name} ${x.points}`).join('；')]),
  }]);
}

