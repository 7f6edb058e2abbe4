/**
 * Generated sections of docs/security.md. A suite run with WRITE_SECURITY_DOC=1 replaces the text
 * between `<!-- BEGIN name -->` and `<!-- END name -->` with what it measured; otherwise the document
 * is left alone (CI never writes to the checkout).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/platform/paths.ts';

export const SECURITY_DOC = path.join(PROJECT_ROOT, 'docs', 'security.md');

export const writingDoc = () => process.env.WRITE_SECURITY_DOC === '1';

export function writeSection(name: string, markdown: string): void {
  if (!writingDoc()) return;
  const text = fs.readFileSync(SECURITY_DOC, 'utf8');
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`docs/security.md has no ${begin} … ${end} section`);
  fs.writeFileSync(SECURITY_DOC, `${text.slice(0, i + begin.length)}\n${markdown.trim()}\n${text.slice(j)}`);
}
