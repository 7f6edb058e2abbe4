/** `vb migrate`: apply the committed SQL migrations and exit. */
import type { CliCommand } from '../platform/module.ts';

export const migrateCommand: CliCommand = {
  summary: 'Apply the committed SQL migrations (migrations/) and exit',
  usage: 'vb migrate',
  options: {},
  async run({ withCore }) {
    await withCore(async () => console.log('Migrations applied.'));
  },
};
