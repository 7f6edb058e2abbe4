/**
 * Party-work builders: branches, members (a resident with the 党员 role and a party profile) and
 * 联户 tasks made through the module's services, as the administrator and the grid worker would.
 */
import type { VillageBrain } from '../../src/app.ts';
import type { BRANCH_KINDS } from '../../src/partywork/index.ts';
import { makePhone } from '../helpers/factories.ts';

export type Branch = Awaited<ReturnType<VillageBrain['services']['partyRegister']['createBranch']>>;
export type PartyTask = Awaited<ReturnType<VillageBrain['services']['partyTasks']['publish']>>;
export interface PartyMember {
  id: string;
  name: string;
  auth: { authorization: string };
}

let branchCounter = 0;

/** A branch in a region (a village's own by default; 'residential' is a 兼合式 one). */
export async function makeBranch(vb: VillageBrain, opts: { regionCode: string; kind?: (typeof BRANCH_KINDS)[number]; name?: string }): Promise<Branch> {
  return vb.services.partyRegister.createBranch(null, { regionCode: opts.regionCode, name: opts.name ?? `测试党支部-${process.pid}-${++branchCounter}`, kind: opts.kind ?? 'village' });
}

/** A resident of the branch's region with the 党员 role, registered in the branch, with a session. */
export async function makePartyMember(vb: VillageBrain, branch: Branch, opts: { name?: string; status?: 'serving' | 'retired' | 'mobile' } = {}): Promise<PartyMember> {
  const name = opts.name ?? '郭渭民';
  const u = await vb.services.users.createUser(null, {
    displayName: name, phone: makePhone(), kind: 'resident', homeRegionCode: branch.regionCode,
    memberships: [{ role: 'party_member', regionCode: branch.regionCode }, { role: 'resident', regionCode: branch.regionCode }],
  });
  await vb.services.partyRegister.register(null, { userId: u.id, branchId: branch.id, status: opts.status ?? 'retired', reported: true, identityShown: true });
  const { sessions } = await import('../../src/people/people.schema.ts');
  const { newToken, sha256 } = await import('../../src/people/passwords.ts');
  const t = newToken();
  await vb.platform.db.insert(sessions).values({ tokenHash: sha256(t), userId: u.id, expiresAt: new Date(Date.now() + 3600_000) });
  return { id: u.id, name, auth: { authorization: `Bearer ${t}` } };
}

/**
 * A 联户 task for a household published by a grid worker (their user id), optionally claimed and
 * accepted for a member; `point` is the household's point (households keep none).
 */
export async function makeHouseholdTask(vb: VillageBrain, opts: { gridWorkerId: string; householdId: string; regionCode?: string; point?: { lat: number; lon: number }; member?: PartyMember; frequencyDays?: number }): Promise<PartyTask> {
  const gw = await vb.services.users.actorOf(opts.gridWorkerId);
  let task = await vb.services.partyTasks.publish(gw, { kind: 'household', householdId: opts.householdId, regionCode: opts.regionCode, frequencyDays: opts.frequencyDays ?? 7, ...(opts.point ?? {}) });
  if (opts.member) {
    task = await vb.services.partyTasks.act(await vb.services.users.actorOf(opts.member.id), task.id, 'claim');
    task = await vb.services.partyTasks.act(gw, task.id, 'accept');
  }
  return task;
}
