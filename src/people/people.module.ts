/** The people module: users, organisations, roles, sessions and device tokens; who is calling. */
import crypto from 'node:crypto';
import { AppError } from '../platform/errors.ts';
import { SESSION_COOKIE } from '../platform/http.ts';
import { defineModule } from '../platform/module.ts';
import { PEOPLE_ERRORS } from './people.errors.ts';
import { PEOPLE_PERMISSIONS } from './people.permissions.ts';
import { AuthService } from './auth.service.ts';
import { featuresRoutes } from './features.routes.ts';
import { grantsRoutes } from './grants.routes.ts';
import { GrantsService } from './grants.service.ts';
import { peopleRoutes } from './people.routes.ts';
import { createSmsSender, type SmsSender } from './sms.ts';
import { UsersService } from './users.service.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    users: UsersService;
    auth: AuthService;
    /** The SMS gateway: log-in codes here, notices in notify. */
    sms: SmsSender;
    /** Need-to-know grants (households, petitions): a permission no role implies. */
    grants: GrantsService;
  }
}

export const peopleModule = defineModule({
  name: 'people',
  permissions: PEOPLE_PERMISSIONS,
  errors: PEOPLE_ERRORS,
  needs: ['regions'],
  build({ platform, use }) {
    const regions = use('regions');
    // people imports no other module: the region checks it needs are handed in
    const lookup = { exists: (code: string) => regions.exists(code), names: (codes: string[]) => regions.names(codes) };
    const users = new UsersService(platform, lookup);
    const sms = createSmsSender(platform.config.smsProvider, platform.config.smsHttpUrl, platform.log);
    const auth = new AuthService(platform, users, sms);
    return { users, auth, sms, grants: new GrantsService(platform, lookup) };
  },
  http(app, { auth }) {
    // who is calling: session cookie or bearer token
    app.decorateRequest('actor', null);
    app.decorateRequest('authToken', undefined);
    app.addHook('onRequest', async (req) => {
      if (!req.url.startsWith('/api/')) return;
      const header = req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.cookies[SESSION_COOKIE];
      req.authToken = token;
      req.actor = token ? await auth.resolve(token) : null;
    });
  },
  async routes(app, { auth, users, grants }, { platform }) {
    await app.register(peopleRoutes, { auth, users, cookieSecure: platform.config.cookieSecure });
    await app.register(grantsRoutes, { grants });
    await app.register(featuresRoutes, { platform });
  },
  commands: {
    user: {
      summary: 'Manage users: `user add`',
      usage:
        'vb user add --name NAME (--username U [--password P] | --phone PHONE) [--kind staff|resident|tourist]\n' +
        '            [--role ROLE --region CODE]…  (a generated password is printed when --password is left out)',
      options: {
        name: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, phone: { type: 'string' },
        kind: { type: 'string' }, role: { type: 'string', multiple: true }, region: { type: 'string', multiple: true },
      },
      async run({ values: v, positionals, withCore }) {
        if (positionals[0] !== 'add') throw new AppError('USAGE', 2, 'Unknown user command; try: vb user add --help');
        const roles = (v.role as string[] | undefined) ?? [];
        const regionsArg = (v.region as string[] | undefined) ?? [];
        if (roles.length !== regionsArg.length) throw new AppError('USAGE', 2, 'Give one --region for each --role');
        const kind = ((v.kind as string) ?? (v.username ? 'staff' : 'resident')) as 'staff' | 'resident' | 'tourist';
        let password = v.password as string | undefined;
        const generated = kind === 'staff' && !password;
        if (generated) password = crypto.randomBytes(9).toString('base64url');
        await withCore(async ({ services }) => {
          const u = await services.users.createUser(null, {
            displayName: (v.name as string) ?? (v.username as string) ?? '', username: v.username as string, phone: v.phone as string,
            password, kind, homeRegionCode: regionsArg[0] ?? null,
            memberships: roles.map((role, i) => ({ role, regionCode: regionsArg[i] })),
          });
          console.log(`User created: ${u.id} ${u.username ?? u.phone} (${u.memberships.map((m) => `${m.role}@${m.regionCode}`).join(', ') || 'no roles'})`);
          if (generated) console.log(`Generated password: ${password}`);
        });
      },
    },
  },
});
