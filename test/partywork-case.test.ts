/**
 * A visit log opens a case in one tap (issue 17): 郭渭民's log says 孔奶奶 is unwell, he taps, the case
 * is the grid worker's (registered and dispatched to the grid's grid worker, who sends the family doctor);
 * a second tap — his or the grid worker's, or two at once — answers the same case; another member, a
 * leader who only reads (403), another member and another district's grid worker (404) are refused and nothing is written. On PGlite
 * and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeBranch, makeHousehold, makeHouseholdTask, makePartyMember, makeStaff, type Area, type PartyMember, type TestUser } from './builders/index.ts';

type Res = { statusCode: number; body: string; json(): any }; // eslint-disable-line @typescript-eslint/no-explicit-any

describeOnDatabases('party work: a visit log opens a case', ({ vb }) => {
  let area: Area;
  let gridWorker: TestUser;
  let guo: PartyMember;
  let other: PartyMember;
  let taskId: string;
  let door: { lat: number; lon: number };
  before(async () => {
    area = await makeArea(vb);
    const village = area.villages[0];
    gridWorker = await makeStaff(vb, 'grid_worker', village);
    const branch = await makeBranch(vb, { regionCode: village, name: '紫荆社区党支部' });
    guo = await makePartyMember(vb, branch, { name: '郭渭民' });
    other = await makePartyMember(vb, branch, { name: '余仁洪' });
    const kong = await makeHousehold(vb, { village, name: '孔家', size: 1 });
    door = { lon: area.gridPoints[0][0], lat: area.gridPoints[0][1] };
    taskId = (await makeHouseholdTask(vb, { gridWorkerId: gridWorker.id, householdId: kong.household.id, point: door, member: guo })).id;
  });

  const call = (method: 'GET' | 'POST', url: string, who: { auth: Record<string, string> }, payload?: object): Promise<Res> =>
    vb.app.inject({ method, url, headers: who.auth, ...(payload ? { payload } : {}) }) as Promise<Res>;
  const failed = (res: Res, status: number, code: string) => {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().error.code, code);
  };
  const n = async (q: string, params: unknown[] = []) => Number((await vb.platform.database.raw<{ n: number }>(q, params))[0].n);
  let hours = 200;
  const logVisit = async (note: string, needs: string[] = ['health']) => {
    hours -= 5; // 5 h apart: past the minimum gap between two logs of the task
    const r = await call('POST', '/api/partywork/logs', guo, { id: randomUUID(), taskId, visitedAt: new Date(Date.now() - hours * 3_600_000).toISOString(), ...door, accuracyM: 10, note, needs });
    assert.equal(r.statusCode, 201, r.body);
    return r.json().log.id as string;
  };

  it('one tap: the case is the grid worker\'s, registered and dispatched; the log names it; a second tap answers the same case', async () => {
    const logId = await logVisit('孔奶奶说头晕，血压 170，一个人在家');
    const res = await call('POST', `/api/partywork/logs/${logId}/case`, guo, {});
    assert.equal(res.statusCode, 201, res.body);
    const opened = res.json();
    assert.equal(opened.created, true);
    assert.equal(opened.log.caseId, opened.caseId);
    assert.equal(opened.assigneeId, gridWorker.id);
    assert.equal(opened.caseState, 'DISPATCHED');
    // the grid worker sees it in the cases module: category 1601, at 孔奶奶's door, the log's words
    const c = (await call('GET', `/api/cases/${opened.caseId}`, gridWorker)).json();
    assert.equal(c.categoryCode, '1601');
    assert.equal(c.source, 'grid_worker');
    assert.match(c.title, /健康/);
    assert.match(c.description, /血压 170/);
    // again: the member's second tap, the grid worker's tap — the same case, nothing new
    for (const who of [guo, gridWorker]) {
      const again = await call('POST', `/api/partywork/logs/${logId}/case`, who, {});
      assert.equal(again.statusCode, 200, again.body);
      assert.deepEqual([again.json().created, again.json().caseId], [false, opened.caseId]);
    }
    assert.equal(await n("SELECT count(*)::int AS n FROM cases WHERE source_ref = $1", [`partywork-log:${logId}`]), 1);
    // the log in the review queue names its case
    const queue = (await call('GET', `/api/partywork/logs?taskId=${taskId}`, gridWorker)).json();
    assert.equal(queue.items.find((l: { id: string }) => l.id === logId).caseId, opened.caseId);
  });

  it('two taps at once open one case', async () => {
    const logId = await logVisit('孔奶奶摔了一跤', ['health', 'safety']);
    const both = await Promise.all([call('POST', `/api/partywork/logs/${logId}/case`, guo, { urgent: true }), call('POST', `/api/partywork/logs/${logId}/case`, gridWorker, {})]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 201], both.map((r) => r.body).join('\n'));
    assert.equal(both[0].json().caseId, both[1].json().caseId);
    assert.equal(await n("SELECT count(*)::int AS n FROM cases WHERE source_ref = $1", [`partywork-log:${logId}`]), 1);
  });

  it('refused: a leader who only reads (403), another member (404: not theirs to see), another district\'s grid worker (404), an unknown log (404); nothing written', async () => {
    const logId = await logVisit('孔奶奶想办低保');
    const leader = await makeStaff(vb, 'leader', area.townships[0]);
    const far = await makeArea(vb);
    const farWorker = await makeStaff(vb, 'grid_worker', far.villages[0]);
    const counts = async () => [await n('SELECT count(*)::int AS n FROM cases'), await n('SELECT count(*)::int AS n FROM audit_log'), await n("SELECT count(*)::int AS n FROM outbox_events WHERE type LIKE 'case.%'")];
    const before = await counts();
    // another member cannot see the log at all: a missing one, as every read of another's log answers
    failed(await call('POST', `/api/partywork/logs/${logId}/case`, other, {}), 404, 'PARTY_LOG_NOT_FOUND');
    failed(await call('POST', `/api/partywork/logs/${logId}/case`, leader, {}), 403, 'PARTY_LOG_CASE_FORBIDDEN');
    failed(await call('POST', `/api/partywork/logs/${logId}/case`, farWorker, {}), 404, 'PARTY_LOG_NOT_FOUND');
    failed(await call('POST', `/api/partywork/logs/${randomUUID()}/case`, gridWorker, {}), 404, 'PARTY_LOG_NOT_FOUND');
    failed(await call('POST', `/api/partywork/logs/${logId}/case`, guo, { urgent: 'yes' }), 400, 'VALIDATION_FAILED');
    assert.equal((await vb.app.inject({ method: 'POST', url: `/api/partywork/logs/${logId}/case`, payload: {} })).statusCode, 401);
    assert.deepEqual(await counts(), before);
    assert.equal(await n('SELECT count(*)::int AS n FROM party_visit_logs WHERE id = $1 AND case_id IS NULL', [logId]), 1);
  });
});
