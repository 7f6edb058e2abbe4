/** The places module's HTTP contract: what its routes take and answer (the web imports the static types). */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable, Uuid } from '../platform/contract.ts';
import { HOMESTAY_GRADES } from './places-kinds.ts';
import { PLACE_KINDS, PLACE_STATUSES } from './places.schema.ts';

/** One of these words (typed as the union: a mapped array of literals would type as never). */
const lit = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.Union(xs.map((x) => Type.Literal(x))));
export const PlaceKindSchema = lit(PLACE_KINDS);
export const PlaceStatusSchema = lit(PLACE_STATUSES);
export const GradeSchema = lit(HOMESTAY_GRADES);
const VillageCode = Type.String({ pattern: '^[0-9]{12}$' });
const MediaId = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Phone = Type.String({ pattern: '^[0-9+\\- ]{5,20}$' });
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 300 });

/** A listing's content as an owner or the staff writes it; `attrs` are the kind's own facts (places-kinds.ts). */
const contentFields = {
  name: Type.String({ minLength: 1, maxLength: 60 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  lon: Type.Number({ minimum: 73, maximum: 136 }),
  lat: Type.Number({ minimum: 3, maximum: 54 }),
  attrs: AnyObject,
  photos: Type.Optional(Type.Array(MediaId, { maxItems: 9 })),
  phone: Type.Optional(Nullable(Phone)),
  bookingUrl: Type.Optional(Nullable(Url)),
};

export const NewPlace = Type.Object({
  regionCode: VillageCode,
  kind: PlaceKindSchema,
  ...contentFields,
  /** Whose listing it is: a household (the caller a member) or an organisation (the caller of it); none: the village's own (staff only). */
  ownerHouseholdId: Type.Optional(Uuid),
  ownerOrganisationId: Type.Optional(Uuid),
  /** Send it for approval at once (default: a draft). */
  submit: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type NewPlace = Static<typeof NewPlace>;

export const PlaceChange = Type.Partial(Type.Object(contentFields), { additionalProperties: false, minProperties: 1 });
export type PlaceChange = Static<typeof PlaceChange>;

export const RejectBody = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });
export const AskBody = Type.Object({
  question: Type.String({ minLength: 2, maxLength: 1000 }),
  clientKey: Type.Optional(Type.String({ minLength: 8, maxLength: 80 })),
}, { additionalProperties: false });
/** A village's introduction; the cover and contact left out stay as they are, null removes them. */
export const GuideBody = Type.Object({
  intro: Type.String({ minLength: 1, maxLength: 4000 }),
  coverMediaId: Type.Optional(Nullable(MediaId)),
  contact: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
}, { additionalProperties: false });
export type GuideBody = Static<typeof GuideBody>;

/** Where an owner starts a new listing: their household (null: none, ask the village) and the kinds they may list. */
export const OwnerStart = Type.Object({
  owner: Nullable(Type.Object({
    householdId: Uuid, label: Type.String(), regionCode: Type.String(), villageName: Type.String(),
    lon: Nullable(Type.Number()), lat: Nullable(Type.Number()),
  })),
  kinds: Type.Array(PlaceKindSchema),
});
export type OwnerStart = Static<typeof OwnerStart>;

const Content = Type.Object({
  name: Type.String(), description: Type.String(), lon: Type.Number(), lat: Type.Number(), attrs: AnyObject,
  photos: Type.Array(Type.String()), phone: Nullable(Type.String()), bookingUrl: Nullable(Type.String()),
});

/** A listing as its owner and the village's staff see it: status, the pending revision, the reasons. */
export const PlaceView = Type.Object({
  id: Uuid, regionCode: Type.String(), villageName: Type.String(), kind: PlaceKindSchema,
  ...Content.properties,
  photoUrls: Type.Array(Type.String()),
  status: PlaceStatusSchema, rejectReason: Nullable(Type.String()),
  revision: Nullable(Content), revisionAt: Nullable(DateTime), revisionRejectReason: Nullable(Type.String()),
  ownerHouseholdId: Nullable(Uuid), ownerOrganisationId: Nullable(Uuid), ownerLabel: Nullable(Type.String()),
  canApprove: Type.Boolean(),
  publishedAt: Nullable(DateTime), submittedAt: Nullable(DateTime), updatedAt: DateTime, questions: Type.Integer(),
});
export type PlaceView = Static<typeof PlaceView>;
export const PlacePage = Type.Object({ items: Type.Array(PlaceView), total: Type.Integer() });
export type PlacePage = Static<typeof PlacePage>;

/** A published place on the tourist's map and list: no owner, no personal data. */
export const PublicPlaceSummary = Type.Object({
  id: Uuid, kind: PlaceKindSchema, name: Type.String(), lon: Type.Number(), lat: Type.Number(),
  grade: Nullable(GradeSchema), priceFrom: Nullable(Type.Number()), price: Nullable(Type.Number()), partOf: Nullable(Uuid),
  cover: Nullable(Type.String()), snippet: Type.String(),
});
export type PublicPlaceSummary = Static<typeof PublicPlaceSummary>;
export const PublicSearch = Type.Object({ items: Type.Array(PublicPlaceSummary), total: Type.Integer() });
export type PublicSearch = Static<typeof PublicSearch>;

/** A published place's page: its photos, facts, the business phone and booking link, what belongs to it (a venue's shop, a shop's products). */
export const PublicPlace = Type.Object({
  id: Uuid, kind: PlaceKindSchema, name: Type.String(), description: Type.String(), lon: Type.Number(), lat: Type.Number(),
  regionCode: Type.String(), villageName: Type.String(), attrs: AnyObject, photoUrls: Type.Array(Type.String()),
  phone: Nullable(Type.String()), bookingUrl: Nullable(Type.String()), grade: Nullable(GradeSchema),
  partOf: Nullable(PublicPlaceSummary), parts: Type.Array(PublicPlaceSummary), updatedAt: DateTime,
});
export type PublicPlace = Static<typeof PublicPlace>;

/** The village's first page for tourists: its introduction, where it is, what it has. */
export const VillageGuide = Type.Object({
  regionCode: Type.String(), name: Type.String(), township: Type.String(), intro: Type.String(),
  /** The cover picture (a public URL) and how to reach the visitor desk. */
  coverUrl: Nullable(Type.String()), contact: Nullable(Type.String()),
  centerLon: Nullable(Type.Number()), centerLat: Nullable(Type.Number()), geometry: Nullable(AnyObject),
  counts: Type.Record(Type.String(), Type.Integer()),
});
export type VillageGuide = Static<typeof VillageGuide>;
export const GuideVillages = Type.Object({ items: Type.Array(Type.Object({ regionCode: Type.String(), name: Type.String(), township: Type.String(), places: Type.Integer() })) });
export type GuideVillages = Static<typeof GuideVillages>;

export const AskAnswer = Type.Object({ caseId: Uuid, caseNo: Type.String(), placeId: Uuid });
export type AskAnswer = Static<typeof AskAnswer>;
