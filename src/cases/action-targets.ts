/**
 * What an action points at, checked before it is taken and applied with it: a dispatch's organisation
 * or person (serving the case's area, never the command room itself) and a merge's open case.
 */
import { scopeOfRegionCode } from '../platform/access.ts';
import type { Db } from '../platform/db/index.ts';
import { badRequest } from '../platform/errors.ts';
import type { UsersService } from '../people/index.ts';
import { OPEN_STATES, type CaseState } from './case-machine.ts';
import * as repo from './cases.repository.ts';
import type { ActionInput } from './cases.service.ts';

/** A dispatch target must exist and cover the case's region; a merge target must be an open case. */
export async function checkActionTargets(db: Db, users: UsersService, row: repo.CaseRow, input: ActionInput): Promise<void> {
  if (input.action === 'dispatch' || input.action === 'register_dispatch') {
    const targets = [{ orgId: input.assignedOrgId, userId: input.assigneeId, field: 'assignedOrgId|assigneeId' }, ...(input.coHandlers ?? []).map((h) => ({ ...h, field: 'coHandlers' }))];
    for (const { orgId, userId, field } of targets) {
      if (orgId) {
        const org = await users.getOrganisation(orgId);
        if (!org || !row.regionCode.startsWith(scopeOfRegionCode(org.regionCode))) {
          throw badRequest('ASSIGNEE_NOT_IN_REGION', 'That organisation does not serve this case\'s area', { field: field.split('|')[0] });
        }
        // the command room dispatches; it is never the target (issue 12.4)
        if (org.kind === 'command_room') throw badRequest('DISPATCH_TO_COMMAND_ROOM', 'The command room dispatches cases; send it to who handles it', { field: field.split('|')[0] });
      }
      if (userId && !(await users.worksIn(userId, row.regionCode))) {
        throw badRequest('ASSIGNEE_NOT_IN_REGION', 'That person does not work in this case\'s area', { field: field.split('|').pop() });
      }
    }
  }
  if (input.action === 'merge') {
    const target = await repo.findCase(db, input.into);
    if (!target || target.id === row.id || !OPEN_STATES.includes(target.state as CaseState['state']) || target.mergedInto) {
      throw badRequest('MERGE_TARGET_INVALID', 'Merge into another open case', { field: 'into' });
    }
  }
}

/** The target of a merge counts the duplicate's reports ("me too") and notes it on its timeline. */
export async function absorbInto(tx: Db, row: repo.CaseRow, targetId: string): Promise<void> {
  const target = (await repo.findCase(tx, targetId, true))!;
  await repo.updateCase(tx, targetId, { reportCount: target.reportCount + row.reportCount });
  await repo.appendTimeline(tx, { caseId: targetId, actorId: null, action: 'absorb', fromState: target.state, toState: target.state, level: target.level, data: { merged: row.id, no: row.no } });
}
