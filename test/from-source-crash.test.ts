/**
 * kill -9 while sources open cases (issue 14, item 6): a process opens cases through
 * `SourceCases.open` — report, submit, register, dispatch and the source's link, one transaction each —
 * and is killed with SIGKILL mid-stream, then run again over the same source references. Afterwards every
 * reference has exactly one case, and every case is complete: its four timeline rows, its three events,
 * its version, its dispatch, and its link. Nothing half-opened, nothing acknowledged lost, nothing twice.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { createTestApp } from './helpers/app.ts';
import { dbKinds, type DbKind } from './helpers/db.ts';
import { makeArea, makeStaff } from './helpers/factories.ts';

const N = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function runChild(env: Record<string, string>, onAck: (ref: string, created: boolean) => void): { child: ChildProcess; done: Promise<boolean> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test/helpers/source-case-child.ts')], {
    cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffer = '';
  let errors = '';
  let finished = false;
  child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('ACK ')) onAck(line.split(' ')[1], line.split(' ')[2] === 'true');
      if (line === 'DONE') finished = true;
    }
  });
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const done = new Promise<boolean>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(false);
      else if (code === 0 && finished) resolve(true);
      else reject(new Error(`child exited ${code}: ${errors.slice(-2000)}`));
    });
  });
  return { child, done };
}

for (const kind of dbKinds()) {
  describe(`kill -9 while sources open cases [${kind}]`, () => {
    it('every source reference ends with exactly one complete case; no acknowledged case lost', async () => {
      const vb = await createTestApp(kind as DbKind);
      const area = await makeArea(vb);
      const worker = await makeStaff(vb, 'grid_worker', area.villages[0]);
      await vb.close();
      const [lon, lat] = area.gridPoints[0];
      const env: Record<string, string> = { WORKER: worker.id, N: String(N), LON: String(lon), LAT: String(lat), DATA_DIR: vb.config.dataDir };
      const pgliteDir = kind === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'vb-source-crash-')) : null;
      if (pgliteDir) {
        fs.rmSync(pgliteDir, { recursive: true });
        fs.renameSync(vb.testDb.dir!, pgliteDir);
        env.PGLITE_DIR = pgliteDir;
      } else env.DATABASE_URL = vb.testDb.url!;
      try {
        const acked = new Set<string>();
        // first run: killed once some cases are in, mid-stream
        const first = runChild(env, (ref) => acked.add(ref));
        for (let waited = 0; acked.size < 20 && waited < 120_000; waited += 20) await sleep(20);
        assert.ok(acked.size >= 20, 'the first run acknowledged cases before the kill');
        first.child.kill('SIGKILL');
        assert.equal(await first.done, false);
        const beforeSecond = acked.size;
        const firstRun = new Set(acked);
        assert.ok(beforeSecond < N, 'killed mid-stream');
        // second run over the same references: what the first acknowledged is there ("not created")
        const createdAgain: string[] = [];
        const second = runChild(env, (ref, created) => {
          acked.add(ref);
          if (created && firstRun.has(ref)) createdAgain.push(ref);
        });
        assert.equal(await second.done, true);
        assert.equal(acked.size, N);
        assert.deepEqual(createdAgain, [], 'no acknowledged case was lost to the kill');

        const database = pgliteDir
          ? await openDatabase({ databaseUrl: null, pgliteDir, holder: 'crash test' })
          : await openDatabase({ databaseUrl: vb.testDb.url!, pgliteDir: null });
        try {
          const rows = await database.raw<{ ref: string; state: string; version: number; assignee: string | null; timeline: string; events: string; links: number }>(`
            SELECT c.source_ref AS ref, c.state, c.version, c.assignee_id::text AS assignee,
                   (SELECT string_agg(t.action, ',' ORDER BY t.id) FROM case_timeline t WHERE t.case_id = c.id) AS timeline,
                   (SELECT string_agg(e.type, ',' ORDER BY e.id) FROM outbox_events e WHERE e.aggregate_id = c.id::text) AS events,
                   (SELECT count(*)::int FROM audit_log a WHERE a.action = 'kill9.linked' AND a.entity_id = c.id::text) AS links
              FROM cases c WHERE c.source = 'sensor' AND c.source_ref LIKE 'kill9:%'`, []);
          console.log(`kill -9 while opening source cases [${kind}]: ${beforeSecond} of ${N} acknowledged before the kill; ${rows.length} cases after the second run`);
          assert.equal(rows.length, N, 'one case per source reference');
          assert.equal(new Set(rows.map((r) => r.ref)).size, N);
          for (const r of rows) {
            assert.deepEqual(
              [r.state, r.version, r.assignee, r.timeline, r.events, r.links],
              ['DISPATCHED', 2, worker.id, 'report,submit,register,dispatch', 'case.reported,case.registered,case.dispatched', 1],
              `case of ${r.ref} is complete`,
            );
          }
        } finally {
          await database.close();
        }
      } finally {
        if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
        else await vb.testDb.drop();
        fs.rmSync(vb.config.dataDir, { recursive: true, force: true });
      }
    });
  });
}
