/**
 * Listings and their approval: an owner (a member of the listing's household, a person of its
 * organisation) or the village's staff (`places.manage`) write a listing; it is sent for approval and the
 * village (`places.approve`) publishes or rejects it with a reason. An edit of a published listing is a
 * revision: the published version stays what tourists see until the revision is approved. Anyone else's
 * edit is refused (403) before anything is written.
 */
import { can, assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import { iso, isoOrNull } from '../platform/contract.ts';
import type { Db } from '../platform/db/index.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { HouseholdsService } from '../households/index.ts';
import type { UsersService } from '../people/index.ts';
import { uuidv7 } from '../points/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { attrsProblem, HOUSEHOLD_KINDS, ORGANISATION_KINDS } from './places-kinds.ts';
import type { GuideBody, NewPlace, OwnerStart, PlaceChange, PlacePage, PlaceView } from './places.contract.ts';
import * as repo from './places.repository.ts';
import type { PlaceContent, PlaceKind } from './places.schema.ts';

export const placeMissing = () => notFound('PLACE_NOT_FOUND', 'No such place');
const invalid = (field: string, why = `The place is not valid: ${field}`) => new AppError('PLACE_INVALID', 422, why, { field });

/** How the console shows a photo the owner or the staff can read (the uploader, staff of the place's village). */
export const mediaUrl = (id: string) => `/api/media/${id}/thumb`;

export class PlacesService {
  constructor(
    private p: Platform,
    private households: HouseholdsService,
    private users: UsersService,
    private regions: RegionsService,
  ) {}

  /** A new listing: by an owner for their household or organisation, or by the staff (the system: the demo). */
  async create(actor: Actor | null, input: NewPlace, now = new Date()): Promise<PlaceView> {
    if (actor) await this.assertMayCreate(actor, input);
    if (input.ownerHouseholdId && input.ownerOrganisationId) throw invalid('ownerOrganisationId', 'A place has one owner');
    if (input.ownerHouseholdId && !(await this.households.householdById(input.ownerHouseholdId))) throw new AppError('PLACE_OWNER_INVALID', 422, 'No such household', { field: 'ownerHouseholdId' });
    if (input.ownerOrganisationId && !(await this.users.getOrganisation(input.ownerOrganisationId))) throw new AppError('PLACE_OWNER_INVALID', 422, 'No such organisation', { field: 'ownerOrganisationId' });
    const content = await this.checked(actor, input.kind, input.regionCode, contentOf(input), []);
    const id = uuidv7();
    const submit = input.submit === true;
    await this.p.tx(async (tx) => {
      await tx.insert(repo.places).values({
        id, regionCode: input.regionCode, kind: input.kind, ...content,
        ownerHouseholdId: input.ownerHouseholdId ?? null, ownerOrganisationId: input.ownerOrganisationId ?? null,
        status: submit ? 'pending' : 'draft', submittedAt: submit ? now : null, createdBy: actor?.id ?? null, createdAt: now, updatedAt: now,
      });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'places.create', entity: 'place', entityId: id, regionCode: input.regionCode, details: { kind: input.kind, name: content.name, submit } });
    });
    this.p.log.info({ placeId: id, actorId: actor?.id }, 'place created');
    return this.view(actor, id);
  }

  /**
   * Change a listing. Its owner or the village's staff only (else 403, nothing written). A published
   * listing keeps its published version: the change waits as a revision — unless the one changing it
   * may approve it, whose change is published at once.
   */
  async update(actor: Actor | null, id: string, change: PlaceChange, now = new Date()): Promise<PlaceView> {
    const row = await this.editable(actor, id);
    const current: PlaceContent = row.revision ?? contentOf(row);
    // photos already on the listing (published or waiting) stay allowed whoever uploaded them
    const onListing = [...row.photos, ...(row.revision?.photos ?? [])];
    const next = await this.checked(actor, row.kind as PlaceKind, row.regionCode, { ...current, ...stripUndefined(contentOf(change, current)) }, onListing);
    const direct = row.status !== 'published' || !actor || can(actor, 'places.approve', row.regionCode);
    await this.write(row, async (tx) => {
      const set = direct
        ? { ...next, revision: null, revisionAt: null, revisionRejectReason: null }
        : { revision: next, revisionAt: now, revisionRejectReason: null };
      await tx.update(repo.places).set({ ...set, updatedAt: now, version: row.version + 1 }).where(repo.byIdAt(id, row.version));
      await writeAudit(tx, { actorId: actor?.id ?? null, action: direct ? 'places.update' : 'places.revise', entity: 'place', entityId: id, regionCode: row.regionCode, details: { fields: Object.keys(change) } });
    });
    return this.view(actor, id);
  }

  /** Send a draft (or a rejected listing, changed) for approval. */
  async submit(actor: Actor | null, id: string, now = new Date()): Promise<PlaceView> {
    const row = await this.editable(actor, id);
    if (row.status !== 'draft' && row.status !== 'rejected') throw new AppError('PLACE_NOT_SUBMITTABLE', 409, 'Already waiting for approval or published');
    await this.write(row, async (tx) => {
      await tx.update(repo.places).set({ status: 'pending', submittedAt: now, rejectReason: null, updatedAt: now, version: row.version + 1 }).where(repo.byIdAt(id, row.version));
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'places.submit', entity: 'place', entityId: id, regionCode: row.regionCode });
    });
    return this.view(actor, id);
  }

  /** Publish a listing sent for approval, or a published listing's revision. */
  async approve(actor: Actor | null, id: string, now = new Date()): Promise<PlaceView> {
    const row = await this.approvable(actor, id);
    await this.write(row, async (tx) => {
      const set = row.revision
        ? { ...row.revision, revision: null, revisionAt: null, revisionRejectReason: null }
        : { status: 'published', publishedAt: now, rejectReason: null };
      await tx.update(repo.places).set({ ...set, updatedAt: now, version: row.version + 1 }).where(repo.byIdAt(id, row.version));
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'places.approve', entity: 'place', entityId: id, regionCode: row.regionCode, details: { revision: !!row.revision } });
    });
    this.p.log.info({ placeId: id, actorId: actor?.id }, 'place approved');
    return this.view(actor, id);
  }

  /** Turn down a listing sent for approval (it goes back to its owner with the reason), or a revision (the published version stays). */
  async reject(actor: Actor, id: string, reason: string, now = new Date()): Promise<PlaceView> {
    const row = await this.approvable(actor, id);
    const why = reason.trim();
    await this.write(row, async (tx) => {
      const set = row.revision ? { revision: null, revisionAt: null, revisionRejectReason: why } : { status: 'rejected', rejectReason: why };
      await tx.update(repo.places).set({ ...set, updatedAt: now, version: row.version + 1 }).where(repo.byIdAt(id, row.version));
      await writeAudit(tx, { actorId: actor.id, action: 'places.reject', entity: 'place', entityId: id, regionCode: row.regionCode, details: { reason: why, revision: !!row.revision } });
    });
    return this.view(actor, id);
  }

  /** One listing as its owner or the staff of its area see it (others: 404). */
  async get(actor: Actor, id: string): Promise<PlaceView> {
    const row = await repo.place(this.p.db, id);
    if (!row || !(this.staffOf(actor, row.regionCode) || (await this.owns(actor, row)))) throw placeMissing();
    return (await this.present(actor, [row]))[0];
  }

  /** The listings of an area (the console): filters by kind, status, text; `queue`: what waits for approval. */
  async list(actor: Actor, f: { region: string; kind?: string; status?: string; queue?: boolean; q?: string; limit?: number; offset?: number }): Promise<PlacePage> {
    if (!can(actor, 'places.approve', f.region)) assertCan(actor, 'places.manage', f.region);
    const { rows, total } = await repo.listUnder(this.p.db, { ...f, q: f.q?.trim() || undefined, limit: Math.min(Math.max(f.limit ?? 50, 1), 200), offset: Math.max(f.offset ?? 0, 0) });
    return { items: await this.present(actor, rows), total };
  }

  /** The listings of my household and my organisations. */
  async mine(actor: Actor): Promise<PlacePage> {
    const household = await this.households.householdOf(actor.id);
    const orgs = [...new Set(actor.memberships.map((m) => m.organisationId).filter((o): o is string => !!o))];
    const rows = await repo.ownedBy(this.p.db, household ? [household.id] : [], orgs);
    return { items: await this.present(actor, rows), total: rows.length };
  }

  /** Where an owner starts a new listing: their household (its village, a point to begin from) and the kinds they may list. */
  async ownerStart(actor: Actor): Promise<OwnerStart> {
    const household = await this.households.householdOf(actor.id);
    if (!household || household.regionCode.length !== 12) return { owner: null, kinds: [...HOUSEHOLD_KINDS] };
    const [labels, names, owned, map] = await Promise.all([
      this.households.labelsOf([household.id]), this.regions.names([household.regionCode]),
      repo.ownedBy(this.p.db, [household.id], []), this.regions.baseMap(),
    ]);
    // the household's own listing's point, else the village's centre: the owner moves it on the form if needed
    const near = owned.find((r) => r.regionCode === household.regionCode);
    const village = map.find((r) => r.code === household.regionCode);
    return {
      owner: {
        householdId: household.id, label: labels[household.id] ?? '', regionCode: household.regionCode, villageName: names[household.regionCode] ?? household.regionCode,
        lon: near?.lon ?? village?.centerLon ?? null, lat: near?.lat ?? village?.centerLat ?? null,
      },
      kinds: [...HOUSEHOLD_KINDS],
    };
  }

  /** A village's introduction for tourists (逛村子): the text, a cover picture, how to reach the visitor desk. */
  async setGuide(actor: Actor | null, code: string, body: GuideBody): Promise<{ regionCode: string; intro: string }> {
    if (actor) assertCan(actor, 'places.manage', code);
    if (!(await this.regions.names([code]))[code] || code.length !== 12) throw new AppError('PLACE_REGION_INVALID', 422, 'A guide belongs to a village', { field: 'regionCode' });
    const now = await repo.guideRow(this.p.db, code);
    const cover = body.coverMediaId === undefined ? now?.coverMediaId ?? null : body.coverMediaId;
    if (cover) await this.checkPhotos(actor, [cover], now?.coverMediaId ? [now.coverMediaId] : [], 'coverMediaId');
    const contact = body.contact === undefined ? now?.contact ?? null : body.contact?.trim() || null;
    const intro = body.intro.trim();
    await this.p.tx(async (tx) => {
      const set = { intro, coverMediaId: cover, contact, updatedBy: actor?.id ?? null };
      await tx.insert(repo.villageGuides).values({ regionCode: code, ...set })
        .onConflictDoUpdate({ target: repo.villageGuides.regionCode, set: { ...set, updatedAt: new Date() } });
      await writeAudit(tx, { actorId: actor?.id ?? null, action: 'places.guide', entity: 'village_guide', entityId: code, regionCode: code, details: { cover: !!cover, contact: !!contact } });
    });
    return { regionCode: code, intro };
  }

  /** Whose staff may read a listing's photo (media owner for `/api/media`). */
  async photoReaders(mediaId: string) {
    const { regionCodes, householdIds } = await repo.listingsWithPhoto(this.p.db, mediaId);
    // the owning household's members too: 余大伯 sees his listing's photos whoever uploaded them
    const members = await Promise.all(householdIds.map((h) => this.households.membersOf(h)));
    return { regionCodes, userIds: [...new Set(members.flat().map((m) => m.userId))] };
  }

  async present(actor: Actor | null, rows: repo.PlaceRow[]): Promise<PlaceView[]> {
    if (!rows.length) return [];
    const [names, households, others, questions] = await Promise.all([
      this.regions.names([...new Set(rows.map((r) => r.regionCode))]),
      this.households.labelsOf(rows.map((r) => r.ownerHouseholdId).filter((x): x is string => !!x)),
      this.users.namesOf(rows.map((r) => r.ownerOrganisationId).filter((x): x is string => !!x)),
      repo.questionCounts(this.p.db, rows.map((r) => r.id)),
    ]);
    return rows.map((r) => ({
      id: r.id, regionCode: r.regionCode, villageName: names[r.regionCode] ?? r.regionCode, kind: r.kind as PlaceKind, ...contentOf(r),
      photoUrls: r.photos.map(mediaUrl), status: r.status as PlaceView['status'], rejectReason: r.rejectReason,
      revision: r.revision ?? null, revisionAt: isoOrNull(r.revisionAt), revisionRejectReason: r.revisionRejectReason,
      ownerHouseholdId: r.ownerHouseholdId, ownerOrganisationId: r.ownerOrganisationId,
      ownerLabel: r.ownerHouseholdId ? households[r.ownerHouseholdId] ?? null : r.ownerOrganisationId ? others[r.ownerOrganisationId] ?? null : null,
      canApprove: !!actor && can(actor, 'places.approve', r.regionCode),
      publishedAt: isoOrNull(r.publishedAt), submittedAt: isoOrNull(r.submittedAt), updatedAt: iso(r.updatedAt), questions: questions.get(r.id) ?? 0,
    }));
  }

  private async view(actor: Actor | null, id: string): Promise<PlaceView> {
    return (await this.present(actor, [(await repo.place(this.p.db, id))!]))[0];
  }

  private staffOf(actor: Actor, regionCode: string): boolean {
    return can(actor, 'places.manage', regionCode) || can(actor, 'places.approve', regionCode);
  }

  /** A member of the owning household, or a person of the owning organisation. */
  private async owns(actor: Actor, row: { ownerHouseholdId: string | null; ownerOrganisationId: string | null }): Promise<boolean> {
    if (row.ownerOrganisationId && actor.memberships.some((m) => m.organisationId === row.ownerOrganisationId)) return true;
    if (row.ownerHouseholdId) return (await this.households.membersOf(row.ownerHouseholdId)).some((m) => m.userId === actor.id);
    return false;
  }

  private async assertMayCreate(actor: Actor, input: NewPlace): Promise<void> {
    if (can(actor, 'places.manage', input.regionCode)) return;
    // without an owner it is the village's own listing: its staff's to write (403 for anyone else)
    if (!input.ownerHouseholdId && !input.ownerOrganisationId) assertCan(actor, 'places.manage', input.regionCode);
    const kinds: readonly PlaceKind[] = input.ownerOrganisationId ? ORGANISATION_KINDS : HOUSEHOLD_KINDS;
    if (!kinds.includes(input.kind)) throw new AppError('PLACE_KIND_NOT_FOR_OWNERS', 403, `An owner does not list a ${input.kind}`, { field: 'kind' });
    const ownerOk = (input.ownerHouseholdId || input.ownerOrganisationId) && (await this.owns(actor, { ownerHouseholdId: input.ownerHouseholdId ?? null, ownerOrganisationId: input.ownerOrganisationId ?? null }));
    if (!ownerOk) throw new AppError('PLACE_OWNER_INVALID', 422, 'You are not a member of that household or organisation', { field: input.ownerOrganisationId ? 'ownerOrganisationId' : 'ownerHouseholdId' });
  }

  /** The listing, if the actor may edit it: 404 when it does not exist, 403 when it is someone else's. */
  private async editable(actor: Actor | null, id: string): Promise<repo.PlaceRow> {
    const row = await repo.place(this.p.db, id);
    if (!row) throw placeMissing();
    if (actor && !can(actor, 'places.manage', row.regionCode) && !(await this.owns(actor, row))) {
      throw new AppError('PLACE_NOT_OWNER', 403, 'Only the place\'s owner or the village\'s staff may edit it', { placeId: id });
    }
    return row;
  }

  private async approvable(actor: Actor | null, id: string): Promise<repo.PlaceRow> {
    const row = await repo.place(this.p.db, id);
    if (!row) throw placeMissing();
    if (actor) assertCan(actor, 'places.approve', row.regionCode, placeMissing);
    if (row.status !== 'pending' && !row.revision) throw new AppError('PLACE_NOT_PENDING', 409, 'Nothing waits for approval');
    return row;
  }

  /** One write on the row as read: a concurrent change (its version moved) answers 409 instead of being overwritten. */
  private async write(row: repo.PlaceRow, fn: (tx: Db) => Promise<void>): Promise<void> {
    await this.p.tx(async (tx) => {
      const [locked] = await tx.select({ version: repo.places.version }).from(repo.places).where(repo.byId(row.id)).for('update');
      if (locked?.version !== row.version) throw new AppError('PLACE_CHANGED', 409, 'The place was changed meanwhile: reload it');
      await fn(tx);
    });
  }

  /**
   * Every photo was uploaded (else 422), and is a picture its writer uploaded themselves — or one already
   * on the listing or guide (else 400): nobody attaches someone else's upload by its id. The system may.
   */
  private async checkPhotos(actor: Actor | null, ids: string[], already: string[], field: string): Promise<void> {
    const uploads = await this.p.media.uploads(this.p.db, ids);
    if (ids.some((m) => !uploads.has(m))) throw new AppError('PLACE_PHOTO_NOT_FOUND', 422, 'No such photo', { field });
    for (const id of ids) {
      const u = uploads.get(id)!;
      if (!u.mime.startsWith('image/')) throw new AppError('PLACE_PHOTO_NOT_ALLOWED', 400, 'That file is not a picture', { field, reason: 'not_image', mediaId: id });
      if (actor && !already.includes(id) && u.uploadedBy !== actor.id) throw new AppError('PLACE_PHOTO_NOT_ALLOWED', 400, 'Only a picture you uploaded yourself can be used', { field, reason: 'not_yours', mediaId: id });
    }
  }

  /** The content checked: the kind's attrs, the point inside the village, the photos uploaded. */
  private async checked(actor: Actor | null, kind: PlaceKind, regionCode: string, c: PlaceContent, onListing: string[]): Promise<PlaceContent> {
    if (regionCode.length !== 12) throw new AppError('PLACE_REGION_INVALID', 422, 'A place belongs to a village', { field: 'regionCode' });
    const name = c.name.trim();
    if (!name) throw invalid('name');
    const problem = attrsProblem(kind, c.attrs);
    if (problem) throw invalid(problem);
    for (const ref of ['partOf', 'soldAt'] as const) {
      const other = c.attrs[ref];
      if (typeof other === 'string') {
        const target = await repo.place(this.p.db, other);
        if (!target || target.regionCode !== regionCode) throw invalid(`attrs.${ref}`, `attrs.${ref} names no place of this village`);
      }
    }
    const placed = await this.regions.locate(c.lon, c.lat).catch(() => null);
    if (placed?.villageCode !== regionCode) throw new AppError('PLACE_OUTSIDE_VILLAGE', 422, `(${c.lon}, ${c.lat}) is not inside village ${regionCode}`, { field: 'lon' });
    const photos = [...new Set(c.photos)];
    await this.checkPhotos(actor, photos, onListing, 'photos');
    return { ...c, name, description: c.description.trim(), lon: placed.lon, lat: placed.lat, photos };
  }
}

/** The content fields of a row, an input or a change (over a base for what a change leaves out). */
export function contentOf(x: Partial<PlaceContent> & { description?: string | null }, base?: PlaceContent): PlaceContent {
  return {
    name: x.name ?? base?.name ?? '', description: x.description ?? base?.description ?? '', lon: x.lon ?? base?.lon ?? 0, lat: x.lat ?? base?.lat ?? 0,
    attrs: (x.attrs ?? base?.attrs ?? {}) as Record<string, unknown>, photos: x.photos ?? base?.photos ?? [],
    phone: x.phone === undefined ? base?.phone ?? null : x.phone, bookingUrl: x.bookingUrl === undefined ? base?.bookingUrl ?? null : x.bookingUrl,
  };
}

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
