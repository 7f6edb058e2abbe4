/**
 * The authorization matrix: every route of the route table × every role × an object of the caller's
 * own district and one of another district. The expected answer comes from the route's declaration
 * (`config: { access }`): anonymous on a route that is not public → 401; a role without the declared
 * permission → 403; an object of another district → 403 or 404, never 2xx; never a 5xx. A route added
 * without a declaration stops the app from starting, so it fails here first.
 *
 * WRITE_SECURITY_DOC=1 writes the table into docs/security.md (from the PGlite run).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { rolePermissions, type Actor, type Role } from '../../src/platform/access.ts';
import { registerErrorHandler } from '../../src/platform/errors.ts';
import { declaredRoutes, describeAccess, registerAccessControl, type DeclaredRoute, type RouteAccess } from '../../src/platform/http.ts';
import { describeOnDatabases } from '../helpers/on-databases.ts';
import { writeSection } from './doc.ts';
import { buildSecurityWorld, CAST, exampleOf, fillPath, namesObjectOf, probedRoutes, send, type CastRole, type SecurityWorld } from './world.ts';

/** Whose object the request names: the caller's own village, a village of the district's other township, another district. */
type Variant = 'own' | 'sibling' | 'other';
const VARIANTS: readonly Variant[] = ['own', 'sibling', 'other'];
/** The roles whose scope is the whole district (the sibling township's objects are theirs too). */
const DISTRICT_ROLES: readonly CastRole[] = ['leader', 'admin'];

/**
 * Answers the matrix knows to be wrong today, each a fault of issue 11 being fixed elsewhere: not
 * asserted (the cell shows the answer with a *), and the lead empties this list once the fixes are in.
 */
const KNOWN_FAULTS: { route: string; variants: readonly Variant[]; roles: readonly CastRole[]; fault: number; why: string }[] = [
  // empty: every fault of issue 11 the suites found is fixed; a new one is listed here with its issue while it is being fixed
];

const knownFault = (route: DeclaredRoute, variant: Variant, role: CastRole) =>
  KNOWN_FAULTS.find((k) => k.route === `${route.method} ${route.url}` && k.variants.includes(variant) && k.roles.includes(role));

/** What the declaration promises this caller: an exact status, "denied" (403/404, or an empty list), or "served" (anything but 401 and 5xx). */
function expected(access: RouteAccess | undefined, role: CastRole, variant: Variant, scoped: boolean): number | 'denied' | 'served' | 'any' {
  if (access === undefined || access === 'public' || access === 'device' || access === 'open311') return 'any';
  if (role === 'anonymous') return 401;
  if (typeof access === 'object' && !rolePermissions(role as Role).includes(access.permission)) return 403;
  const outside = variant === 'other' || (variant === 'sibling' && !DISTRICT_ROLES.includes(role));
  return outside && scoped ? 'denied' : 'served';
}

/** A list filtered by another district's object may answer, but empty. */
function emptyList(body: string): boolean {
  try {
    const items = (JSON.parse(body) as { items?: unknown }).items;
    return Array.isArray(items) && items.length === 0;
  } catch {
    return false;
  }
}

function meets(status: number, body: string, want: ReturnType<typeof expected>): boolean {
  if (status >= 500) return false;
  if (typeof want === 'number') return status === want;
  if (want === 'denied') return status === 403 || status === 404 || (status === 200 && emptyList(body));
  if (want === 'served') return status !== 401;
  return true;
}

describe('route access declarations', () => {
  it('an /api/ route without config.access stops the app at start-up', async () => {
    const app = Fastify();
    app.decorateRequest('actor', null);
    registerAccessControl(app);
    app.get('/outside', async () => ({ ok: true })); // outside /api/: plugins' own routes may go undeclared
    assert.throws(() => app.get('/api/undeclared', async () => ({ ok: true })), /GET \/api\/undeclared declares no access/);
    await app.close();
  });

  it('the guard answers from the declaration, before the body is validated, after the session is resolved', async () => {
    const app = Fastify();
    registerErrorHandler(app);
    app.decorateRequest('actor', null);
    registerAccessControl(app);
    // the session hook is added after the guard's registration and still runs first
    const resident: Actor = { id: 'r', kind: 'resident', displayName: '村民', homeRegionCode: '360000000000', memberships: [{ role: 'resident', scope: '36', regionCode: '360000000000', organisationId: null }] };
    app.addHook('onRequest', async (req) => {
      req.actor = req.headers['x-who'] === 'resident' ? resident : null;
    });
    const body = { schema: { body: Type.Object({ name: Type.String() }, { additionalProperties: false }) } };
    app.post('/api/any', { config: { access: 'authenticated' }, ...body }, async () => ({ ok: true }));
    app.post('/api/admins', { config: { access: { permission: 'users.write' } }, ...body }, async () => ({ ok: true }));
    app.post('/api/open', { config: { access: 'public' }, ...body }, async () => ({ ok: true }));
    const call = async (url: string, who?: string) => {
      const r = await app.inject({ method: 'POST', url, headers: who ? { 'x-who': who } : {}, payload: { bad: 1 } });
      return [r.statusCode, r.json().error.code];
    };
    assert.deepEqual(await call('/api/any'), [401, 'UNAUTHENTICATED']);
    assert.deepEqual(await call('/api/any', 'resident'), [400, 'VALIDATION_FAILED']);
    assert.deepEqual(await call('/api/admins'), [401, 'UNAUTHENTICATED']);
    assert.deepEqual(await call('/api/admins', 'resident'), [403, 'FORBIDDEN']);
    assert.deepEqual(await call('/api/open'), [400, 'VALIDATION_FAILED']);
    await app.close();
  });
});

