/**
 * Reservoir inspections (一键巡库, DOMAIN.md §3): one tap starts a walk of a reservoir with the checklist
 * (dam crest, slopes, spillway, seepage points, gauges) and the latest readings beside it; the phone adds
 * GPS points as the inspector walks; each item is marked 正常 or 异常 with a note and photos; a failed
 * item becomes an ordinary case (1202 水库隐患, source patrol) at the spot in one tap, which the
 * township's command room dispatches like any other — the seed's debris on 杨家源's downstream slope.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { assertCan, staffIn, staffScopePatterns, type Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, conflict, forbidden, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { SourceCases } from '../cases/index.ts';
import type { SensorsService } from '../sensors/index.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import type { Inspection, InspectionItem, InspectionSummary, ItemCase, TrackAnswer } from './inspections.contract.ts';
import { inspectionItems, inspections } from './inspections.schema.ts';

/** The checklist of a small reservoir's walk, in walking order. */
export const CHECKLIST = [
  { item: 'dam_crest', zh: '坝顶', en: 'Dam crest' },
  { item: 'upstream_slope', zh: '上游坝坡', en: 'Upstream slope' },
  { item: 'downstream_slope', zh: '下游坝坡', en: 'Downstream slope' },
  { item: 'spillway', zh: '溢洪道', en: 'Spillway' },
  { item: 'seepage_points', zh: '渗水点', en: 'Seepage points' },
  { item: 'gauges', zh: '水位尺与监测设施', en: 'Gauges and sensors' },
] as const;
const ITEMS = new Set<string>(CHECKLIST.map((c) => c.item));
const ZH = Object.fromEntries(CHECKLIST.map((c) => [c.item, c.zh])) as Record<string, string>;
/** Track points kept per inspection (a three-hour walk at one point every five seconds). */
const MAX_TRACK = 2_000;

type Row = typeof inspections.$inferSelect;
type ItemRow = typeof inspectionItems.$inferSelect;

/** A checklist item as the API shows it, with its names. */
function itemView(i: ItemRow): InspectionItem {
  const c = CHECKLIST.find((x) => x.item === i.item);
  return {
    inspectionId: i.inspectionId, item: i.item, name: ZH[i.item] ?? i.item, nameEn: c?.en ?? i.item, result: i.result as InspectionItem['result'],
    note: i.note, media: i.media, checkedAt: isoOrNull(i.checkedAt), caseId: i.caseId,
  };
}

export class InspectionsService {
  constructor(
    private p: Platform,
    private sensors: SensorsService,
    private cases: SourceCases,
  ) {}

  /** Start an inspection of an asset in the caller's area: the checklist, all unchecked. */
  async start(actor: Actor, assetId: string): Promise<Inspection> {
    const asset = await this.sensors.assetView(actor, assetId);
    if (!asset) throw notFound('ASSET_NOT_FOUND', 'No such asset in your area', { field: 'assetId' });
    assertCan(actor, 'cases.report', asset.regionCode);
    const id = await this.p.tx(async (tx: Db) => {
      const [row] = await tx.insert(inspections).values({ assetId, inspectorId: actor.id, regionCode: asset.regionCode }).returning({ id: inspections.id });
      await tx.insert(inspectionItems).values(CHECKLIST.map((c) => ({ inspectionId: row.id, item: c.item })));
      await emitEvent(tx, 'inspection.started', { inspectionId: row.id, asset: asset.name }, { regionCode: asset.regionCode, aggregateId: row.id });
      return row.id;
    });
    return this.get(actor, id);
  }

  /** An inspection with its checklist, the asset and its latest readings. */
  async get(actor: Actor, id: string): Promise<Inspection> {
    const row = await this.visible(actor, id);
    const items = await this.p.db.select().from(inspectionItems).where(eq(inspectionItems.inspectionId, id));
    const order = CHECKLIST.map((c) => c.item as string);
    items.sort((a, b) => order.indexOf(a.item) - order.indexOf(b.item));
    return {
      id: row.id, assetId: row.assetId, inspectorId: row.inspectorId, regionCode: row.regionCode, state: row.state,
      startedAt: iso(row.startedAt), finishedAt: isoOrNull(row.finishedAt), track: row.track, note: row.note,
      asset: await this.sensors.assetView(actor, row.assetId), items: items.map(itemView),
    };
  }

