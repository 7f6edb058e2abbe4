/**
 * Administration of what the workflow runs on: categories with their time limits, camera vendors'
 * event codes, and calendar overrides (working days set by administrators). Changes are audited,
 * reloaded in this process at once, and announced with a `cases.config_changed` event that every other
 * server process reloads on (EventBus.subscribeEverywhere).
 */
import { and, eq } from 'drizzle-orm';
import { assertCan, type Actor } from '../platform/access.ts';
import { writeAudit } from '../platform/audit.ts';
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest, conflict, isUniqueViolation, notFound } from '../platform/errors.ts';
import { emitEvent } from '../platform/events.ts';
import type { CalendarOverride, Category, VendorCode } from './cases.contract.ts';
import { calendarOverrides, caseCategories, vendorEventCodes } from './cases.schema.ts';

import { CONFIG_CHANGED } from './case.events.ts';

export { CONFIG_CHANGED };
const changed = (tx: Db, what: string, key: string) => emitEvent(tx, CONFIG_CHANGED, { what, key });
import { SOURCES } from './sources.ts';

export const LIMIT_UNITS = ['minutes', 'hours', 'working_hours', 'working_days'] as const;

export type CategoryInput = Partial<Omit<typeof caseCategories.$inferInsert, 'code'>>;

function check(input: CategoryInput): void {
  for (const f of ['limitUnit', 'urgentLimitUnit', 'signLimitUnit'] as const) {
    const v = input[f];
    if (v !== undefined && !(LIMIT_UNITS as readonly string[]).includes(v)) throw badRequest('VALIDATION_FAILED', `${f} must be one of ${LIMIT_UNITS.join(', ')}`, { field: f });
  }
  for (const f of ['limitValue', 'urgentLimitValue', 'signLimitValue'] as const) {
    const v = input[f];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw badRequest('VALIDATION_FAILED', `${f} must be a whole number above 0`, { field: f });
  }
  const bad = input.sources?.find((s) => !(SOURCES as readonly string[]).includes(s));
  if (bad) throw badRequest('VALIDATION_FAILED', `Unknown source "${bad}"`, { field: 'sources' });
}

export class CasesAdmin {
  constructor(
    private p: Platform,
    /** Reload the in-memory copies after a change. */
    private reload: () => Promise<void>,
  ) {}

  async createCategory(actor: Actor, code: string, input: CategoryInput): Promise<Category> {
    assertCan(actor, 'categories.write');
    if (!/^\d{4}$/.test(code)) throw badRequest('VALIDATION_FAILED', 'code: 2-digit class + 2-digit subclass', { field: 'code' });
    check(input);
    for (const f of ['name', 'nameEn', 'leadKind', 'limitValue', 'limitUnit', 'urgentLimitValue', 'urgentLimitUnit', 'sources'] as const) {
      if (input[f] === undefined) throw badRequest('VALIDATION_FAILED', `${f} is required`, { field: f });
    }
    try {
      const row = await this.p.tx(async (tx: Db) => {
        const [r] = await tx.insert(caseCategories).values({ ...(input as typeof caseCategories.$inferInsert), code }).returning();
        await writeAudit(tx, { actorId: actor.id, action: 'category.created', entity: 'case_category', entityId: code, details: { ...input } });
        await changed(tx, 'category', code);
        return r;
      });
      await this.reload();
      return row;
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('CATEGORY_EXISTS', `Category ${code} exists`, { field: 'code' });
      throw err;
    }
  }

  async updateCategory(actor: Actor, code: string, input: CategoryInput): Promise<Category> {
    assertCan(actor, 'categories.write');
    check(input);
    if (Object.keys(input).length === 0) throw badRequest('VALIDATION_FAILED', 'Nothing to change', { field: '(body)' });
    const row = await this.p.tx(async (tx: Db) => {
      const [r] = await tx.update(caseCategories).set(input).where(eq(caseCategories.code, code)).returning();
      if (!r) throw notFound('CATEGORY_NOT_FOUND', `No category ${code}`, { field: 'code' });
      await writeAudit(tx, { actorId: actor.id, action: 'category.updated', entity: 'case_category', entityId: code, details: { ...input } });
      await changed(tx, 'category', code);
      return r;
    });
    await this.reload();
    return row;
  }

