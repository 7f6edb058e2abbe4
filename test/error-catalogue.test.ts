/**
 * The error-code catalogue (src/platform/error-text.ts) covers every code the server can answer with:
 * a static scan of src/ finds each code literal passed to AppError and its helpers (and the codes the
 * error handler and the router write themselves); a new code without Chinese and English words, or thrown
 * with a status the catalogue does not list, turns this red. The web shows these words by code.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_TEXT, errorMessage, errorOwner, UNKNOWN_ERROR } from '../src/platform/error-text.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';

interface Use { code: string; status: number | null; file: string }

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    if (f.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(f.name) && !f.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const CODE = `'([A-Z][A-Z0-9_]*)'`;
const STRING = `(?:'(?:[^'\\\\]|\\\\.)*'|\`[^\`]*\`)`;
/** [pattern, the status it implies (null: read from the match's second group, or not known)] */
const PATTERNS: [RegExp, number | null][] = [
  [new RegExp(`new AppError\\(\\s*${CODE}\\s*,\\s*(\\d+)`, 'g'), null],
  [new RegExp(`\\bbadRequest\\(\\s*${CODE}`, 'g'), 400],
  [new RegExp(`\\bnotFound\\(\\s*${CODE}`, 'g'), 404],
  [new RegExp(`\\bconflict\\(\\s*${CODE}`, 'g'), 409],
  [new RegExp(`\\bunauthorized\\(\\s*${STRING}\\s*,\\s*${CODE}`, 'g'), 401],
  // bodies written by hand (`reply.status(404).send({ error: { code: 'X' … } })`) and the framework map
  [new RegExp(`\\bcode:\\s*${CODE}`, 'g'), null],
  [new RegExp(`\\bFST_[A-Z_]+:\\s*${CODE}`, 'g'), null],
  [new RegExp(`\\?\\?\\s*${CODE}`, 'g'), null],
];

function scan(): Use[] {
  const uses: Use[] = [];
  for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const [re, status] of PATTERNS) {
      for (const m of text.matchAll(re)) uses.push({ code: m[1], status: status ?? (m[2] ? Number(m[2]) : null), file: path.relative(PROJECT_ROOT, file) });
    }
    // the helpers with a fixed code
    if (/\bunauthorized\(\s*\)/.test(text)) uses.push({ code: 'UNAUTHENTICATED', status: 401, file });
    if (/\bforbidden\(/.test(text)) uses.push({ code: 'FORBIDDEN', status: 403, file });
  }
  return uses;
}

