#!/usr/bin/env node
/**
 * The `vb` command line: `npm run vb -- <command> [options]`. Its own commands live in src/cli/, the
 * modules contribute theirs (`camera add`, `device add`, `open311-key add`, …) in their descriptors.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateCommand } from './cli/migrate.ts';
import { resetCommand } from './cli/reset.ts';
import { startCommand } from './cli/start.ts';
import { simulateCommand } from './demo/simulate.command.ts';
import { ConfigError, loadConfig, SETTINGS_DOC } from './platform/config.ts';
import { AppError } from './platform/errors.ts';
import type { CliCommand } from './platform/module.ts';
// Heavy modules (Fastify, Drizzle, sharp…) are imported by the commands that need them, so `start`
// can begin opening the embedded database (a WASM compile) while they load: the modules' commands are
// looked up only for a command that is not the CLI's own.

// `simulate` is a client of a running server: it needs none of the modules, so it is found without them
const OWN: Record<string, CliCommand> = { start: startCommand, migrate: migrateCommand, reset: resetCommand, simulate: simulateCommand };

const help: CliCommand = {
  summary: 'Show the commands and settings',
  usage: 'vb help [COMMAND]',
  options: {},
  async run({ positionals }) {
    const commands = await allCommands();
    if (positionals[0] && commands[positionals[0]]) return printCommandHelp(positionals[0], commands[positionals[0]]);
    printHelp(commands);
  },
};

/** The CLI's own commands, then every module's, then help. */
async function allCommands(): Promise<Record<string, CliCommand>> {
  const { MODULES } = await import('./modules.ts');
  const all: Record<string, CliCommand> = { ...OWN };
  for (const m of MODULES) {
    for (const [name, c] of Object.entries(m.commands ?? {})) {
      if (all[name]) throw new Error(`the command "${name}" is offered twice (module ${m.name})`);
      all[name] = c;
    }
  }
  return { ...all, help };
}

function printCommandHelp(name: string, c: CliCommand) {
  console.log(`${c.summary}\n\nUsage: npm run vb -- ${c.usage.replace(/^vb /, '')}`);
}

function printHelp(commands: Record<string, CliCommand>) {
  console.log('Village Brain 乡村大脑 — command line\n\nUsage: npm run vb -- <command> [options]   (each command answers --help)\n');
  for (const [name, c] of Object.entries(commands)) console.log(`  ${name.padEnd(11)} ${c.summary}`);
  console.log('\nSettings (environment variables):');
  for (const [k, def, doc] of SETTINGS_DOC) console.log(`  ${k.padEnd(22)} ${def.padEnd(18)} ${doc}`);
}

export async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = OWN[name] ?? (await allCommands())[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n`);
    printHelp(await allCommands());
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest, allowPositionals: true, strict: true,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      printCommandHelp(name, command);
      return 0;
    }
    const config = loadConfig();
    const { withCore } = await import('./cli/core.ts');
    await command.run({ config, values, positionals, withCore: (fn) => withCore(config, fn) });
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else if (err instanceof AppError) console.error(`Error (${err.code}): ${err.message}${err.details?.field ? ` [field: ${err.details.field}]` : ''}`);
    else if ((err as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) console.error(`${(err as Error).message}\n\nUsage: npm run vb -- ${command.usage.replace(/^vb /, '')}`);
    else console.error(err);
    return err instanceof AppError && err.status === 2 ? 2 : 1;
  }
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    // `start` keeps serving; every other command ends here
    if (code !== 0 || process.argv[2] !== 'start') process.exit(code);
  });
}
