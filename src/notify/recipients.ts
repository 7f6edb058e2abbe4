/**
 * Who is told: resolved through the people module's queries (members of an organisation, holders of a
 * role at a region), never from phone numbers carried in events.
 */
import type { UsersService } from '../people/index.ts';

const COMMAND_ROOM_ROLES = ['operator', 'shift_lead', 'dispatcher'];

/** Region codes whose command room holds a case of this level in this village. */
export function commandRoomRegions(level: string, villageCode: string): string[] {
  const township = `${villageCode.slice(0, 9)}000`;
  switch (level) {
    // a village-level case sits in the township command room's queue (and a village's own, if it has one)
    case 'village': return [villageCode, township];
    case 'township': return [township];
    case 'district': return [`${villageCode.slice(0, 6)}000000`];
    default: return [`${villageCode.slice(0, 4)}00000000`];
  }
}

export interface Target {
  userId?: string | null;
  orgId?: string | null;
}

export class Recipients {
  constructor(private users: UsersService) {}

  /** The people behind assignments: a person, or every member of an organisation. */
  async ofTargets(targets: Target[]): Promise<string[]> {
    const ids = new Set<string>();
    const orgs = new Set<string>();
    for (const t of targets) {
      if (t.userId) ids.add(t.userId);
      if (t.orgId) orgs.add(t.orgId);
    }
    const members = await Promise.all([...orgs].map((organisationId) => this.users.contacts({ organisationId })));
    for (const m of members.flat()) ids.add(m.id);
    return [...ids];
  }

  /** The command room (受理员, 值班长, 派遣员) that holds a case of this level. */
  async commandRoom(level: string, villageCode: string): Promise<string[]> {
    const regionCodes = commandRoomRegions(level, villageCode);
    const rows = await Promise.all(COMMAND_ROOM_ROLES.map((role) => this.users.contacts({ role, regionCodes })));
    return [...new Set(rows.flat().map((u) => u.id))];
  }

  /** The grid worker(s) of a region: its own (a grid) and its village's. */
  async gridWorkers(regionCode: string): Promise<string[]> {
    const rows = await this.users.contacts({ role: 'grid_worker', regionCodes: [...new Set([regionCode, regionCode.slice(0, 12)])] });
    return rows.map((u) => u.id);
  }
}
