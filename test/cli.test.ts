/** The `vb` command line, run as a real process on a data dir of its own. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../src/platform/db/index.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { openTestDatabase, type TestDatabase } from './helpers/db.ts';

function vb(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/main.ts'), ...args], {
    cwd: PROJECT_ROOT, encoding: 'utf8', input, env: { ...process.env, LOG_LEVEL: 'warn', DEMO_HISTORY: 'false', DEMO_LIFE: 'false', ...env }, timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('vb command line', () => {
  let dataDir: string;
  let template: TestDatabase;
  before(async () => {
    // a migrated data dir copied from the test template (no 5-second initdb)
    template = await openTestDatabase('pglite');
    await template.database.close();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-cli-'));
    fs.cpSync(template.dir!, path.join(dataDir, 'pglite'), { recursive: true });
  });
  after(async () => {
    await template.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('help lists every command and setting; each command answers --help', () => {
    const h = vb(['help']);
    assert.equal(h.code, 0);
    for (const c of ['start', 'migrate', 'seed', 'user', 'reset', 'DATABASE_URL', 'DATA_DIR', 'PORT']) assert.match(h.out, new RegExp(c));
    for (const c of ['start', 'migrate', 'seed', 'user', 'device', 'camera', 'simulate', 'open311-key', 'reset']) {
      const r = vb([c, '--help']);
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /Usage: npm run vb --/);
    }
    const unknown = vb(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.out, /Unknown command "frobnicate"/);
    const badFlag = vb(['seed', '--demo', '--colour']);
    assert.equal(badFlag.code, 1);
    assert.match(badFlag.out, /Unknown option '--colour'/);
  });

  it('a bad setting is refused at start with the variable named', () => {
    const r = vb(['migrate'], { PORT: 'eighty', DATA_DIR: dataDir });
    assert.notEqual(r.code, 0);
    assert.match(r.out, /Invalid configuration[\s\S]*PORT="eighty" is not a whole number/);
  });

  it('migrate, seed --demo (twice), user add, duplicate user', () => {
    const env = { DATA_DIR: dataDir };
    assert.equal(vb(['migrate'], env).code, 0);
    const seeded = vb(['seed', '--demo'], env);
    assert.equal(seeded.code, 0, seeded.out);
    assert.match(seeded.out, /Demo seeded: 271 regions, 105 organisations, 21 users/);
    assert.match(vb(['seed', '--demo'], env).out, /already there; nothing changed/);
    const devices = vb(['device', 'list'], env);
    assert.equal(devices.code, 0, devices.out);
    assert.match(devices.out, /杨家源水库.*water_level.*demo-r01-water_level/);
    assert.match(devices.out, /25 devices\./);
    const added = vb(['device', 'add', '--asset', '杨家源水库', '--kind', 'settlement'], env);
    assert.equal(added.code, 0, added.out);
    assert.match(added.out, /access token \(shown once\):\n\S{20,}/);
    assert.match(vb(['device', 'list'], env).out, /settlement .*\(token not shown\)/);
    assert.equal(vb(['device', 'add', '--asset', '无此水库', '--kind', 'rainfall'], env).code, 1);
    assert.match(vb(['camera', 'list'], env).out, /府山1号垃圾桶点\s.*dahua[\s\S]*17 cameras\./);
    const cam = vb(['camera', 'add', '--name', '村口摄像头', '--lat', '28.97', '--lon', '118.87', '--vendor', 'hikvision'], env);
    assert.equal(cam.code, 0, cam.out);
    assert.match(cam.out, /Camera "村口摄像头" .* added in 3308\d+\. Its token \(shown once\):\n\S{20,}/);
    const outside = vb(['camera', 'add', '--name', '海上摄像头', '--lat', '10', '--lon', '10'], env);
    assert.equal(outside.code, 1, outside.out);
    assert.equal(vb(['camera', 'add', '--name', 'x'], env).code, 2, 'a usage error');
    const userAdded = vb(['user', 'add', '--username', 'cli.operator', '--name', '测试受理员', '--role', 'operator', '--region', '330802201000'], env);
    assert.equal(userAdded.code, 0, userAdded.out);
    assert.match(userAdded.out, /User created: .* cli\.operator \(operator@330802201000\)/);
    assert.match(userAdded.out, /Generated password: \S{8,}/);
    const dup = vb(['user', 'add', '--username', 'cli.operator', '--name', 'x', '--password', 'long-enough-1'], env);
    assert.equal(dup.code, 1);
    assert.match(dup.out, /USER_EXISTS.*\[field: username\]/);
    const badRegion = vb(['user', 'add', '--username', 'cli.x', '--name', 'x', '--password', 'long-enough-1', '--role', 'operator', '--region', '330802999000'], env);
    assert.equal(badRegion.code, 1);
    assert.match(badRegion.out, /REGION_NOT_FOUND/);
  });

  it('open311-key add prints a key (only its hash is stored); a missing name is a usage error', async () => {
    const env = { DATA_DIR: dataDir };
    const r = vb(['open311-key', 'add', '12345', '热线'], env);
    assert.equal(r.code, 0, r.out);
    const key = /^(o311_\S+)$/m.exec(r.out)?.[1];
    assert.ok(key, r.out);
    assert.match(r.out, /Open311 key for "12345 热线"/);
    assert.equal(vb(['open311-key', 'add'], env).code, 2);
    const database = await openDatabase({ databaseUrl: null, pgliteDir: path.join(dataDir, 'pglite') });
    try {
      const { createHash } = await import('node:crypto');
      const rows = await database.raw<{ name: string }>('SELECT name FROM open311_keys WHERE key_hash = $1', [createHash('sha256').update(key).digest('hex')]);
      assert.deepEqual(rows.map((x) => x.name), ['12345 热线'], 'only the hash is stored');
    } finally {
      await database.close();
    }
  });

  it('imports a GeoJSON file, reporting a gap; a broken file names the feature and writes nothing', () => {
    const env = { DATA_DIR: dataDir };
    const file = path.join(dataDir, 'grids.geojson');
    const sq = (x: number, y: number, w: number, h: number) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
    const feature = (code: string, name: string, coordinates: unknown) => ({ type: 'Feature', properties: { code, name }, geometry: { type: 'Polygon', coordinates } });
    // a new village in 沟溪乡 (demo seeded above) with one grid covering half of it
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      feature('330802201299', '新村', sq(118.9, 29.0, 0.02, 0.02)),
      feature('330802201299001', '新村第1网格', sq(118.9, 29.0, 0.01, 0.02)),
    ] }));
    const dry = vb(['regions', 'import', file, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.out);
    assert.match(dry.out, /Dry run \(nothing written\): 2 new, 0 updated/);
    assert.match(dry.out, /gap: children of 330802201299 cover 50 %/);
    const real = vb(['regions', 'import', file], env);
    assert.match(real.out, /Imported: 2 new/);
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      feature('330802201299002', '坏网格', [[[118.91, 29.0], [118.92, 29.0], [118.92, 29.02]]]),
    ] }));
    const bad = vb(['regions', 'import', file], env);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /330802201299002: geometry: polygon 0 ring 0 needs at least 4 positions/);
    assert.match(bad.out, /IMPORT_REJECTED/);
    fs.writeFileSync(file, '{"type": "FeatureCollection", "features": [');
    assert.match(vb(['regions', 'import', file], env).out, /IMPORT_UNREADABLE/);
  });

  it('says clearly that the embedded database is in use by another process', async () => {
    const held = await openDatabase({ databaseUrl: null, pgliteDir: path.join(dataDir, 'pglite'), holder: 'vb start (server)' });
    try {
      const r = vb(['migrate'], { DATA_DIR: dataDir });
      assert.equal(r.code, 1);
      assert.match(r.out, /DATA_DIR_LOCKED.*in use by "vb start \(server\)" \(pid \d+/);
      assert.match(r.out, /set DATABASE_URL to use PostgreSQL/);
      const reset = vb(['reset', '--yes'], { DATA_DIR: dataDir });
      assert.notEqual(reset.code, 0, 'reset refuses while the server holds the data');
      assert.ok(fs.existsSync(path.join(dataDir, 'pglite')));
    } finally {
      await held.close();
    }
  });

  it('reset asks first: no terminal and no --yes deletes nothing; --yes deletes the data dir', () => {
    const r = vb(['reset'], { DATA_DIR: dataDir }, '');
    assert.notEqual(r.code, 0);
    assert.match(r.out, /pass --yes/);
    assert.ok(fs.existsSync(path.join(dataDir, 'pglite')));
    const y = vb(['reset', '--yes'], { DATA_DIR: dataDir });
    assert.equal(y.code, 0, y.out);
    assert.ok(!fs.existsSync(dataDir));
  });
});

describe('vb command line on PostgreSQL', { skip: !process.env.TEST_DATABASE_URL }, () => {
  it('seeds the demo into a PostgreSQL database given by DATABASE_URL', async () => {
    const db = await openTestDatabase('postgres');
    await db.database.close();
    try {
      const r = vb(['seed', '--demo'], { DATABASE_URL: db.url!, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'vb-cli-pg-')) });
      assert.equal(r.code, 0, r.out);
      assert.match(r.out, /Demo seeded: 271 regions/);
    } finally {
      await db.drop();
    }
  });
});