describeOnDatabases('authorization matrix', ({ vb, kind }) => {
    let world: SecurityWorld;
    before(async () => {
      const t = Date.now();
      world = await buildSecurityWorld(vb);
      if (process.env.SUITE_TIMING) console.log(`world built in ${Date.now() - t} ms`);
    });

    it('every route answers every role as its declaration says, and objects outside the caller\'s area stay out of reach', async () => {
      const routes = probedRoutes(declaredRoutes(vb.app));
      assert.ok(routes.length > 50, `the route table has ${routes.length} routes`);
      // only the API documentation's own routes (swagger-ui's plugin) go without a declaration
      const undeclared = declaredRoutes(vb.app).filter((r) => !r.access && !r.url.startsWith('/docs'));
      assert.deepEqual(undeclared.map((r) => `${r.method} ${r.url}`), [], 'routes without config: { access }');
      // log-out ends the caller's session: last, so the other routes see every role logged in
      const ordered = [...routes.filter((r) => r.url !== '/api/auth/logout'), ...routes.filter((r) => r.url === '/api/auth/logout')];

      const failures: string[] = [];
      const rows: string[] = [];
      let probes = 0;
      for (const route of ordered) {
        const request = (variant: Variant) => {
          const o = world[variant];
          return { method: route.method as 'GET', url: fillPath(route, o, world), ...exampleOf(route, o, world) };
        };
        // the other columns exist for routes whose request names an object or region
        const scoped = namesObjectOf(request('other'), world.other);
        assert.equal(namesObjectOf(request('sibling'), world.sibling), scoped, `${route.method} ${route.url}: sibling and other requests differ in kind`);
        const cells: string[] = [];
        for (const role of CAST) {
          const cell: string[] = [];
          for (const variant of scoped ? VARIANTS : (['own'] as const)) {
            const req = request(variant);
            const { status, body, contentType } = await send(vb, { ...req, headers: { ...(req.headers ?? {}), ...world.cast[role].auth } });
            probes++;
            const want = expected(route.access, role, variant, scoped);
            const fault = knownFault(route, variant, role);
            const ok = meets(status, body, want);
            const said = contentType.includes('json') || contentType.startsWith('text/') ? body.slice(0, 160) : contentType;
            if (!ok && !fault) failures.push(`${route.method} ${route.url} as ${role} (${variant}): ${status}, expected ${want} — ${said}`);
            if (ok && fault) failures.push(`${route.method} ${route.url} as ${role} (${variant}): ${status} meets the declaration; remove the KNOWN_FAULTS entry for fault ${fault.fault}`);
            cell.push(`${status}${fault ? '*' : ''}`);
          }
          cells.push(cell.join(' / '));
        }
        rows.push(`| \`${route.method} ${route.url}\` | ${describeAccess(route.access)} | ${cells.join(' | ')} |`);
      }

      if (kind === 'pglite') {
        const head = `| route | access | ${CAST.map((r) => r.replace('_', ' ')).join(' | ')} |\n|---|---|${CAST.map(() => '---').join('|')}|`;
        const faults = KNOWN_FAULTS.map((k) => `- \`${k.route}\` (${k.variants.join(', ')}; ${k.roles.join(', ')}): fault ${k.fault} — ${k.why}`).join('\n');
        writeSection('matrix', [
          `${ordered.length} routes × ${CAST.length} roles; ${probes} requests. A cell is the status for an object of the caller's own village, then (for routes that name an object or region) one in the district's other township (outside every role's area but the leader's and administrator's) and one in another district; outside the caller's area the answer must be 403, 404 or an empty list. \`*\` marks a known fault (below).`,
          '', head, ...rows, '', KNOWN_FAULTS.length ? `Known faults, not yet asserted:\n\n${faults}` : 'No known faults: every cell is asserted.',
        ].join('\n'));
      }
      assert.deepEqual(failures, [], `${failures.length} of ${probes} answers break the declarations:\n${failures.join('\n')}`);
    });
});
