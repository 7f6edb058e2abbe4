/**
 * Bulletins (周通报 / 月督查 / 年考核): made for a finished period of a township or district, once —
 * the archive keeps the first one made (content, hash, Excel, PDF) and asking again answers it — and
 * told in-app, with a link, to the leaders and 值班长 of the region and of its units. Who reads which
 * is decided in SQL (bulletins.repository.ts).
 */
import { scopeOfRegionCode, scopesFor, assertCan, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { AppError, badRequest, notFound } from '../platform/errors.ts';
import { emitEvent, NOTIFICATION_REQUESTED } from '../platform/events.ts';
import { periodNamed, periodOf, type Period } from '../platform/periods.ts';
import type { UsersService } from '../people/index.ts';
import type { MemberIndexService } from '../partywork/index.ts';
import { parseRegionCode, type RegionsService } from '../regions/index.ts';
import { contentHash, KIND_EN, KIND_ZH, PERIOD_OF, robotMessage, sha256, type BulletinContent, type BulletinKind, type IndexedBranch } from './bulletin-content.ts';
import type { Bulletin, BulletinDetail, Generated } from './bulletins.contract.ts';
import * as repo from './bulletins.repository.ts';
import { computeContent, unitsOf, type BulletinRegion } from './figures.ts';
import { renderHtml } from './render-html.ts';
import { renderPdfs } from './render-pdf.ts';
import { renderXlsx } from './render-xlsx.ts';

/** Who is told of a new bulletin: those who answer for the figures in it. */
const RECIPIENT_ROLES = ['leader', 'shift_lead'];
const LIST_LIMIT = 200;

const missing = () => notFound('BULLETIN_NOT_FOUND', 'No such bulletin');

export interface GenerateInput {
  kind: BulletinKind;
  regionCode: string;
  /** First day of the period (YYYY-MM-DD); absent: the last finished one. */
  periodStart?: string;
}

export class BulletinsService {
  constructor(
    private p: Platform,
    private regions: RegionsService,
    private users: UsersService,
    private partyIndex: MemberIndexService,
  ) {}

  /** The period asked for, finished by `now`; coded 400s otherwise. */
  period(kind: BulletinKind, start: string | undefined, now: Date): Period {
    const pk = PERIOD_OF[kind];
    if (start === undefined) return periodOf(pk, new Date(periodOf(pk, now).from.getTime() - 1));
    const period = periodNamed(pk, start);
    if (!period) throw badRequest('BULLETIN_PERIOD_INVALID', `${start} is not the first day of a ${pk}`, { periodStart: start });
    if (period.to.getTime() > now.getTime()) throw badRequest('BULLETIN_PERIOD_NOT_OVER', `The ${pk} from ${start} has not ended yet`, { periodStart: start });
    return period;
  }

  /** A township or a district that exists. */
  async region(code: string): Promise<BulletinRegion> {
    let level: string;
    try {
      level = parseRegionCode(code).level;
    } catch {
      level = '';
    }
    const name = level === 'township' || level === 'district' ? (await this.regions.names([code]))[code] : undefined;
    if (!name) throw badRequest('BULLETIN_REGION_INVALID', `${code} is not a township or district`, { regionCode: code });
    return { code, name, level: level as BulletinRegion['level'] };
  }

  /** The content of a period's bulletin as the data say now (nothing written). */
  async compute(kind: BulletinKind, regionCode: string, periodStart: string | undefined, now = new Date()): Promise<BulletinContent> {
    const period = this.period(kind, periodStart, now);
    const region = await this.region(regionCode);
    const content = await computeContent(this.p.db, this.regions, kind, region, period, periodOf(PERIOD_OF[kind], new Date(period.from.getTime() - 1)));
    return { ...content, indices: { branches: await this.branchIndices(kind, region, period) } };
  }

  /** The area's party branches by their members' average 服务力 index in the period (a trusted read of the whole area). */
  private async branchIndices(kind: BulletinKind, region: BulletinRegion, period: Period): Promise<IndexedBranch[]> {
    const reader: Actor = { id: '00000000-0000-0000-0000-000000000000', kind: 'staff', displayName: 'bulletins', homeRegionCode: region.code,
      memberships: [{ role: 'leader', scope: scopeOfRegionCode(region.code), regionCode: region.code, organisationId: null }] };
    const r = await this.partyIndex.rankings(reader, { region: region.code, period: PERIOD_OF[kind], start: period.start, limit: 200 });
    const units = await this.regions.names([...new Set(r.branches.map((b) => b.regionCode))]);
    return r.branches.map((b) => ({ rank: b.rank, name: b.branchName, unit: units[b.regionCode] ?? b.regionCode, members: b.members, average: b.average, valuedLogs: b.valuedLogs }));
  }

  /**
   * Make, archive and distribute a period's bulletin (actor null: the scheduler, the CLI, the demo). A
   * period already archived is answered as it is (`created: false`): a published bulletin does not change.
   */
  async generate(actor: Actor | null, input: GenerateInput, now = new Date()): Promise<Generated> {
    if (actor) assertCan(actor, 'bulletins.generate', input.regionCode);
    const period = this.period(input.kind, input.periodStart, now);
    const region = await this.region(input.regionCode);
    const known = await repo.findByPeriod(this.p.db, input.kind, region.code, period.start);
    if (known) return { bulletin: this.present(known, region.name), created: false };
    const content = await this.compute(input.kind, region.code, period.start, now);
    const xlsx = await renderXlsx(content);
    const pdf = await this.tryPdf(content);
    const recipients = await this.recipients(region);
    const { meta, created } = await this.p.tx(async (tx) => {
      const r = await repo.insertBulletin(tx, {
        kind: content.kind, regionCode: region.code, scope: scopeOfRegionCode(region.code), periodStart: period.start, periodEnd: content.period.end,
        year: content.number.year, serial: content.number.serial, number: content.number.label, title: content.title, content,
        contentHash: contentHash(content), xlsx, xlsxSha256: sha256(xlsx), pdf, pdfSha256: pdf ? sha256(pdf) : null, generatedBy: actor?.id ?? null,
      });
      if (r.created) {
        // the township's (district's) leaders in the app, and the level's group robot with a link
        await emitEvent(tx, NOTIFICATION_REQUESTED, {
          recipients, title: `${KIND_ZH[content.kind]} ${content.number.label}`, always: true, link: `/app/bulletins/${r.meta.id}`,
          robot: { regionCode: region.code, level: region.level, ...robotMessage(content, region.name, this.p.config.publicUrl, r.meta.id) },
          body: `${content.period.start} 至 ${content.period.end}：受理 ${content.totals.current.received} 件，按期结案率 ${content.totals.current.onTimeRate ?? '—'}%，期末超期 ${content.totals.current.overdue} 件。点击查看排名和红黑榜。`,
        }, { regionCode: region.code, aggregateId: r.meta.id });
      }
      return r;
    });
    if (created) this.p.log.info({ bulletinId: meta.id, kind: meta.kind, regionCode: meta.regionCode, period: meta.periodStart, recipients: recipients.length }, 'bulletin published');
    return { bulletin: this.present({ ...meta, summary: summaryOf(content) }, region.name), created };
  }

  /** The PDF, or null when there is no Chromium (logged once per generation; the download says why). */
  private async tryPdf(content: BulletinContent): Promise<Buffer | null> {
    try {
      return (await renderPdfs(this.p.config.chromiumPath, [renderHtml(content)]))[0];
    } catch (err) {
      if (err instanceof AppError && err.code === 'BULLETIN_PDF_UNAVAILABLE') {
        this.p.log.warn({ reason: err.message }, 'bulletin archived without its PDF');
        return null;
      }
      throw err;
    }
  }

  private async recipients(region: BulletinRegion): Promise<string[]> {
    const regionCodes = [region.code, ...(await unitsOf(this.regions, region)).keys()];
    const found = await Promise.all(RECIPIENT_ROLES.map((role) => this.users.contacts({ role, regionCodes })));
    return [...new Set(found.flat().map((u) => u.id))];
  }

  /** The areas the caller reads bulletins in (403 when none). */
  private scopes(actor: Actor): string[] {
    const scopes = scopesFor(actor, 'bulletins.read');
    if (scopes.length === 0) assertCan(actor, 'bulletins.read');
    return scopes;
  }

  /** The bulletins the caller may read, newest period first (actor null: all of them, for the CLI). */
  async list(actor: Actor | null, q: { region?: string; kind?: BulletinKind } = {}): Promise<Bulletin[]> {
    const rows = await repo.listVisible(this.p.db, actor ? this.scopes(actor) : null, { ...q, limit: LIST_LIMIT });
    const names = await this.regions.names([...new Set(rows.map((r) => r.regionCode))]);
    return rows.map((r) => this.present(r, names[r.regionCode] ?? r.regionCode));
  }

  async get(actor: Actor, id: string): Promise<BulletinDetail> {
    const row = await repo.getVisible(this.p.db, this.scopes(actor), id);
    if (!row) throw missing();
    const content = row.content as BulletinContent;
    return { bulletin: this.present({ ...row, summary: summaryOf(content) }, content.region.name), content: content as unknown as Record<string, unknown> };
  }

  /** A bulletin's file; a PDF missing from the archive (no Chromium then) is made now and archived. */
  async file(actor: Actor | null, id: string, format: 'pdf' | 'xlsx'): Promise<{ name: string; type: string; file: Buffer }> {
    const row = await repo.getVisible(this.p.db, actor ? this.scopes(actor) : null, id);
    if (!row) throw missing();
    const name = `${KIND_ZH[row.kind as BulletinKind]}-${row.number}.${format}`;
    if (format === 'xlsx') return { name, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', file: row.xlsx };
    let pdf = row.pdf;
    if (!pdf) {
      [pdf] = await renderPdfs(this.p.config.chromiumPath, [renderHtml(row.content as BulletinContent)]);
      await repo.savePdf(this.p.db, row.id, pdf, sha256(pdf));
    }
    return { name, type: 'application/pdf', file: pdf };
  }

  /**
   * The scheduler's daily look (and `vb bulletin due`): every township's and district's bulletins that
   * should exist by now and do not — last week's from Monday, last month's from the month's first working
   * day, last year's from the year's first working day — so a server that was down catches up.
   */
  async publishDue(now = new Date(), isWorkingDay: (day: string) => boolean): Promise<{ made: number; kept: number }> {
    const kinds: BulletinKind[] = ['weekly'];
    const local = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    if (firstWorkingDayReached(periodOf('month', now).start, local, isWorkingDay)) kinds.push('monthly');
    if (firstWorkingDayReached(periodOf('year', now).start, local, isWorkingDay)) kinds.push('yearly');
    const places = await this.regions.places();
    const townships = [...new Set(places.map((v) => `${v.code.slice(0, 9)}000`))].sort();
    const districts = [...new Set(places.map((v) => `${v.code.slice(0, 6)}000000`))].sort();
    let made = 0;
    let kept = 0;
    for (const kind of kinds) {
      for (const regionCode of [...districts, ...townships]) {
        const r = await this.generate(null, { kind, regionCode }, now);
        if (r.created) made++;
        else kept++;
      }
    }
    return { made, kept };
  }

  private present(r: repo.BulletinMeta & { summary?: Summary }, regionName: string): Bulletin {
    const kind = r.kind as BulletinKind;
    const s = r.summary ?? { red: 0, black: 0, overdue: 0, supervised: 0 };
    return {
      id: r.id, kind, kindZh: KIND_ZH[kind], kindEn: KIND_EN[kind], regionCode: r.regionCode, regionName,
      periodStart: r.periodStart, periodEnd: r.periodEnd, number: r.number, title: r.title, contentHash: r.contentHash,
      xlsxSha256: r.xlsxSha256, pdfSha256: r.pdfSha256, hasPdf: r.pdfSha256 !== null, generatedAt: new Date(r.generatedAt).toISOString(),
      red: s.red, black: s.black, overdue: s.overdue, supervised: s.supervised,
      xlsxUrl: `/api/bulletins/${r.id}/files/xlsx`, pdfUrl: `/api/bulletins/${r.id}/files/pdf`,
    };
  }
}

type Summary = { red: number; black: number; overdue: number; supervised: number };

function summaryOf(c: BulletinContent): Summary {
  return { red: c.units.filter((u) => u.list === 'red').length, black: c.units.filter((u) => u.list === 'black').length, overdue: c.overdue.total, supervised: c.supervised.total };
}

/** Whether `today` is on or after the first working day from `start` (both YYYY-MM-DD, Shanghai). */
export function firstWorkingDayReached(start: string, today: string, isWorkingDay: (day: string) => boolean): boolean {
  let d = start;
  for (let i = 0; i < 31 && !isWorkingDay(d); i++) d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return today >= d;
}
