/**
 * What a tourist's phone reads without logging in — the village's introduction, the published places on
 * its map (search by name and description, kinds, a grade, the map's bounds), a place's page and its
 * photos — and the 咨询 asked from a place's page: a question case (category 1501) through the cases
 * module, placed at the place's point, with the place's name and link in it and a row tying it to the
 * place, in one transaction. Only published listings, only their published version, no owner: never a
 * household's own data (a phone shows only when the listing gives a business phone).
 */
import { uuidv7 } from '../points/index.ts';
import type { Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { iso } from '../platform/contract.ts';
import type { RegionsService } from '../regions/index.ts';
import type { SourceCases } from '../cases/index.ts';
import { GRADE_ZH, type HomestayGrade } from './places-kinds.ts';
import type { AskAnswer, GuideVillages, PublicPlace, PublicPlaceSummary, PublicSearch, VillageGuide } from './places.contract.ts';
import * as repo from './places.repository.ts';
import type { PlaceKind } from './places.schema.ts';
import { placeMissing } from './places.service.ts';

export const KIND_ZH: Record<PlaceKind, string> = {
  homestay: '民宿', restaurant: '餐饮', sight: '景点', venue: '场馆', shop: '商店', toilet: '公厕', parking: '停车场', product: '商品', enterprise: '企业', workshop: '共富工坊',
};
const QUESTION_CATEGORY = '1501';
export const publicPhotoUrl = (id: string, n: number) => `/api/places/public/${id}/photos/${n}`;

export interface SearchQuery { region: string; q?: string; kinds?: PlaceKind[]; grade?: HomestayGrade; bbox?: [number, number, number, number]; limit?: number }

export class PublicPlaces {
  constructor(
    private p: Platform,
    private regions: RegionsService,
    private sourceCases: SourceCases,
  ) {}

  /** The villages with something to visit (the page's village picker). */
  async villages(): Promise<GuideVillages> {
    const [counts, villages] = await Promise.all([repo.villagesWithPlaces(this.p.db), this.regions.places()]);
    const byCode = new Map(villages.map((v) => [v.code, v]));
    return { items: counts.filter((c) => byCode.has(c.regionCode)).map((c) => ({ regionCode: c.regionCode, name: byCode.get(c.regionCode)!.name, township: byCode.get(c.regionCode)!.township, places: c.n })) };
  }

  async guide(code: string): Promise<VillageGuide> {
    const region = (await this.regions.baseMap()).find((r) => r.code === code && r.level === 'village');
    if (!region) throw placeMissing();
    const [g, counts, township] = await Promise.all([repo.guideRow(this.p.db, code), repo.publishedCounts(this.p.db, code), this.regions.names([`${code.slice(0, 9)}000`])]);
    return {
      regionCode: code, name: region.name, township: township[`${code.slice(0, 9)}000`] ?? '', intro: g?.intro ?? '',
      // the cover's URL changes with the picture, so a phone's cached copy never shows the old one
      coverUrl: g?.coverMediaId ? `/api/places/public/villages/${code}/cover?v=${g.coverMediaId.slice(0, 12)}` : null, contact: g?.contact ?? null,
      centerLon: region.centerLon, centerLat: region.centerLat, geometry: (region.geometry ?? null) as Record<string, unknown> | null, counts,
    };
  }

  async search(q: SearchQuery): Promise<PublicSearch> {
    const text = q.q?.trim() || undefined;
    const { rows, total } = await repo.searchPublished(this.p.db, { region: q.region, q: text, kinds: q.kinds, grade: q.grade, bbox: q.bbox, limit: Math.min(Math.max(q.limit ?? 200, 1), 500) });
    return { items: rows.map(summary), total };
  }

  /** A published place's page: its published version, what it is part of, what belongs to it. */
  async page(id: string): Promise<PublicPlace> {
    const row = await repo.place(this.p.db, id);
    if (!row || row.status !== 'published') throw placeMissing();
    const partOfId = (row.attrs.partOf ?? row.attrs.soldAt) as string | undefined;
    const [names, parts, parent] = await Promise.all([
      this.regions.names([row.regionCode]), repo.partsOf(this.p.db, id), partOfId ? repo.place(this.p.db, partOfId) : Promise.resolve(undefined),
    ]);
    return {
      id: row.id, kind: row.kind as PlaceKind, name: row.name, description: row.description, lon: row.lon, lat: row.lat,
      regionCode: row.regionCode, villageName: names[row.regionCode] ?? '', attrs: row.attrs, photoUrls: row.photos.map((_, n) => publicPhotoUrl(row.id, n)),
      phone: row.phone, bookingUrl: row.bookingUrl, grade: gradeOf(row.attrs),
      partOf: parent?.status === 'published' ? summary(parent) : null, parts: parts.map(summary), updatedAt: iso(row.updatedAt),
    };
  }

  /** The stored file of a published place's n-th photo (its published version). */
  async photo(id: string, n: number, full: boolean): Promise<{ file: string; mime: string }> {
    const row = await repo.place(this.p.db, id);
    const mediaId = row?.status === 'published' ? row.photos[n] : undefined;
    if (!mediaId) throw placeMissing();
    const info = await this.p.media.get(this.p.db, mediaId);
    return { file: this.p.media.pathOf(info, !full), mime: full ? info.mime : 'image/jpeg' };
  }

  /** The stored file of a village's cover picture. */
  async cover(code: string, full: boolean): Promise<{ file: string; mime: string }> {
    const mediaId = (await repo.guideRow(this.p.db, code))?.coverMediaId;
    if (!mediaId) throw placeMissing();
    const info = await this.p.media.get(this.p.db, mediaId);
    return { file: this.p.media.pathOf(info, !full), mime: full ? info.mime : 'image/jpeg' };
  }

  /**
   * 咨询 from a place's page: a question case at the place's point, landing with the village as usual,
   * its title and text naming the place and linking its page; idempotent per asker and client key.
   */
  async ask(actor: Actor, id: string, input: { question: string; clientKey?: string }, origin = ''): Promise<AskAnswer> {
    const row = await repo.place(this.p.db, id);
    if (!row || row.status !== 'published') throw placeMissing();
    const question = input.question.trim();
    const link = `${origin.replace(/\/$/, '')}/app/places/${row.id}`;
    const place = await this.sourceCases.place(row.lon, row.lat); // before the transaction (it reads the regions)
    const source = actor.kind === 'staff' ? 'hotline' : actor.kind;
    const { case: c } = await this.sourceCases.open({
      source, sourceRef: `place-question:${actor.id}:${input.clientKey ?? uuidv7()}`, reporterId: actor.id,
      title: `咨询「${row.name}」：${question.slice(0, 60)}`,
      description: `${question}\n\n—— 来自「${row.name}」（${KIND_ZH[row.kind as PlaceKind]}）的页面：${link}`,
      categoryCode: QUESTION_CATEGORY, severity: 'normal', lon: row.lon, lat: row.lat, place,
      link: async (tx, opened) => {
        await tx.insert(repo.placeQuestions).values({ id: uuidv7(), placeId: row.id, caseId: opened.id, askerId: actor.id });
      },
    });
    this.p.log.info({ caseId: c.id, placeId: row.id, actorId: actor.id }, 'question asked from a place');
    return { caseId: c.id, caseNo: c.no, placeId: row.id };
  }
}

const gradeOf = (attrs: Record<string, unknown>): HomestayGrade | null => (typeof attrs.grade === 'string' && attrs.grade in GRADE_ZH ? (attrs.grade as HomestayGrade) : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function summary(r: repo.PublicRow): PublicPlaceSummary {
  return {
    id: r.id, kind: r.kind as PlaceKind, name: r.name, lon: r.lon, lat: r.lat, grade: gradeOf(r.attrs),
    priceFrom: num(r.attrs.priceFrom) ?? num(r.attrs.pricePerPerson), price: num(r.attrs.price),
    partOf: ((r.attrs.partOf ?? r.attrs.soldAt) as string | undefined) ?? null,
    cover: r.photos.length ? publicPhotoUrl(r.id, 0) : null, snippet: r.description.slice(0, 80),
  };
}
