/**
 * Where a case goes (one rule for every path that dispatches by itself, and the command room's default,
 * dispatch-targets.ts): the category's lead kind (case_categories.lead_kind) decides. A grid worker's
 * category goes to the grid worker of the case's grid, else of its village; any other kind to the
 * organisation of that kind nearest the case (the source's own organisation first when it is of that
 * kind: a camera owned by a cleaning company sends its bins there); a question (command_room) and a
 * category without a lead are not dispatched — the command room decides.
 *
 * Routing reads people's tables through the people module, on the pool: callers route before their
 * transaction (as they place), since on PGlite a pool query inside a transaction waits for it.
 */
import type { UsersService } from '../people/index.ts';
import type { CategoryRow } from './cases.repository.ts';

export type Route = { assigneeId: string } | { assignedOrgId: string };

export interface RoutePreference {
  /** The source's own organisation: first when it is of the lead kind. */
  organisationId?: string | null;
  /** The lead kind, when the source decides it rather than the category. */
  lead?: string;
}

export interface RoutePlace {
  regionCode: string;
  villageCode: string;
}

export class CaseRouting {
  constructor(
    private users: UsersService,
    private categories: () => Promise<CategoryRow[]>,
  ) {}

  /** The lead kind of a category (null: none, or no such category). */
  async leadOf(categoryCode: string): Promise<string | null> {
    return (await this.categories()).find((c) => c.code === categoryCode)?.leadKind ?? null;
  }

  /**
   * Where a case of this category at this place goes; null: to the command room's queue. A source may
   * name the lead kind itself (`prefer.lead`): a reservoir alarm goes to the person on the dam — the grid
   * worker — whatever bureau leads its category, which supervises it from the command room.
   */
  async route(categoryCode: string, place: RoutePlace, prefer: RoutePreference = {}): Promise<Route | null> {
    const lead = prefer.lead ?? (await this.leadOf(categoryCode));
    if (!lead || lead === 'command_room') return null;
    if (lead === 'grid_worker') {
      const worker = await this.users.gridWorkerOf([place.regionCode, place.villageCode]);
      return worker ? { assigneeId: worker.id } : null;
    }
    if (prefer.organisationId) {
      const own = await this.users.getOrganisation(prefer.organisationId);
      if (own?.kind === lead) return { assignedOrgId: own.id };
    }
    const org = await this.users.organisationFor(lead, place.regionCode);
    return org ? { assignedOrgId: org } : null;
  }
}
