/**
 * Building blocks of the HTTP contract: each module's `<module>.contract.ts` names the objects its
 * routes return with these, the routes declare them as success responses, and the web imports their
 * static types. Fastify's serializer drops what a schema does not list and throws on a missing
 * required property, so a schema lists every field a caller reads.
 */
import { Type, type TSchema } from 'typebox';

/** A nullable column. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A timestamp after presenting: ISO 8601 text. */
export const DateTime = Type.String({ format: 'date-time' });
export const Uuid = Type.String({ format: 'uuid' });
/** The `{ items: [...] }` envelope of list answers. */
export const Items = <T extends TSchema>(t: T) => Type.Object({ items: Type.Array(t) });
/** The answer of a delete without a body of its own. */
export const Ok = Type.Object({ ok: Type.Boolean() });
/** A bilingual word. */
export const Words = Type.Object({ zh: Type.String(), en: Type.String() });
/** Any JSON object whose keys the contract does not fix (payloads, GeoJSON geometry, names by id). */
export const AnyObject = Type.Record(Type.String(), Type.Unknown());

/** Present a timestamp column (Date from drizzle, text or Date from raw SQL on either driver). */
export const iso = (v: Date | string): string => new Date(v).toISOString();
export const isoOrNull = (v: Date | string | null | undefined): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());
