// The architecture check (issue 14, item 9): reads src/**/*.ts (not tests) with the TypeScript parser
// and reports what DESIGN.md's module layout forbids. Plain Node + the installed `typescript`, so CI
// needs no extra tool. scripts/check-architecture.mjs is the command line; test/architecture.test.ts
// calls checkArchitecture() on a fixture tree.
//
// A module is a top-level folder of src/. Files directly in src/ (app.ts, server.ts, main.ts, events.ts,
// client-events.ts …) and src/cli/ are the composition root: they wire the modules and may import anything.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Rule names, also the first word of a baseline key. */
export const RULES = ['cycle', 'deep-import', 'forbidden-arrow', 'foreign-table'];

// The arrows DESIGN.md forbids, as data so a new module adds a line here. `'*'` = every other module.
// Modules named here that do not exist yet (intake, points …) simply never match.
const SOURCES_AND_OUTCOMES = ['intake', 'sensors', 'cameras', 'open311', 'inspections', 'notify', 'points', 'partywork', 'dashboard'];
const FORBIDDEN = {
  platform: { to: '*', why: 'platform depends on no module' },
  regions: { to: '*', except: ['platform'], why: 'regions depends on nothing but platform' },
  people: { to: '*', except: ['platform'], why: 'people depends on nothing but platform' },
  cases: { to: SOURCES_AND_OUTCOMES, why: 'cases knows no source or outcome module (they use cases, or react to its events)' },
  sensors: { to: ['cameras'], why: 'sensors and cameras are independent sources' },
  cameras: { to: ['sensors'], why: 'sensors and cameras are independent sources' },
};
// Nobody imports the demo; the demo itself may import any module (it seeds through their services).
const DEMO = 'demo';
// platform has no index.ts: it is the shared kernel and each of its files is public surface, so an
// import of platform/errors.ts is not "past the index". Every other module is entered by its index.ts.
const OPEN_MODULES = new Set(['platform']);
// Tables every module may name in SQL (the outbox is written by every module, through outboxInsertSql).
const OPEN_TABLE_OWNERS = new Set(['platform']);
// SQL keywords are upper case in this code base; lower case would match English ("from cases").
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE)\s+(?:ONLY\s+)?(?:public\.)?"?([a-z_][a-z0-9_]*)"?/g;

const posix = (p) => p.split(path.sep).join('/');

