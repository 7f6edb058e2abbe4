#!/usr/bin/env node
// Runs node's test runner through tsx over the suite: `unit` (src/**/*.test.ts and test/*.test.ts,
// on PGlite and, with TEST_DATABASE_URL, PostgreSQL) or `browser` (test/browser/*.test.ts).
// Extra arguments are passed on (e.g. a file list or --test-name-pattern).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [mode = 'unit', ...rest] = process.argv.slice(2);

function find(dir, pred, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) {
      if (f !== 'node_modules') find(p, pred, out);
    } else if (pred(p)) out.push(path.relative(root, p));
  }
  return out;
}

const isTest = (p) => p.endsWith('.test.ts');
const explicit = rest.filter((a) => !a.startsWith('-'));
const flags = rest.filter((a) => a.startsWith('-'));
const files = explicit.length
  ? explicit
  : mode === 'browser'
    ? find(path.join(root, 'test/browser'), isTest)
    : [...find(path.join(root, 'src'), isTest), ...find(path.join(root, 'test'), (p) => isTest(p) && !p.includes(`${path.sep}browser${path.sep}`))];

if (files.length === 0) {
  console.error(`no ${mode} test files found`);
  process.exit(1);
}
// the migrated PGlite template every test file copies: built once here, not raced for by the files
const prep = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/helpers/db.ts'), '--prepare-template'], { cwd: root, stdio: 'inherit' });
if (prep.status !== 0) process.exit(prep.status ?? 1);

const concurrency = mode === 'browser' ? 1 : Math.max(1, os.availableParallelism());
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...flags, ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(r.status ?? 1);
