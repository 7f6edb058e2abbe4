/** What the households module's routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { DateTime } from '../platform/contract.ts';
import { RELATIONS } from './households.schema.ts';

export const RelationSchema = Type.Union([
  Type.Literal('head'), Type.Literal('spouse'), Type.Literal('child'), Type.Literal('parent'), Type.Literal('grandchild'), Type.Literal('other'),
]);
// the schema's words and the table's check list the same relations
const _same: Static<typeof RelationSchema> extends (typeof RELATIONS)[number] ? ((typeof RELATIONS)[number] extends Static<typeof RelationSchema> ? true : never) : never = true;
void _same;

/** A member; `name` is full for the household's own members and for a granted reader of one household, masked (郭*民) in lists and scans. */
export const HouseholdMember = Type.Object({ userId: Type.String(), name: Type.String(), relation: RelationSchema, joinedAt: DateTime });
export type HouseholdMember = Static<typeof HouseholdMember>;

export const HouseholdView = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), address: Type.String(),
  headUserId: Type.String(), members: Type.Array(HouseholdMember), cardIssuedAt: DateTime, createdAt: DateTime, updatedAt: DateTime,
});
export type HouseholdView = Static<typeof HouseholdView>;

/** GET /api/me/household: my household (or none yet) and my card's token, which the card's QR carries. */
export const MyHousehold = Type.Object({
  household: Type.Union([Type.Intersect([HouseholdView, Type.Object({ cardToken: Type.String(), cardUrl: Type.String() })]), Type.Null()]),
});
export type MyHousehold = Static<typeof MyHousehold>;

/** A row of the staff list: names masked, head's name masked. */
export const HouseholdSummary = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), address: Type.String(),
  headName: Type.String(), memberCount: Type.Integer(), updatedAt: DateTime,
  tags: Type.Array(Type.String()), gridName: Type.Union([Type.String(), Type.Null()]),
});
export type HouseholdSummary = Static<typeof HouseholdSummary>;

export const HouseholdPage = Type.Object({ total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), items: Type.Array(HouseholdSummary) });
export type HouseholdPage = Static<typeof HouseholdPage>;

/** What a scan of a household card shows a grid worker or shopkeeper: enough to act for the household, no more. */
export const CardScan = Type.Object({
  id: Type.String(), regionCode: Type.String(), regionName: Type.String(), name: Type.String(), headUserId: Type.String(),
  members: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), relation: RelationSchema })),
});
export type CardScan = Static<typeof CardScan>;