function listTs(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) listTs(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// src/cli/ (the CLI's own commands) belongs to the composition root too: `vb start` builds the app.
const ROOT_FOLDERS = new Set(['cli']);

/** 'src/cases/x.ts' → 'cases'; a file directly in src/ or in src/cli/ → null (composition root). */
function moduleOf(rel) {
  const parts = rel.split('/');
  return parts[0] === 'src' && parts.length > 2 && !ROOT_FOLDERS.has(parts[1]) ? parts[1] : null;
}

/** Imports (static, re-exports, dynamic import(), import('x').T types) and string pieces of one file. */
function scan(text, fileName) {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const imports = [];
  const strings = [];
  const tables = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? !!node.importClause?.isTypeOnly : node.isTypeOnly;
      imports.push({ spec: node.moduleSpecifier.text, line: lineOf(node.getStart(sf)), typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      imports.push({ spec: node.arguments[0].text, line: lineOf(node.getStart(sf)), typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      imports.push({ spec: node.argument.literal.text, line: lineOf(node.getStart(sf)), typeOnly: true });
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'pgTable' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      tables.push(node.arguments[0].text);
    }
    // String pieces: a template's head and each literal part separately, with the line each starts on.
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const parent = node.parent;
      const isSpecifier = parent && (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isLiteralTypeNode(parent));
      if (!isSpecifier) strings.push({ text: node.text, line: lineOf(node.getStart(sf)) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { imports, strings, tables };
}

/** Resolve a relative specifier to a path relative to root ('src/cases/index.ts'), or null (a package). */
function resolve(root, fromRel, spec) {
  if (!spec.startsWith('.')) return null;
  let target = path.resolve(root, path.dirname(fromRel), spec);
  if (!/\.(ts|mjs|js|json)$/.test(target)) {
    if (fs.existsSync(`${target}.ts`)) target = `${target}.ts`;
    else if (fs.existsSync(path.join(target, 'index.ts'))) target = path.join(target, 'index.ts');
  }
  return posix(path.relative(root, target));
}

function forbiddenWhy(from, to) {
  if (from === to || from === DEMO) return null;
  if (to === DEMO) return 'no module imports the demo';
  const rule = FORBIDDEN[from];
  if (!rule) return null;
  const hit = rule.to === '*' ? !(rule.except ?? []).includes(to) : rule.to.includes(to);
  return hit ? rule.why : null;
}

/** Tarjan's strongly connected components of the module graph; only those of more than one module. */
function cycles(graph) {
  let index = 0;
  const idx = new Map(), low = new Map(), onStack = new Set(), stack = [], out = [];
  const strong = (v) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) strong(v);
  return out;
}

/**
 * Read the tree under `root` and list every violation: { rule, from, to, line, why, key }.
 * `key` (rule + from-file + target, no line) is what the baseline stores. Also returns the module
 * edges (for the graph) and the table owners.
 */
export function analyse(root) {
  const files = listTs(path.join(root, 'src')).map((abs) => posix(path.relative(root, abs)));
  const scanned = new Map(files.map((rel) => [rel, scan(fs.readFileSync(path.join(root, rel), 'utf8'), rel)]));

  const owners = new Map(); // table → module
  for (const [rel, s] of scanned) {
    const mod = moduleOf(rel);
    if (mod && rel.endsWith('.schema.ts')) for (const t of s.tables) owners.set(t, mod);
  }

  const found = [];
  const add = (v) => found.push({ ...v, key: `${v.rule} ${v.from} -> ${v.to}` });
  const edges = []; // module-level import sites: { from, to, file, target, line }
  for (const [rel, s] of scanned) {
    const fromMod = moduleOf(rel);
    if (!fromMod) continue; // the composition root may import anything
    for (const imp of s.imports) {
      const target = resolve(root, rel, imp.spec);
      const toMod = target && moduleOf(target);
      if (target && !toMod && target.startsWith('src/') && fromMod !== DEMO) {
        // app.ts imports the modules; a module importing it back would be a cycle through the root.
        add({ rule: 'forbidden-arrow', from: rel, to: target, line: imp.line, why: `${fromMod} → the composition root: the root imports modules, never the reverse` });
      }
      if (!toMod || toMod === fromMod) continue;
      edges.push({ from: fromMod, to: toMod, file: rel, target, line: imp.line });
      if (!OPEN_MODULES.has(toMod) && target !== `src/${toMod}/index.ts`) {
        add({ rule: 'deep-import', from: rel, to: target, line: imp.line, why: `${toMod} is entered by src/${toMod}/index.ts only${imp.typeOnly ? ' (types too)' : ''}` });
      }
      const why = forbiddenWhy(fromMod, toMod);
      if (why) add({ rule: 'forbidden-arrow', from: rel, to: target, line: imp.line, why: `${fromMod} → ${toMod}: ${why}` });
    }
    for (const str of s.strings) {
      for (const m of str.text.matchAll(SQL_TABLE)) {
        const owner = owners.get(m[1]);
        if (!owner || owner === fromMod || OPEN_TABLE_OWNERS.has(owner)) continue;
        const line = str.line + (str.text.slice(0, m.index).match(/\n/g)?.length ?? 0);
        add({ rule: 'foreign-table', from: rel, to: `${owner}.${m[1]}`, line, why: `SQL names ${m[1]}, a table of ${owner} (use ${owner}'s index.ts)` });
      }
    }
  }

  const graph = new Map();
  for (const e of edges) {
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from).add(e.to);
  }
  const sccs = cycles(graph);
  const compOf = new Map(sccs.flatMap((c) => c.map((m) => [m, c])));
  for (const e of edges) {
    const comp = compOf.get(e.from);
    // An edge inside a strongly connected component lies on a cycle: its target reaches back.
    if (comp && comp.includes(e.to)) {
      add({ rule: 'cycle', from: e.file, to: e.target, line: e.line, why: `${e.from} → ${e.to} closes the cycle {${comp.join(', ')}}` });
    }
  }

  // One entry per key and line (a file importing the same file twice, by value and by type).
  const seen = new Set();
  const violations = found
    .filter((v) => !seen.has(`${v.key}:${v.line}`) && seen.add(`${v.key}:${v.line}`))
    .sort((a, b) => a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.line - b.line || a.to.localeCompare(b.to));
  return { violations, edges, cycles: sccs, owners, files };
}

export function readBaseline(file) {
  if (!fs.existsSync(file)) return [];
  return JSON.parse(fs.readFileSync(file, 'utf8')).violations ?? [];
}

export function writeBaseline(file, violations) {
  const keys = [...new Set(violations.map((v) => v.key))].sort();
  const doc = {
    about: 'Architecture violations that existed when the check came (scripts/check-architecture.mjs). CI fails only on violations not listed here; fix one, then run `npm run check:arch -- --update` so the list shrinks. Never add to it by hand.',
    violations: keys,
  };
  fs.writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return keys;
}

/**
 * The check: violations of the tree under `root` against the baseline (default
 * scripts/architecture-baseline.json under root). `fresh` fail the check; `gone` are baseline keys
 * no longer found (to be removed with --update).
 */
export function checkArchitecture(root, { baselineFile = path.join(root, 'scripts/architecture-baseline.json') } = {}) {
  const result = analyse(root);
  const baseline = new Set(readBaseline(baselineFile));
  const keys = new Set(result.violations.map((v) => v.key));
  const fresh = result.violations.filter((v) => !baseline.has(v.key));
  const gone = [...baseline].filter((k) => !keys.has(k)).sort();
  const counts = Object.fromEntries(RULES.map((r) => [r, { found: 0, keys: 0, fresh: 0 }]));
  for (const v of result.violations) counts[v.rule].found++;
  for (const k of keys) counts[k.split(' ')[0]].keys++;
  for (const v of fresh) counts[v.rule].fresh++;
  return { ...result, baselineFile, fresh, gone, counts, ok: fresh.length === 0 };
}

/**
 * The module graph as Mermaid: an arrow per importing pair of modules, plus one per module whose SQL
 * names another module's tables (a dependency the imports do not show). Arrows that break a rule are
 * dotted and say which (cycle, forbidden, SQL).
 */
export function mermaidGraph(result) {
  const pairs = new Set(result.edges.map((e) => `${e.from} ${e.to}`));
  const sql = new Set();
  const bad = new Map();
  for (const v of result.violations) {
    if (v.rule === 'foreign-table') sql.add(`${moduleOf(v.from)} ${v.to.split('.')[0]}`);
    const to = moduleOf(v.to);
    if ((v.rule === 'cycle' || v.rule === 'forbidden-arrow') && to) {
      const k = `${moduleOf(v.from)} ${to}`;
      bad.set(k, [...new Set([...(bad.get(k) ?? []), v.rule === 'cycle' ? 'cycle' : 'forbidden'])].sort());
    }
  }
  const lines = ['```mermaid', 'graph LR'];
  for (const k of [...new Set([...pairs, ...sql])].sort()) {
    const [from, to] = k.split(' ');
    if (pairs.has(k)) lines.push(bad.has(k) ? `  ${from} -. ${bad.get(k).join(', ')} .-> ${to}` : `  ${from} --> ${to}`);
    if (sql.has(k)) lines.push(`  ${from} -. SQL .-> ${to}`);
  }
  lines.push('```');
  return lines.join('\n');
}
