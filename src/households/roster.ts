/**
 * Every household of an area with its members, in one statement: the bulk read the credit module rolls
 * points up to households with (a county's ≈10,000 at once). A trusted query (no actor): the caller
 * checks permissions and masks names.
 */
import type { Platform } from '../platform/context.ts';

export interface RosterHousehold {
  id: string;
  regionCode: string;
  name: string;
  address: string;
  headUserId: string;
  memberIds: string[];
}

export class HouseholdRoster {
  constructor(private p: Pick<Platform, 'database'>) {}

  /** The households whose village lies in `scope` (a region code's prefix), by village, address and id. */
  async in(scope: string): Promise<RosterHousehold[]> {
    const rows = await this.p.database.raw<{ id: string; region_code: string; name: string; address: string; head_user_id: string; members: string[] | string }>(`
      SELECT h.id, h.region_code, h.name, h.address, h.head_user_id,
             coalesce(array_agg(m.user_id::text ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS members
        FROM households h LEFT JOIN household_members m ON m.household_id = h.id
       WHERE h.region_code LIKE $1
       GROUP BY h.id ORDER BY h.region_code, h.address, h.id`, [`${scope}%`]);
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code, name: r.name, address: r.address, headUserId: r.head_user_id, memberIds: parseArray(r.members) }));
  }
}

/** A text[] arrives parsed from node-postgres and PGlite alike, but be safe with the literal form. */
const parseArray = (v: string[] | string): string[] => (Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean));