  /** Recent inspections of the caller's area (or of one asset), newest first. */
  async list(actor: Actor, opts: { assetId?: string } = {}): Promise<InspectionSummary[]> {
    const rows = await this.p.db.select({
      id: inspections.id, assetId: inspections.assetId, inspectorId: inspections.inspectorId, regionCode: inspections.regionCode, state: inspections.state,
      startedAt: inspections.startedAt, finishedAt: inspections.finishedAt,
      failed: sql<number>`(SELECT count(*)::int FROM inspection_items i WHERE i.inspection_id = ${inspections.id} AND i.result = 'failed')`,
      points: sql<number>`jsonb_array_length(${inspections.track})`,
    }).from(inspections)
      // the area in SQL, so the limit counts the caller's inspections
      .where(and(opts.assetId ? eq(inspections.assetId, opts.assetId) : undefined, sql`${inspections.regionCode} LIKE ANY(${sql.param(staffScopePatterns(actor))}::text[])`))
      .orderBy(desc(inspections.startedAt)).limit(200);
    return rows.map((r) => ({ ...r, startedAt: iso(r.startedAt), finishedAt: isoOrNull(r.finishedAt), failed: Number(r.failed), points: Number(r.points) }));
  }

  /** GPS points of the walk (WGS-84), appended in time order; points older than the last are dropped. */
  async addTrack(actor: Actor, id: string, points: { lon: number; lat: number; ts?: number }[]): Promise<TrackAnswer> {
    const row = await this.own(actor, id);
    if (points.length === 0 || points.length > 500) throw badRequest('VALIDATION_FAILED', 'points: 1 to 500 at a time', { field: 'points' });
    const now = Date.now();
    const last = row.track.at(-1)?.[2] ?? 0;
    const fresh: [number, number, number][] = [];
    points.forEach((p, i) => {
      if (!(p.lon >= 73 && p.lon <= 136 && p.lat >= 3 && p.lat <= 54)) throw badRequest('VALIDATION_FAILED', `points[${i}] is outside China`, { field: `points[${i}]` });
      const ts = p.ts ?? now;
      if (ts > now + 60_000) throw badRequest('VALIDATION_FAILED', `points[${i}].ts is in the future`, { field: `points[${i}].ts` });
      if (ts > (fresh.at(-1)?.[2] ?? last)) fresh.push([Math.round(p.lon * 1e6) / 1e6, Math.round(p.lat * 1e6) / 1e6, ts]);
    });
    if (row.track.length + fresh.length > MAX_TRACK) throw conflict('TRACK_FULL', `An inspection keeps at most ${MAX_TRACK} points`);
    if (fresh.length) {
      await this.p.db.update(inspections).set({ track: sql`${inspections.track} || ${JSON.stringify(fresh)}::jsonb` })
        .where(and(eq(inspections.id, id), eq(inspections.state, 'open')));
    }
    return { points: row.track.length + fresh.length };
  }

  /** Mark one checklist item: ok or failed, with a note (needed when failed) and photos. */
  async check(actor: Actor, id: string, item: string, input: { result: 'ok' | 'failed'; note?: string | null; media?: string[] }): Promise<InspectionItem> {
    await this.own(actor, id);
    if (!ITEMS.has(item)) throw notFound('ITEM_NOT_FOUND', `No checklist item ${item}`, { field: 'item' });
    if (input.result !== 'ok' && input.result !== 'failed') throw badRequest('VALIDATION_FAILED', 'result must be ok or failed', { field: 'result' });
    const note = input.note?.trim() || null;
    if (input.result === 'failed' && !note) throw badRequest('VALIDATION_FAILED', 'Say what is wrong with a failed item', { field: 'note' });
    const media = input.media ?? [];
    if (media.length) {
      const found = await this.p.media.existing(this.p.db, media);
      const missing = media.find((m) => !found.has(m));
      if (missing) throw badRequest('MEDIA_NOT_FOUND', `Photo ${missing} was not uploaded`, { field: 'media' });
    }
    const [cur] = await this.p.db.select().from(inspectionItems).where(and(eq(inspectionItems.inspectionId, id), eq(inspectionItems.item, item)));
    if (cur.caseId && input.result === 'ok') throw conflict('ITEM_HAS_CASE', 'A case was opened for this item; it stays failed');
    const [r] = await this.p.db.update(inspectionItems).set({ result: input.result, note, media, checkedAt: sql`now()` })
      .where(and(eq(inspectionItems.inspectionId, id), eq(inspectionItems.item, item))).returning();
    return itemView(r);
  }

