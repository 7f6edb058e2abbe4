/**
 * SQL of the area indices: the formulas' versions, the read model (a period's rows of a kind under a
 * scope replaced at once), the rankings with the scope in SQL, the 下沉 organisations and their services.
 * The case data comes from the cases module's handling stats (area-index.service.ts), never its tables.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../platform/db/index.ts';
import type { AreaFormula, AreaKind } from './area-formula.ts';
import { partyAreaFormulas, partyAreaIndex, partyOrgServices, partyServiceOrgs } from './area-index.schema.ts';
import type { Period } from './periods.ts';

type Rows<T> = { rows: T[] };

const inScopes = (column: string, patterns: readonly string[]): SQL =>
  patterns.length === 0 ? sql`false` : sql`(${sql.join(patterns.map((p) => sql`${sql.raw(column)} LIKE ${p}`), sql` OR `)})`;

// ——— formulas ———

export type AreaFormulaRow = typeof partyAreaFormulas.$inferSelect;

const parsed = (r: AreaFormulaRow): AreaFormulaRow => ({ ...r, params: typeof r.params === 'string' ? (JSON.parse(r.params) as AreaFormula) : r.params, createdAt: new Date(r.createdAt) });

/** Every version of a kind's formulas (a handful: the service picks the one in force per place and period). */
export async function formulasOf(db: Db, kind: AreaKind): Promise<AreaFormulaRow[]> {
  return (await db.select().from(partyAreaFormulas).where(sql`kind = ${kind}`).orderBy(sql`length(scope) DESC, version DESC`)).map(parsed);
}

/** The version in force for a place at a time: the newest of the most specific covering scope made before `before`. */
export function inForce(formulas: readonly AreaFormulaRow[], regionCode: string, before: Date): AreaFormulaRow | null {
  // sorted most specific scope first, newest version first
  return formulas.find((f) => regionCode.startsWith(f.scope) && f.createdAt.getTime() < before.getTime()) ?? null;
}

/**
 * The next version of a kind's formula, numbered across its scopes (so a row's version names one formula:
 * a township's first change is not a second "version 1"); under a lock on the kind, so two changes get two.
 */
