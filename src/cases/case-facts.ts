/**
 * A case as other modules need to tell people about it (the notify module's notices): who handles it,
 * its clocks, and whether it is urgent — urgent severity, or a category that escalates by itself. The
 * cases module's query function, so that no other module reads the cases tables.
 */
import type { Database } from '../platform/db/index.ts';

export interface CaseFacts {
  id: string;
  no: string;
  title: string;
  level: string;
  state: string;
  region_code: string;
  village_code: string;
  assignee_id: string | null;
  assigned_org_id: string | null;
  co_handlers: { orgId: string | null; userId: string | null; status: string }[];
  deadline: Date | null;
  sign_deadline: Date | null;
  dispatched_at: Date | null;
  overdue_at: Date | null;
  supervision: number;
  urgent: boolean;
  /** The category's name (null for a case without one). */
  category: string | null;
}

/** The case as it is now (read-only), or undefined. */
export async function caseFacts(database: Database, caseId: string): Promise<CaseFacts | undefined> {
  const [c] = await database.raw<CaseFacts>(`
    SELECT c.id, c.no, c.title, c.level, c.state, c.region_code, c.village_code, c.assignee_id, c.assigned_org_id, c.co_handlers,
           c.deadline, c.sign_deadline, c.dispatched_at, c.overdue_at, c.supervision, (c.severity = 'urgent' OR COALESCE(k.auto_escalate, false)) AS urgent, k.name AS category
      FROM cases c LEFT JOIN case_categories k ON k.code = c.category_code WHERE c.id = $1`, [caseId], { prepare: true });
  return c;
}
