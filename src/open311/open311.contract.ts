/**
 * What the administrators' Open311 key routes answer (TypeBox schemas and their static types, shared
 * with the web). The GeoReport v2 routes themselves (/open311/v2/…) answer the standard's JSON or XML,
 * rendered as text by open311.format.ts: their shapes are the standard's, not declared here.
 */
import { Type, type Static } from 'typebox';
import { DateTime, Nullable } from '../platform/contract.ts';

export const Open311Key = Type.Object({ id: Type.String(), name: Type.String(), createdAt: DateTime, revokedAt: Nullable(DateTime) });
export type Open311Key = Static<typeof Open311Key>;

/** A new key: the secret is in this answer only (a hash is stored). */
export const NewOpen311Key = Type.Object({ id: Type.String(), name: Type.String(), key: Type.String() });
export type NewOpen311Key = Static<typeof NewOpen311Key>;
