/**
 * The ideas module's objects for the security suites: per region, an idea its resident proposed (still
 * collecting) and an open poll of its village, the path parameters that name them and bodies for the
 * writes (a second support or ballot is the 409 the routes declare).
 */
import type { InjectOptions } from 'fastify';
import type { VillageBrain } from '../../src/app.ts';
import type { DeclaredRoute } from '../../src/platform/http.ts';
import type { RegionObjects } from '../helpers/world.ts';

const ideasOfRegion = new WeakMap<RegionObjects, { ideaId: string; pollId: string }>();

export async function makeRegionIdeas(vb: VillageBrain, o: RegionObjects): Promise<void> {
  const resident = await vb.services.users.actorOf(o.resident.id);
  const idea = await vb.services.ideas.propose(resident, { title: '矩阵金点子', body: '矩阵金点子的内容' });
  const poll = await vb.services.polls.create({ ...resident, kind: 'staff', memberships: [{ role: 'admin', scope: o.village, regionCode: o.village, organisationId: null }] }, {
    regionCode: o.village, question: '矩阵投票', options: ['甲', '乙'], choice: 'single', voterMode: 'person',
    opensAt: new Date(Date.now() - 3_600_000).toISOString(), closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  ideasOfRegion.set(o, { ideaId: idea.id, pollId: poll.id });
}

export const ideasKeys = (o: RegionObjects): string[] => {
  const x = ideasOfRegion.get(o);
  return x ? [x.ideaId, x.pollId] : [];
};

export const IDEAS_PARAMS: Record<string, (o: RegionObjects) => string> = {
  'ideas/:id': (o) => ideasOfRegion.get(o)!.ideaId,
  'polls/:id': (o) => ideasOfRegion.get(o)!.pollId,
};

export function ideasExample(route: DeclaredRoute, o: RegionObjects): Pick<InjectOptions, 'query' | 'payload'> | null {
  switch (`${route.method} ${route.url}`) {
    case 'GET /api/ideas': case 'GET /api/polls': case 'GET /api/ideas/outcomes': return { query: { region: o.village } };
    case 'GET /api/ideas/similar': return { query: { text: '矩阵' } };
    case 'POST /api/ideas': return { payload: { title: '矩阵新点子', body: '矩阵新点子的内容' } };
    case 'POST /api/ideas/:id/answer': return { payload: { outcome: 'not_adopted', reason: '矩阵答复' } };
    case 'POST /api/ideas/:id/milestones': return { payload: { progress: 10, note: '矩阵进度' } };
    case 'POST /api/ideas/:id/officers': return { payload: { userId: o.resident.id } };
    case 'POST /api/ideas/:id/ratings': return { payload: { stars: 5, comment: '矩阵' } };
    case 'PATCH /api/ideas/:id/settings': return { payload: { threshold: 20 } };
    case 'POST /api/polls': return { payload: { regionCode: o.village, question: '矩阵新投票', options: ['甲', '乙'], choice: 'single', voterMode: 'person', opensAt: new Date(Date.now() - 60_000).toISOString(), closesAt: new Date(Date.now() + 86_400_000).toISOString() } };
    case 'POST /api/polls/:id/ballots': return { payload: { choices: [0] } };
    case 'POST /api/polls/:id/paper': return { payload: { label: '矩阵票箱', ballots: 1, counts: [1, 0] } };
    default: return null;
  }
}