export async function insertFormula(tx: Db, kind: AreaKind, scope: string, params: AreaFormula, note: string | null, by: string, at: Date): Promise<AreaFormulaRow> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`partywork.area_formula:${kind}`}, 0))`);
  const [row] = await tx.insert(partyAreaFormulas).values({
    kind, scope, params, note, createdBy: by, createdAt: at,
    version: sql`(SELECT coalesce(max(version), 0) + 1 FROM party_area_formulas WHERE kind = ${kind})`,
  }).returning();
  return parsed(row);
}

// ——— the read model ———

export type AreaIndexRow = typeof partyAreaIndex.$inferInsert;

/** Replace a period's rows of a kind under a scope with these (units without data any more disappear). Rows written. */
export async function replacePeriod(tx: Db, kind: AreaKind, period: Period, scope: string, rows: readonly AreaIndexRow[]): Promise<number> {
  await tx.execute(sql`DELETE FROM party_area_index WHERE kind = ${kind} AND period_kind = ${period.kind} AND period_start = ${period.start}::date AND region_code LIKE ${`${scope}%`}`);
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(partyAreaIndex).values(rows.slice(i, i + 1000));
  return rows.length;
}

export interface RankedRow {
  kind: string; unit_id: string; region_code: string; unit_name: string; formula_version: number; ratings: number; satisfied: number; basically_satisfied: number;
  unsatisfied: number; closed: number; closed_on_time: number; services: number; solved: number; households: number;
  satisfaction_part: number | null; on_time_part: number | null; score: number | null; computed_at: string | Date; rank: number; n: number;
}

/** A kind's units by score in a period (highest first, no data last; ties share a rank), inside the caller's scopes and the area asked. */
export async function rank(db: Db, kind: AreaKind, period: Period, f: { patterns: string[]; region?: string; limit: number; offset: number }): Promise<RankedRow[]> {
  const r = (await db.execute(sql`
    SELECT i.kind, i.unit_id, i.region_code, i.unit_name, i.formula_version, i.ratings, i.satisfied, i.basically_satisfied, i.unsatisfied, i.closed, i.closed_on_time,
           i.services, i.solved, i.households, i.satisfaction_part, i.on_time_part, i.score, i.computed_at,
           rank() OVER (ORDER BY i.score DESC NULLS LAST)::int AS rank, count(*) OVER ()::int AS n
      FROM party_area_index i
     WHERE i.kind = ${kind} AND i.period_kind = ${period.kind} AND i.period_start = ${period.start}::date AND ${inScopes('i.region_code', f.patterns)}
       ${f.region ? sql`AND i.region_code LIKE ${`${f.region}%`}` : sql``}
     ORDER BY i.score DESC NULLS LAST, i.unit_name, i.region_code LIMIT ${f.limit} OFFSET ${f.offset}`)) as unknown as Rows<RankedRow>;
  return r.rows;
}

// ——— 下沉 organisations and their services ———

export type ServiceOrgRow = typeof partyServiceOrgs.$inferSelect;
export type OrgServiceRow = typeof partyOrgServices.$inferSelect;

export async function insertServiceOrg(tx: Db, o: { name: string; kind: string; regionCode: string; contactName: string; contactPhone: string; createdBy: string }): Promise<ServiceOrgRow> {
  const [row] = await tx.insert(partyServiceOrgs).values(o).returning();
  return row;
}

export async function findServiceOrg(db: Db, id: string): Promise<ServiceOrgRow | null> {
  const [row] = await db.select().from(partyServiceOrgs).where(sql`id = ${id}::uuid`);
  return row ?? null;
}

/** The organisations paired with places inside the caller's scopes (and the area asked), with their services' counts. */
export async function listServiceOrgs(db: Db, patterns: string[], region?: string): Promise<(ServiceOrgRow & { services: number; lastServedOn: string | null })[]> {
  const r = (await db.execute(sql`
    SELECT o.id, o.name, o.kind, o.region_code, o.contact_name, o.contact_phone, o.created_by, o.created_at,
           (SELECT count(*)::int FROM party_org_services s WHERE s.org_id = o.id) AS services,
           (SELECT to_char(max(s.served_on), 'YYYY-MM-DD') FROM party_org_services s WHERE s.org_id = o.id) AS last_served_on
      FROM party_service_orgs o
     WHERE ${inScopes('o.region_code', patterns)} ${region ? sql`AND o.region_code LIKE ${`${region}%`}` : sql``}
     ORDER BY o.region_code, o.name LIMIT 500`)) as unknown as Rows<Record<string, unknown>>;
  return r.rows.map((x) => ({
    id: String(x.id), name: String(x.name), kind: String(x.kind), regionCode: String(x.region_code), contactName: String(x.contact_name), contactPhone: String(x.contact_phone),
    createdBy: (x.created_by as string | null) ?? null, createdAt: new Date(x.created_at as string), services: Number(x.services), lastServedOn: (x.last_served_on as string | null) ?? null,
  }));
}

/** Insert a service; an existing id comes back as it was (a retry), with `existed`. */
export async function insertOrgService(tx: Db, s: typeof partyOrgServices.$inferInsert): Promise<{ row: OrgServiceRow; existed: boolean }> {
  const [row] = await tx.insert(partyOrgServices).values(s).onConflictDoNothing().returning();
  if (row) return { row, existed: false };
  const [old] = await tx.select().from(partyOrgServices).where(sql`id = ${s.id}::uuid`);
  return { row: old, existed: true };
}

export async function servicesOf(db: Db, orgId: string, limit: number): Promise<OrgServiceRow[]> {
  return db.select().from(partyOrgServices).where(sql`org_id = ${orgId}::uuid`).orderBy(sql`served_on DESC, logged_at DESC`).limit(limit);
}

/** The services of a period under a scope, with their organisation (the organisation index's input). */
export async function servicesIn(db: Db, period: Period, scope: string): Promise<{ org_id: string; name: string; region_code: string; households: number; case_id: string | null; solved: boolean }[]> {
  const r = (await db.execute(sql`
    SELECT s.org_id::text AS org_id, o.name, o.region_code, s.households, s.case_id::text AS case_id, s.solved
      FROM party_org_services s JOIN party_service_orgs o ON o.id = s.org_id
     WHERE s.region_code LIKE ${`${scope}%`} AND s.served_on >= ${period.start}::date
       AND s.served_on < (${period.start}::date + ${period.kind === 'week' ? sql`interval '7 days'` : period.kind === 'month' ? sql`interval '1 month'` : sql`interval '1 year'`})`)) as unknown as Rows<{
    org_id: string; name: string; region_code: string; households: number; case_id: string | null; solved: boolean;
  }>;
  return r.rows.map((x) => ({ ...x, households: Number(x.households), solved: x.solved === true || (x.solved as unknown) === 't' }));
}

/** Where and when the services linked to a case were done (a case closed: their organisations' periods move). */
export async function servicesOfCase(db: Db, caseId: string): Promise<{ region_code: string; served_on: string }[]> {
  const r = (await db.execute(sql`SELECT region_code, to_char(served_on, 'YYYY-MM-DD') AS served_on FROM party_org_services WHERE case_id = ${caseId}::uuid`)) as unknown as Rows<{ region_code: string; served_on: string }>;
  return r.rows;
}
