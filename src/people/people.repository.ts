/** All SQL of the people module. */
import { and, asc, eq, gt, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import { memberships, organisations, otpCodes, sessions, users } from './people.schema.ts';

export type UserRow = typeof users.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export async function findUserByUsername(db: Db, username: string) {
  const [u] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return u;
}
export async function findUserByPhone(db: Db, phone: string) {
  const [u] = await db.select().from(users).where(eq(users.phone, phone));
  return u;
}
export async function findUserById(db: Db, id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}
export async function membershipsOf(db: Db, userId: string) {
  return db.select().from(memberships).where(eq(memberships.userId, userId)).orderBy(asc(memberships.createdAt));
}

export async function membershipsOfUsers(db: Db, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db.select().from(memberships).where(inArray(memberships.userId, userIds)).orderBy(asc(memberships.createdAt));
}

/** A user's live grants (see GRANTS_OF_USER). */
export async function grantsOfUser(db: Db, userId: string): Promise<NonNullable<SessionActorRow['grants']>> {
  const r = (await db.execute(sql`SELECT ${GRANTS_OF_USER} AS grants FROM users u WHERE u.id = ${userId}`)) as unknown as { rows: { grants: SessionActorRow['grants'] }[] };
  return parseJson(r.rows[0]?.grants) ?? [];
}

/** json columns arrive parsed from pg and PGlite alike; a driver that hands text is parsed here. */
export function parseJson<T>(v: T | string | null | undefined): T | null {
  return typeof v === 'string' ? (JSON.parse(v) as T) : (v ?? null);
}

export async function insertSession(db: Db, tokenHash: string, userId: string, kind: 'session' | 'api', expiresAt: Date) {
  await db.insert(sessions).values({ tokenHash, userId, kind, expiresAt });
}
export interface SessionActorRow {
  id: string;
  kind: string;
  display_name: string;
  home_region_code: string | null;
  disabled: boolean;
  role: string | null;
  region_code: string | null;
  organisation_id: string | null;
  /** The person's live grants, directly or through an organisation (the same on every row). */
  grants: { permission: string; regionCode: string; organisationId: string | null }[] | null;
}

// live grants of a user (u.id): to them, or to an organisation they belong to
const GRANTS_OF_USER = sql`(SELECT json_agg(json_build_object('permission', g.permission, 'regionCode', g.region_code, 'organisationId', g.organisation_id))
         FROM access_grants g
        WHERE g.revoked_at IS NULL
          AND (g.user_id = u.id OR g.organisation_id IN (SELECT om.organisation_id FROM memberships om WHERE om.user_id = u.id)))`;

/**
 * The user, memberships and grants behind a live session, in one round trip (the hot path of every
 * request). The grants come from the CTE, not the joined row, so they are looked up once, not once per
 * membership.
 */
export async function findSessionActor(db: Db, tokenHash: string): Promise<SessionActorRow[]> {
  const r = (await db.execute(sql`
    WITH u AS (
      SELECT u.id, u.kind, u.display_name, u.home_region_code, u.disabled
        FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ${tokenHash} AND s.expires_at > now())
    SELECT u.id, u.kind, u.display_name, u.home_region_code, u.disabled, m.role, m.region_code, m.organisation_id,
           (SELECT ${GRANTS_OF_USER} FROM u) AS grants
      FROM u
      LEFT JOIN memberships m ON m.user_id = u.id
     ORDER BY m.created_at`)) as unknown as { rows: SessionActorRow[] };
  return r.rows;
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function latestOtp(db: Db, phone: string) {
  const [o] = await db.select().from(otpCodes).where(eq(otpCodes.phone, phone)).orderBy(sql`${otpCodes.createdAt} desc`).limit(1);
  return o;
}
export async function countOtpsSince(db: Db, phone: string, since: Date) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(otpCodes).where(and(eq(otpCodes.phone, phone), gt(otpCodes.createdAt, since)));
  return r.n;
}
export async function insertOtp(db: Db, phone: string, codeHash: string, expiresAt: Date) {
  await db.insert(otpCodes).values({ phone, codeHash, expiresAt });
}
/**
 * Take one of a code's attempts before comparing it, in one statement: parallel guesses each take their
 * own, so no more than `max` comparisons are ever made against one code. False when none is left.
 */
export async function claimOtpAttempt(db: Db, id: string, max: number): Promise<boolean> {
  const r = await db.update(otpCodes).set({ attempts: sql`${otpCodes.attempts} + 1` })
    .where(and(eq(otpCodes.id, id), lt(otpCodes.attempts, max), isNull(otpCodes.consumedAt))).returning({ attempts: otpCodes.attempts });
  return r.length === 1;
}
export async function consumeOtp(db: Db, id: string): Promise<boolean> {
  const r = await db.update(otpCodes).set({ consumedAt: sql`now()` }).where(and(eq(otpCodes.id, id), isNull(otpCodes.consumedAt))).returning({ id: otpCodes.id });
  return r.length === 1;
}

/** Users with at least one membership (or a home region) inside the scopes. */
export async function listUsersInScopes(db: Db, scopes: string[], opts: { q?: string; limit: number; offset: number }) {
  const scopeCond = or(
    ...scopes.flatMap((s) => [like(memberships.regionCode, `${s}%`), like(users.homeRegionCode, `${s}%`)]),
  );
  const search = opts.q ? or(like(users.displayName, `%${opts.q}%`), like(users.username, `%${opts.q}%`)) : undefined;
  const rows = await db
    .selectDistinct({ id: users.id, username: users.username, displayName: users.displayName, phone: users.phone, kind: users.kind, homeRegionCode: users.homeRegionCode, disabled: users.disabled, createdAt: users.createdAt })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(and(scopeCond, search))
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(opts.limit)
    .offset(opts.offset);
  return rows;
}

export async function listOrganisations(db: Db, scopes: string[]) {
  return db.select().from(organisations).where(or(...scopes.map((s) => like(organisations.regionCode, `${s}%`)))).orderBy(asc(organisations.regionCode), asc(organisations.name));
}
export async function findOrganisation(db: Db, id: string) {
  const [o] = await db.select().from(organisations).where(eq(organisations.id, id));
  return o;
}
