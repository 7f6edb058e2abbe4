#!/usr/bin/env node
// The architecture check in CI (`npm run check:arch`; rules in docs/architecture.md, logic in
// scripts/architecture.mjs). Fails (exit 1) only on violations missing from
// scripts/architecture-baseline.json, so today's debts do not block CI but no new one gets in.
//   --update   drop the baseline entries that are fixed (the list only shrinks)
//   --update --accept-new   also add today's new violations (the first baseline; visible in review)
//   --graph    print the module import graph as Mermaid
//   --docs     write it into docs/architecture.md between <!-- module-graph --> markers
//   --all      list every violation, not only the new ones
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkArchitecture, mermaidGraph, RULES, writeBaseline } from './architecture.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const result = checkArchitecture(root);

const DOCS = path.join(root, 'docs/architecture.md');
const MARKERS = /(<!-- module-graph -->\n)[\s\S]*?(<!-- \/module-graph -->)/;
const docsWithGraph = (text) => text.replace(MARKERS, `$1${mermaidGraph(result)}\n$2`);
if (args.has('--graph')) {
  console.log(mermaidGraph(result));
  process.exit(0);
}
if (args.has('--docs')) {
  fs.writeFileSync(DOCS, docsWithGraph(fs.readFileSync(DOCS, 'utf8')));
  console.log(`module graph written into ${path.relative(root, DOCS)}`);
  process.exit(0);
}
if (args.has('--update')) {
  // Shrinks only: a new violation enters the baseline only when asked for by name (--accept-new),
  // so a reviewer sees the baseline grow in the diff.
  const added = [...new Set(result.fresh.map((v) => v.key))];
  const accept = args.has('--accept-new');
  const keep = result.violations.filter((v) => accept || !result.fresh.includes(v));
  const keys = writeBaseline(result.baselineFile, keep);
  console.log(`baseline rewritten: ${keys.length} entries (${result.gone.length} gone, ${accept ? added.length : 0} added)`);
  if (!accept && added.length) console.log(`${added.length} new violations left out (fix them, or --update --accept-new)`);
  process.exit(0);
}

const show = (v) => `  ${v.from}:${v.line}  ${v.rule}  → ${v.to}\n      ${v.why}`;
if (args.has('--all')) {
  console.log('all violations:');
  for (const v of result.violations) console.log(show(v));
}
if (result.fresh.length) {
  console.log(`NEW architecture violations (not in ${path.relative(root, result.baselineFile)}):`);
  for (const v of result.fresh) console.log(show(v));
}
if (result.gone.length) {
  console.log('fixed since the baseline (run `npm run check:arch -- --update` to shrink it):');
  for (const k of result.gone) console.log(`  ${k}`);
}
for (const c of result.cycles) console.log(`module cycle: {${c.join(', ')}}`);
console.log(`\narchitecture check: ${result.files.length} files`);
for (const r of RULES) {
  const c = result.counts[r];
  console.log(`  ${r.padEnd(16)} ${String(c.keys).padStart(4)} known (${c.found} sites), ${c.fresh} new`);
}
console.log(`  baseline entries gone: ${result.gone.length}`);
// A stale picture is worth a note, not a red build (it changes with every new arrow).
if (fs.existsSync(DOCS)) {
  const docs = fs.readFileSync(DOCS, 'utf8');
  if (MARKERS.test(docs) && docsWithGraph(docs) !== docs) console.log('  note: the module graph in docs/architecture.md is stale (npm run check:arch -- --docs)');
}
if (!result.ok) {
  console.log('\nFAILED: fix the new violations above (see docs/architecture.md, "Architecture check").');
  process.exit(1);
}
console.log('ok');