describe('the error-code catalogue', () => {
  const uses = scan();

  it('finds the codes the server throws (the scan itself works)', () => {
    const codes = new Set(uses.map((u) => u.code));
    for (const c of ['VALIDATION_FAILED', 'INVALID_CREDENTIALS', 'CASE_NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'DATA_DIR_LOCKED', 'ROUTE_NOT_FOUND', 'BODY_TOO_LARGE', 'BAD_REQUEST', 'INTERNAL']) {
      assert.ok(codes.has(c), `the scan finds ${c}`);
    }
    assert.ok(codes.size >= 70, `${codes.size} codes found`);
  });

  it('has Chinese and English words for every code thrown in src/', () => {
    const missing = [...new Set(uses.filter((u) => !ERROR_TEXT[u.code]).map((u) => `${u.code} (${u.file})`))];
    assert.deepEqual(missing, [], `add these codes to their module's <module>.errors.ts (or src/platform/error-text.ts) with zh and en words`);
    for (const [code, entry] of Object.entries(ERROR_TEXT)) {
      assert.match(code, /^[A-Z][A-Z0-9_]*$/, `${code} is UPPER_SNAKE`);
      assert.match(entry.zh, /[\u4e00-\u9fff]/, `${code}: the zh words are Chinese`);
      assert.doesNotMatch(entry.en, /[\u4e00-\u9fff]/, `${code}: the en words are English`);
      assert.ok(entry.en.length > 3, `${code}: en words`);
      if (entry.plain) assert.ok(/[\u4e00-\u9fff]/.test(entry.plain.zh) && entry.plain.en, `${code}: plain words in both languages`);
    }
  });

  it('sees every code: AppError and its helpers get a string literal, not a variable', () => {
    const hidden: string[] = [];
    for (const file of sourceFiles(path.join(PROJECT_ROOT, 'src'))) {
      if (file.endsWith(path.join('platform', 'errors.ts'))) continue; // the helpers' own definitions
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(new AppError|badRequest|notFound|conflict)\(\s*([^\s'])/g)) hidden.push(`${m[1]}(${m[2]}… in ${path.relative(PROJECT_ROOT, file)}`);
    }
    assert.deepEqual(hidden, [], 'write the code as a literal so this scan (and a reader) finds it');
  });

  it('lists the status each code is thrown with', () => {
    const wrong = uses
      .filter((u) => u.status !== null && ERROR_TEXT[u.code])
      .filter((u) => ![ERROR_TEXT[u.code].status].flat().includes(u.status!))
      .map((u) => `${u.code} ${u.status} (${u.file})`);
    assert.deepEqual([...new Set(wrong)], []);
  });

  it('each module declares the codes it throws (<module>.errors.ts); the platform\'s are shared', () => {
    const moduleOf = (file: string) => file.split(path.sep)[1];
    const strays = uses
      .filter((u) => ERROR_TEXT[u.code] && errorOwner(u.code) !== 'platform')
      .filter((u) => !uses.some((o) => o.code === u.code && moduleOf(o.file) === errorOwner(u.code)))
      .map((u) => `${u.code}: declared by ${errorOwner(u.code)}, thrown in ${u.file}`);
    assert.deepEqual([...new Set(strays)], []);
  });

  it('lists no code that nothing throws (the catalogue does not rot)', () => {
    const thrown = new Set(uses.map((u) => u.code));
    assert.deepEqual(Object.keys(ERROR_TEXT).filter((c) => !thrown.has(c)), []);
  });

  it('fills placeholders from details, and falls back to plain words without them', () => {
    assert.equal(errorMessage('TOO_MANY_ATTEMPTS', { retryAfterSeconds: 42 }, 'zh'), '尝试次数过多，请 42 秒后再试');
    assert.equal(errorMessage('TOO_MANY_ATTEMPTS', {}, 'en'), 'Too many attempts; try again later');
    assert.equal(errorMessage('USER_EXISTS', { field: 'username' }, 'zh'), '该用户名已被使用');
    assert.equal(errorMessage('USER_EXISTS', { field: 'phone' }, 'en'), 'This phone number is already taken');
    assert.equal(errorMessage('NO_SUCH_CODE', {}, 'zh'), null, 'an unknown code is for the caller to handle');
    assert.match(UNKNOWN_ERROR.zh, /\{code\}/, 'the generic words carry the code');
  });

  it('renders a validation error as "字段 X 不正确", naming the field in the reader\'s words', () => {
    assert.equal(errorMessage('VALIDATION_FAILED', { field: 'memberships.0.role' }, 'zh'), '字段「角色」不正确，请检查后重试');
    assert.equal(errorMessage('VALIDATION_FAILED', { field: 'title' }, 'en'), 'The field "title" is not valid; please check it');
    assert.equal(errorMessage('VALIDATION_FAILED', { field: 'somethingNew' }, 'zh'), '字段「somethingNew」不正确，请检查后重试');
    assert.equal(errorMessage('VALIDATION_FAILED', { field: '(body)' }, 'zh'), '提交的内容不正确，请检查后重试');
    assert.equal(errorMessage('VALIDATION_FAILED', undefined, 'zh'), '提交的内容不正确，请检查后重试');
  });
});

describeOnDatabases('the server\'s validation answers render by code', ({ vb }) => {
  it('a log-in without a password is 400 VALIDATION_FAILED naming the field, shown as 字段「密码」不正确', async () => {
    const res = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody' } });
    assert.equal(res.statusCode, 400);
    const { error } = res.json() as { error: { code: string; details: Record<string, unknown> } };
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.details.field, 'password');
    assert.equal(errorMessage(error.code, error.details, 'zh'), '字段「密码」不正确，请检查后重试');
    assert.equal(errorMessage(error.code, error.details, 'en'), 'The field "password" is not valid; please check it');
  });

  it('a wrong password is 401 INVALID_CREDENTIALS, which the catalogue words in Chinese', async () => {
    const res = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-password' } });
    assert.equal(res.statusCode, 401);
    const { error } = res.json() as { error: { code: string; details: Record<string, unknown> } };
    assert.equal(error.code, 'INVALID_CREDENTIALS');
    assert.equal(errorMessage(error.code, error.details, 'zh'), '用户名或密码错误');
    assert.deepEqual([ERROR_TEXT[error.code].status].flat(), [res.statusCode]);
  });
});
