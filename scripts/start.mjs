#!/usr/bin/env node
// `npm start` / `npm run vb`: build dist/ and web/dist/ when their sources changed, then run the
// CLI in this same process (one node start-up instead of two).
import { ensureBuilt } from './build.mjs';

const args = process.argv.slice(2);
await ensureBuilt(args[0] === 'start' ? undefined : '--server');
process.argv = [process.argv[0], new URL('../dist/main.mjs', import.meta.url).pathname, ...args];
await import('../dist/main.mjs');
