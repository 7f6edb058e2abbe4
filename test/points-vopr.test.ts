/**
 * The points VOPR, short (issue 16; the bench runs ≥ 100,000 operations): a seeded random workload of
 * awards, spends, holds and their posts, voids and expiries, linked batches, duplicates, corrections,
 * bad inputs and concurrent spends, compared step by step with the in-memory ledger, interleaved with
 * claims through the scoring group, 公示, objections, 复核 and the posting job, automatic awards from
 * cases and replays of all of them, compared with a model of the claims; then the invariants in SQL
 * and a replay of every accepted transfer, claim and event (test/helpers/points-vopr.ts). On
 * PostgreSQL also with kill -9 of the process applying it; PGlite runs in this process, so there the
 * kill is skipped. The seed is printed; POINTS_VOPR_SEED=<seed> replays a failure.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createTestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { runVopr } from './helpers/points-vopr.ts';

const OPERATIONS = Number(process.env.POINTS_VOPR_OPERATIONS ?? 2000);
const KILLS = Number(process.env.POINTS_VOPR_KILLS ?? 3);
const seedOf = () => Number(process.env.POINTS_VOPR_SEED ?? Date.now() % 1_000_000_000);

describeOnDatabases('points VOPR: a seeded random workload keeps every invariant', ({ vb, kind }) => {
  it(`${OPERATIONS} operations in this process`, async () => {
    const seed = seedOf();
    console.log(`points VOPR [${kind}]: seed ${seed} (POINTS_VOPR_SEED=${seed} replays it)`);
    const r = await runVopr({ seed, operations: OPERATIONS, points: vb.services.points, database: vb.platform.database, core: vb });
    console.log(`points VOPR [${kind}]: ${r.operations} operations (${r.claimCalls} claims calls), ${r.transfers} transfers, ${r.claims} claims, ${r.checks} checks passed`);
    assert.ok(r.transfers > OPERATIONS / 3, 'the workload wrote transfers');
  });

  it('kill -9 of the process applying it, at random points', { skip: kind === 'pglite' ? 'PGlite runs in this process: there is no other process to kill' : false }, async () => {
    // a database of its own: the workload's memory ledger starts from empty accounts
    const app = await createTestApp('postgres');
    try {
      const seed = seedOf();
      console.log(`points VOPR with kill -9 [${kind}]: seed ${seed} (POINTS_VOPR_SEED=${seed} replays it)`);
      const r = await runVopr({ seed, operations: Math.ceil(OPERATIONS / 2), points: app.services.points, database: app.platform.database, databaseUrl: app.testDb.url, crashes: KILLS, core: app });
      console.log(`points VOPR with kill -9 [${kind}]: ${r.operations} operations (${r.claimCalls} claims calls), ${r.transfers} transfers, ${r.claims} claims, ${r.crashes} kills (${r.claimKills} during a claims call, ${r.claimsCommittedWhenKilled} of them committed; ${r.committedWhenKilled} transfers committed just before one), ${r.checks} checks passed`);
      assert.equal(r.crashes, KILLS);
    } finally {
      await app.destroy();
    }
  });
});
