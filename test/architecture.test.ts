/**
 * The architecture check (scripts/architecture.mjs, run in CI as `npm run check:arch`): on a tiny tree
 * with one violation of each rule, each is reported with its file and line; and the real tree has no
 * violation beyond scripts/architecture-baseline.json (the ratchet).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkArchitecture, mermaidGraph, writeBaseline, type Check } from '../scripts/architecture.mjs';
import { PROJECT_ROOT } from '../src/platform/paths.ts';

const FIXTURE: Record<string, string> = {
  'src/app.ts': `import { deep } from './cases/cases.service.ts';\nimport { x } from './demo/index.ts';\n`,
  'src/platform/db/platform.schema.ts': `export const outbox = pgTable('outbox_events', {});\n`,
  'src/platform/events.ts': `export const emit = 1;\n`,
  'src/cases/index.ts': `export * from './cases.service.ts';\n`,
  'src/cases/cases.schema.ts': `export const cases = pgTable(\n  'cases', {});\n`,
  // a cycle cases → notify → cases; cases → notify is also a forbidden arrow
  'src/cases/cases.service.ts': `import { emit } from '../platform/events.ts';\nimport type { Notice } from '../notify/index.ts';\nexport const deep = 1;\n`,
  'src/cases/cases.test.ts': `import { n } from '../notify/notices.ts';\n`, // tests are not read
  'src/notify/index.ts': `export * from './notices.ts';\n`,
  'src/notify/notify.schema.ts': `export const t = pgTable('notices', {});\n`,
  // foreign table (line 3, inside a template) and the platform's table, which is open to all
  'src/notify/notices.ts': [
    `import { deep } from '../cases/index.ts';`,
    'export const q = sql`SELECT id',
    '  FROM cases c JOIN notices n ON n.case_id = c.id`;',
    `export const o = 'INSERT INTO outbox_events (type) VALUES ($1)';`,
    `export const words = 'moved from cases';`,
  ].join('\n'),
  // a deep import past cases' index.ts, and sensors ↔ cameras
  'src/sensors/ingest.ts': `import { deep } from '../cases/cases.service.ts';\nimport { cam } from '../cameras/index.ts';\n`,
  'src/cameras/index.ts': `export const cam = 1;\n`,
  // the demo may import anything; nobody imports the demo
  'src/demo/index.ts': `import { deep } from '../cases/index.ts';\nimport type { X } from '../app.ts';\nexport const x = 1;\n`,
  'src/regions/regions.service.ts': `import { x } from '../demo/index.ts';\n`,
  // only the demo may import the composition root (a type counts)
  'src/people/users.ts': `import type { X } from '../app.ts';\n`,
};

describe('architecture check', () => {
  let root: string;
  let check: Check;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-arch-'));
    for (const [file, text] of Object.entries(FIXTURE)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    check = checkArchitecture(root);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const sites = () => check.violations.map((v) => `${v.rule} ${v.from}:${v.line} -> ${v.to}`).sort();

  it('reports each violation with its file and line, and nothing else', () => {
    assert.deepEqual(sites(), [
      'cycle src/cases/cases.service.ts:2 -> src/notify/index.ts',
      'cycle src/notify/notices.ts:1 -> src/cases/index.ts',
      'deep-import src/sensors/ingest.ts:1 -> src/cases/cases.service.ts',
      'forbidden-arrow src/cases/cases.service.ts:2 -> src/notify/index.ts',
      'forbidden-arrow src/people/users.ts:1 -> src/app.ts',
      'forbidden-arrow src/regions/regions.service.ts:1 -> src/demo/index.ts',
      'forbidden-arrow src/sensors/ingest.ts:2 -> src/cameras/index.ts',
      'foreign-table src/notify/notices.ts:3 -> cases.cases',
    ]);
    assert.deepEqual(check.cycles, [['cases', 'notify']]);
    assert.equal(check.owners.get('cases'), 'cases');
    assert.equal(check.ok, false, 'without a baseline every violation is new');
  });

  it('fails only on violations missing from the baseline, and names the entries that are gone', () => {
    const baselineFile = path.join(root, 'baseline.json');
    writeBaseline(baselineFile, check.violations);
    fs.appendFileSync(path.join(root, 'src/sensors/ingest.ts'), `import { n } from '../notify/notices.ts';\n`);
    fs.writeFileSync(path.join(root, 'src/regions/regions.service.ts'), '');
    const again = checkArchitecture(root, { baselineFile });
    assert.deepEqual(again.fresh.map((v) => v.key), ['deep-import src/sensors/ingest.ts -> src/notify/notices.ts']);
    assert.deepEqual(again.gone, ['forbidden-arrow src/regions/regions.service.ts -> src/demo/index.ts']);
    assert.equal(again.counts['deep-import'].fresh, 1);
    assert.match(mermaidGraph(again), /cases -\. cycle, forbidden \.-> notify/);
    assert.match(mermaidGraph(again), /notify -\. cycle \.-> cases\n {2}notify -\. SQL \.-> cases/);
    assert.match(mermaidGraph(again), /sensors --> cases/);
  });

  it('the real tree has no violation beyond its baseline', () => {
    const real = checkArchitecture(PROJECT_ROOT);
    assert.ok(real.files.length > 50);
    assert.deepEqual(real.fresh.map((v) => `${v.from}:${v.line} ${v.rule} -> ${v.to}: ${v.why}`), []);
  });
});