  /**
   * A failed item becomes a case (1202 水库隐患, source patrol) where the inspector stands (the last GPS
   * point, else the reservoir), with the item's note and photos. Once only: a second tap returns it.
   */
  async openCase(actor: Actor, id: string, item: string): Promise<ItemCase> {
    const row = await this.own(actor, id, { finished: true });
    const [it] = await this.p.db.select().from(inspectionItems).where(and(eq(inspectionItems.inspectionId, id), eq(inspectionItems.item, item)));
    if (!it) throw notFound('ITEM_NOT_FOUND', `No checklist item ${item}`, { field: 'item' });
    if (it.result !== 'failed') throw conflict('ITEM_NOT_FAILED', 'Only a failed item opens a case', { field: 'item' });
    if (it.caseId) return { caseId: it.caseId, created: false };
    const asset = await this.sensors.assetView(actor, row.assetId);
    if (!asset) throw notFound('ASSET_NOT_FOUND', 'No such asset in your area');
    const here = row.track.at(-1);
    // one transaction keyed by the item: the case and the item's link commit together (two taps, one case)
    const { case: c, created } = await this.cases.open({
      source: 'patrol', sourceRef: `inspection:${id}:${item}`, reporterId: actor.id,
      title: `${asset.name}${ZH[item]}：${it.note}`.slice(0, 120), description: `巡库发现（${ZH[item]}）：${it.note}`,
      categoryCode: '1202', severity: 'normal', lon: here?.[0] ?? asset.lon, lat: here?.[1] ?? asset.lat, media: it.media,
      link: async (tx, made) => {
        await tx.update(inspectionItems).set({ caseId: made.id }).where(and(eq(inspectionItems.inspectionId, id), eq(inspectionItems.item, item), sql`case_id IS NULL`));
      },
    });
    if (!created) return { caseId: c.id, created: false };
    return { caseId: c.id, no: c.no, created: true };
  }

  /** Finish the walk: every item must have a result. */
  async finish(actor: Actor, id: string, note?: string | null): Promise<Inspection> {
    const row = await this.own(actor, id);
    const open = await this.p.db.select({ item: inspectionItems.item }).from(inspectionItems).where(and(eq(inspectionItems.inspectionId, id), sql`result IS NULL`));
    if (open.length) throw badRequest('INSPECTION_INCOMPLETE', `Not yet checked: ${open.map((o) => ZH[o.item]).join('、')}`, { field: 'items', items: open.map((o) => o.item) });
    await this.p.tx(async (tx: Db) => {
      await tx.update(inspections).set({ state: 'finished', finishedAt: sql`now()`, note: note?.trim() || null }).where(eq(inspections.id, id));
      await emitEvent(tx, 'inspection.finished', { inspectionId: id, assetId: row.assetId }, { regionCode: row.regionCode, aggregateId: id });
    });
    return this.get(actor, id);
  }

  private async visible(actor: Actor, id: string): Promise<Row> {
    const [row] = await this.p.db.select().from(inspections).where(eq(inspections.id, id));
    if (!row || !staffIn(actor, row.regionCode)) throw notFound('INSPECTION_NOT_FOUND', 'No such inspection');
    return row;
  }

  /** The caller's own inspection, open (or, with `finished`, also a finished one). */
  private async own(actor: Actor, id: string, opts: { finished?: boolean } = {}): Promise<Row> {
    const row = await this.visible(actor, id);
    if (row.inspectorId !== actor.id) throw forbidden('Only the inspector changes an inspection');
    if (row.state !== 'open' && !opts.finished) throw conflict('INSPECTION_FINISHED', 'The inspection is finished');
    return row;
  }
}
