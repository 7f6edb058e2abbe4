/**
 * The web's dictionaries (web/src/dictionaries.ts): every key has words in both languages, no two
 * dictionaries define the same key (one would silently override the other when merged), placeholders
 * match between the languages, and shared/ stays below the features. tsc already fails on a key `t` does
 * not know; this checks what types cannot: empty words, a key only one language has, collisions.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DICTIONARIES, PARTS } from '../web/src/dictionaries.ts';
import { mergeDictionaries } from '../web/src/shared/i18n.ts';
import { ERROR_TEXT } from '../src/platform/error-text.ts';
import { PROJECT_ROOT } from '../src/platform/paths.ts';

const WEB = path.join(PROJECT_ROOT, 'web/src');
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, f.name);
    if (f.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(f.name)) out.push(p);
  }
  return out;
}

describe('the web dictionaries', () => {
  it('have words in both languages for every key of every dictionary', () => {
    const problems: string[] = [];
    for (const { name, zh, en } of PARTS) {
      const zhWords: Record<string, string> = zh;
      const enWords: Record<string, string> = en;
      for (const key of new Set([...Object.keys(zhWords), ...Object.keys(enWords)])) {
        for (const [lang, words] of [['zh', zhWords], ['en', enWords]] as const) {
          const w = words[key];
          if (typeof w !== 'string') problems.push(`${name}.${key}: no ${lang}`);
          else if (!w.trim()) problems.push(`${name}.${key}: empty ${lang}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('fill the same placeholders in both languages', () => {
    const problems: string[] = [];
    for (const { name, zh, en } of PARTS) {
      const enWords: Record<string, string> = en;
      for (const [key, words] of Object.entries(zh)) {
        if (placeholders(words).join() !== placeholders(enWords[key] ?? '').join()) problems.push(`${name}.${key}: ${words} / ${enWords[key]}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('define each key once: merged, nothing is overridden', () => {
    // importing dictionaries.ts merged them already (a collision throws there); the count says no key was lost
    const total = PARTS.reduce((n, p) => n + Object.keys(p.zh).length, 0);
    assert.equal(Object.keys(DICTIONARIES.zh).length, total);
    assert.equal(Object.keys(DICTIONARIES.en).length, total);
    assert.ok(total > 500, `${total} keys`);
  });

  it('refuse to merge two dictionaries that define the same key, naming both', () => {
    const a = { name: 'cases', zh: { title: '标题', save: '保存' }, en: { title: 'Title', save: 'Save' } };
    const b = { name: 'points', zh: { pt_x: '积分' }, en: { pt_x: 'Points', title: 'Title' } };
    assert.throws(() => mergeDictionaries([a, b]), /title \(cases and points\)/);
    assert.doesNotThrow(() => mergeDictionaries([a, { name: 'points', zh: { pt_x: '积分' }, en: { pt_x: 'Points' } }]));
  });

  it('list every feature\'s dictionary in dictionaries.ts', () => {
    const registry = fs.readFileSync(path.join(WEB, 'dictionaries.ts'), 'utf8');
    const files = sourceFiles(WEB).filter((f) => path.basename(f) === 'i18n.ts' && !f.endsWith(path.join('shared', 'i18n.ts')));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const spec = `./${path.relative(WEB, f).split(path.sep).join('/')}`;
      assert.ok(registry.includes(`from '${spec}'`), `${spec} is not imported by web/src/dictionaries.ts`);
    }
  });

  it('are put together above shared/: nothing in web/src/shared imports a feature', () => {
    const upward = sourceFiles(path.join(WEB, 'shared')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/from '([^']*\/features\/[^']*)'/g)].map((m) => `${path.relative(WEB, f)} → ${m[1]}`));
    assert.deepEqual(upward, []);
  });
});

describe('error words in the web', () => {
  it('come from the catalogue: every code the web tests for by name has words there', async () => {
    // the web words errors by code from src/platform/error-text.ts and the modules' *.errors.ts (shared/errors.ts);
    // a page that handles one code itself (`code === 'POINT_OUTSIDE_GRIDS'`) must name a code that exists
    for (const f of fs.readdirSync(path.join(PROJECT_ROOT, 'src'))) {
      const file = path.join(PROJECT_ROOT, 'src', f, `${f}.errors.ts`);
      if (fs.existsSync(file)) await import(file);
    }
    const named = sourceFiles(WEB).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/\bcode\s*[!=]==\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => ({ code: m[1], file: path.relative(WEB, f) })));
    assert.ok(named.length >= 2, 'the scan finds the codes the pages handle');
    assert.deepEqual(named.filter((n) => !ERROR_TEXT[n.code]), []);
  });
});
