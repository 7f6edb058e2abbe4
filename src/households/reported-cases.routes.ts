/**
 * The household page's 反映的问题 (issue 20): the cases its members reported in its village, newest
 * first. Need-to-know is the registry's (the grid's worker, a households.read grant, the village's
 * administrator; anyone else 404, as for the record); the cases module reads its own table.
 */
import { Type } from 'typebox';
import { ReportedCases, type CasesService } from '../cases/index.ts';
import { requireActor } from '../platform/access.ts';
import { Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import type { HouseholdRegistry } from './registry.service.ts';

/** Enough for a page on a phone; the case list holds the rest. */
const SHOWN = 20;

export const reportedCasesRoutes: RoutesPlugin<{ registry: HouseholdRegistry; cases: Pick<CasesService, 'reportedBy'> }> = async (app, { registry, cases }) => {
  app.get('/api/households/:id/cases', {
    // need-to-know, checked by the registry: the grid's worker, or a households.read grant; anyone else 404
    config: { access: 'authenticated' },
    schema: {
      tags: ['households'], summary: 'The cases a household\'s members reported in its village (反映的问题), newest first, at most 20 (need-to-know)',
      params: Type.Object({ id: Uuid }), response: { 200: ReportedCases, ...errorResponses(400, 401, 404) },
    },
  }, async (req) => {
    const h = await registry.seenMembers(requireActor(req.actor), req.params.id);
    return { items: await cases.reportedBy(h.memberIds, h.regionCode, SHOWN) };
  });
};
