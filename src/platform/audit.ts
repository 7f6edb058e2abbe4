import type { Db } from './db/index.ts';
import { auditLog } from './db/platform.schema.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entity: string;
  entityId?: string | null;
  regionCode?: string | null;
  /** Never put personal data here in clear: mask phone numbers with maskPhone(). */
  details?: Record<string, unknown>;
}

/** Append an audit row in the caller's transaction. */
export async function writeAudit(tx: Db, e: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId ?? null,
    regionCode: e.regionCode ?? null,
    details: e.details ?? {},
  });
}
