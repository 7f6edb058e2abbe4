/** The Open311 module: GeoReport v2 for 311 apps and tools, with API keys. */
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { OPEN311_ERRORS } from './open311.errors.ts';
import { OPEN311_PERMISSIONS } from './open311.permissions.ts';
import { open311FrameworkError, open311KeyRoutes, open311Routes } from './open311.routes.ts';
import { Open311Service } from './open311.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    open311: Open311Service;
  }
}

export const open311Module = defineModule({
  name: 'open311',
  permissions: OPEN311_PERMISSIONS,
  errors: OPEN311_ERRORS,
  needs: ['regions', 'people', 'cases'],
  build: ({ platform, use }) => ({ open311: new Open311Service(platform, use('cases'), use('regions'), use('users')) }),
  // Open311 clients read the standard's error list, not the one error model
  frameworkErrors: { '/open311/': open311FrameworkError },
  async routes(app, { open311 }) {
    await app.register(open311Routes, { open311 });
    await app.register(open311KeyRoutes, { open311 });
  },
  commands: {
    'open311-key': {
      summary: 'Open311 API keys: `open311-key add NAME` prints a new key for a client',
      usage: 'vb open311-key add NAME   (the key is printed once; only its hash is stored)',
      options: {},
      async run({ positionals, withCore }) {
        if (positionals[0] !== 'add' || !positionals[1]) throw new AppError('USAGE', 2, 'Usage: vb open311-key add NAME');
        await withCore(async ({ services }) => {
          const k = await services.open311.addKey(null, positionals.slice(1).join(' '));
          console.log(`Open311 key for "${k.name}" (${k.id}):\n${k.key}`);
        });
      },
    },
  },
});