  async listOverrides(): Promise<CalendarOverride[]> {
    return this.p.db.select().from(calendarOverrides).orderBy(calendarOverrides.date);
  }

  async setOverride(actor: Actor, date: string, working: boolean, note: string | null): Promise<CalendarOverride> {
    assertCan(actor, 'categories.write');
    // Date rolls 2031-02-30 over to March 2nd: a real date reads back the same
    const parsed = new Date(`${date}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) {
      throw badRequest('VALIDATION_FAILED', 'date must be YYYY-MM-DD', { field: 'date' });
    }
    await this.p.tx(async (tx: Db) => {
      await tx.insert(calendarOverrides).values({ date, working, note }).onConflictDoUpdate({ target: calendarOverrides.date, set: { working, note } });
      await writeAudit(tx, { actorId: actor.id, action: 'calendar.override_set', entity: 'calendar', entityId: date, details: { working, note } });
      await changed(tx, 'calendar', date);
    });
    await this.reload();
    return { date, working, note };
  }

  async removeOverride(actor: Actor, date: string) {
    assertCan(actor, 'categories.write');
    await this.p.tx(async (tx: Db) => {
      await tx.delete(calendarOverrides).where(eq(calendarOverrides.date, date));
      await writeAudit(tx, { actorId: actor.id, action: 'calendar.override_removed', entity: 'calendar', entityId: date });
      await changed(tx, 'calendar', date);
    });
    await this.reload();
  }

  async listVendorCodes(): Promise<VendorCode[]> {
    return this.p.db.select().from(vendorEventCodes).orderBy(vendorEventCodes.vendor, vendorEventCodes.eventCode);
  }

  /** Map a camera vendor's event id to a category (e.g. dahua 895 → 0108 bin overflow). */
  async setVendorCode(actor: Actor, vendor: string, eventCode: string, categoryCode: string, description: string | null): Promise<VendorCode> {
    assertCan(actor, 'categories.write');
    const [category] = await this.p.db.select({ code: caseCategories.code }).from(caseCategories).where(eq(caseCategories.code, categoryCode));
    if (!category) throw badRequest('CATEGORY_UNKNOWN', `Unknown category ${categoryCode}`, { field: 'categoryCode' });
    const row = { vendor: vendor.toLowerCase(), eventCode, categoryCode, description };
    await this.p.tx(async (tx: Db) => {
      await tx.insert(vendorEventCodes).values(row).onConflictDoUpdate({ target: [vendorEventCodes.vendor, vendorEventCodes.eventCode], set: { categoryCode, description } });
      await writeAudit(tx, { actorId: actor.id, action: 'vendor_code.set', entity: 'vendor_event_code', entityId: `${row.vendor}:${eventCode}`, details: { categoryCode } });
      await changed(tx, 'vendor_code', `${row.vendor}:${eventCode}`);
    });
    return row;
  }

  async removeVendorCode(actor: Actor, vendor: string, eventCode: string) {
    assertCan(actor, 'categories.write');
    await this.p.tx(async (tx: Db) => {
      const gone = await tx.delete(vendorEventCodes).where(and(eq(vendorEventCodes.vendor, vendor.toLowerCase()), eq(vendorEventCodes.eventCode, eventCode))).returning();
      if (gone.length === 0) throw notFound('VENDOR_CODE_NOT_FOUND', `No mapping for ${vendor} ${eventCode}`, { field: 'eventCode' });
      await writeAudit(tx, { actorId: actor.id, action: 'vendor_code.removed', entity: 'vendor_event_code', entityId: `${vendor.toLowerCase()}:${eventCode}` });
      await changed(tx, 'vendor_code', `${vendor.toLowerCase()}:${eventCode}`);
    });
  }
}
