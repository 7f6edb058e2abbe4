/**
 * The bad-input suite, generated from the OpenAPI document and the route table: every write route
 * (POST, PUT, PATCH, DELETE), called by someone allowed to call it, gets wrong types, missing and
 * unexpected fields, huge strings, NULs and lone surrogates, out-of-range numbers, malformed JSON and
 * bodies over the limit (test/security/bad-inputs.ts). Every answer must be a 4xx in the error model
 * ({"error":{"code","message","details"}}; Open311's own error list on /open311/) and leave the
 * database as it was (row counts of every table before and after).
 *
 * WRITE_SECURITY_DOC=1 writes the counts per input class into docs/security.md (from the PGlite run).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { VillageBrain } from '../../src/app.ts';
import { declaredRoutes, type DeclaredRoute } from '../../src/platform/http.ts';
import { describeOnDatabases } from '../helpers/on-databases.ts';
import { deviceCases, jsonBodyCases, open311Cases, pathCases, queryCases, uploadCases, type BadInput } from './bad-inputs.ts';
import { writeSection } from './doc.ts';
import { buildSecurityWorld, exampleOf, fillPath, probedRoutes, send, type SecurityWorld } from './world.ts';

/**
 * Answers known to be wrong today, each a fault of issue 11 being fixed by another change: these cases
 * are skipped (counted apart in docs/security.md); the lead empties the list as the fixes land. A case is
 * matched by route, input class and field ('*' = any field of that class on that route).
 */
interface KnownFault {
  /** 'METHOD url', or '*' for a fault of the framework that answers before any route runs. */
  route: string;
  cls: string;
  /** The fields of that class on that route; [''] for a case about the whole body. */
  fields: readonly string[] | '*';
  fault: number;
  why: string;
  /** 'error model': still asserted to be a 4xx that writes nothing, only its body's shape is not. */
  only?: 'error model';
}

const KNOWN_FAULTS: KnownFault[] = [
  // empty: every fault of issue 11 the suites found is fixed; a new one is listed here with its issue while it is being fixed
];

const knownFault = (route: DeclaredRoute, c: BadInput) =>
  KNOWN_FAULTS.find((k) => (k.route === '*' || k.route === `${route.method} ${route.url}`) && k.cls === c.cls && (k.fields === '*' || k.fields.includes(c.field ?? '')));

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Row counts of every table (partitions included), in one statement. */
async function rowCounts(vb: VillageBrain): Promise<Record<string, number>> {
  const tables = await vb.platform.database.raw<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", []);
  const rows = await vb.platform.database.raw<{ t: string; n: number }>(
    tables.map((t) => `SELECT '${t.name}' AS t, count(*)::int AS n FROM "${t.name}"`).join(' UNION ALL '), []);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

function changed(before: Record<string, number>, after: Record<string, number>, allowed: readonly string[]): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((t) => !allowed.includes(t) && before[t] !== after[t]).map((t) => `${t} ${before[t] ?? '-'}→${after[t] ?? '-'}`);
}

/** Is the answer an error in the model of its route? */
function inErrorModel(route: DeclaredRoute, contentType: string, body: string): boolean {
  if (!contentType.includes('json')) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (route.access === 'open311') {
    const list = parsed as { code?: unknown; description?: unknown }[];
    return Array.isArray(list) && list.length > 0 && typeof list[0].code === 'number' && typeof list[0].description === 'string';
  }
  const e = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } }).error;
  return !!e && typeof e.code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(e.code) && typeof e.message === 'string' && typeof e.details === 'object' && e.details !== null;
}

type Schema = Parameters<typeof jsonBodyCases>[1];

describeOnDatabases('bad input on every write route', ({ vb, kind }) => {
  let world: SecurityWorld;
  before(async () => {
    world = await buildSecurityWorld(vb);
  });

  /** The cases of one route, and who sends them. */
  function casesOf(route: DeclaredRoute, openapi: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }) {
    const url = fillPath(route, world.own, world);
    const example = exampleOf(route, world.own, world);
    const limit = vb.config.bodyLimitBytes;
    // the inspector changes an inspection; an administrator does everything else; devices and Open311 carry their credential
    const caller = route.access === 'device' || route.access === 'open311' ? {} : route.url.startsWith('/api/inspections/:id') ? world.cast.handler.auth : world.cast.admin.auth;
    let cases: BadInput[];
    if (route.access === 'device') cases = deviceCases(url, limit);
    else if (route.access === 'open311') cases = open311Cases(url, Object.fromEntries(new URLSearchParams(String(example.payload))), limit);
    else if (route.url === '/api/media') cases = uploadCases(url, vb.config.mediaMaxBytes);
    else {
      const op = openapi.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const schema = op?.requestBody?.content?.['application/json']?.schema ?? null;
      const base = example.payload && typeof example.payload === 'object' && !Buffer.isBuffer(example.payload) ? (example.payload as Record<string, unknown>) : undefined;
      cases = jsonBodyCases(url, schema, base, limit);
    }
    cases.push(...pathCases(route.url, url, example.payload, example.headers));
    return { caller, cases };
  }

  it('every bad input is a 4xx in the error model and writes nothing', async () => {
    const openapi = (await vb.app.inject({ url: '/openapi.json' })).json();
    const routes = probedRoutes(declaredRoutes(vb.app)).filter((r) => WRITES.has(r.method) && r.url !== '/api/auth/logout');
    assert.ok(routes.length >= 30, `${routes.length} write routes`);
    const failures: string[] = [];
    const byClass = new Map<string, { tried: number; refused: number; server: number; skipped: number }>();
    let tried = 0;
    // the counts after one case are the counts before the next, unless the case wrote something:
    // then what its events set off (notifications …) is let finish and the tables counted afresh
    let counts = await rowCounts(vb);
    for (const route of routes) {
      const { caller, cases } = casesOf(route, openapi);
      for (const c of cases) {
        const fault = knownFault(route, c);
        const tally = byClass.get(c.cls) ?? { tried: 0, refused: 0, server: 0, skipped: 0 };
        byClass.set(c.cls, tally);
        tally.tried++;
        tried++;
        const answer = await send(vb, { method: route.method as 'POST', ...c.opts, headers: { ...(c.opts.headers ?? {}), ...caller } });
        const countsAfter = await rowCounts(vb);
        // a device's refused body is kept as a dead letter, by design; the big screen's read models are
        // written by clock jobs (the points rollup each minute) whenever they run — a bad input that
        // wrote something would show in the source table they are made from
        const readModels = Object.keys(countsAfter).filter((t) => t.startsWith('dashboard_'));
        const writes = changed(counts, countsAfter, [...readModels, ...(route.access === 'device' ? ['ingest_dead_letters'] : [])]);
        counts = countsAfter;
        if (writes.length) {
          await vb.platform.events.flush();
          await vb.services.cameraIntake.idle();
          counts = await rowCounts(vb);
        }
        const refused = answer.status >= 400 && answer.status < 500 && writes.length === 0;
        const modelled = inErrorModel(route, answer.contentType, answer.body);
        const good = refused && modelled;
        if (answer.status >= 500) tally.server++;
        else if (answer.status >= 400 && answer.status < 500) tally.refused++;
        if (fault?.only === 'error model') {
          tally.skipped++;
          if (!refused) failures.push(`${route.method} ${route.url} ${c.cls}${c.field ? ` (${c.field})` : ''}: ${answer.status}${writes.length ? `, wrote ${writes.join(', ')}` : ''} (fault ${fault.fault} excuses the error model only)`);
          else if (modelled) failures.push(`${route.method} ${route.url} ${c.cls}${c.field ? ` (${c.field})` : ''}: now in the error model; remove the KNOWN_FAULTS entry (fault ${fault.fault})`);
          continue;
        }
        if (fault) {
          tally.skipped++;
          if (good) failures.push(`${route.method} ${route.url} ${c.cls}${c.field ? ` (${c.field})` : ''}: now refused cleanly; remove the KNOWN_FAULTS entry (fault ${fault.fault})`);
          continue;
        }
        if (!good) {
          failures.push(`${route.method} ${route.url} ${c.cls}${c.field ? ` (${c.field})` : ''}: ${answer.status}${writes.length ? `, wrote ${writes.join(', ')}` : ''} — ${answer.body.slice(0, 160)}`);
        }
      }
    }
    if (kind === 'pglite') {
      const rows = [...byClass.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([cls, t]) => `| ${cls} | ${t.tried} | ${t.refused} | ${t.server} | ${t.skipped} |`);
      const sum = (k: 'tried' | 'refused' | 'server' | 'skipped') => [...byClass.values()].reduce((s, t) => s + t[k], 0);
      const faults = KNOWN_FAULTS.map((k) => `- \`${k.route === '*' ? 'every route with a path parameter' : k.route}\` ${k.cls}${k.fields === '*' || k.fields.join('') === '' ? '' : ` (${k.fields.join(', ')})`}: fault ${k.fault} — ${k.why}${k.only ? ' (still asserted: a 4xx that writes nothing)' : ''}`).join('\n');
      writeSection('bad-input', [
        `\`test/security/bad-input.test.ts\`: ${routes.length} write routes (every POST, PUT, PATCH and DELETE of the route table but log-out), each called by someone allowed to (an administrator; the inspector for an inspection; a device's token; an Open311 key), ${tried} bad inputs. Each must answer a 4xx in the error model and leave every table's row count as it was (a device's refused body is kept as a dead letter, by design).`,
        '', '| input class | tried | refused (4xx) | 5xx | known fault, not asserted |', '|---|---|---|---|---|', ...rows,
        `| **all** | **${sum('tried')}** | **${sum('refused')}** | **${sum('server')}** | **${sum('skipped')}** |`,
        '', KNOWN_FAULTS.length ? `Known faults, skipped until their fixes land:\n\n${faults}` : 'No known faults: every case is asserted.',
      ].join('\n'));
    }
    assert.deepEqual(failures, [], `${failures.length} of ${tried} bad inputs were not refused cleanly:\n${failures.join('\n')}`);
  });

  it('every bad query string of a read route is a 4xx in the error model', async () => {
    type Op = { parameters?: { in: string; name: string; schema: Parameters<typeof queryCases>[1][number]['schema'] }[] };
    const openapi = (await vb.app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Op>> };
    const routes = probedRoutes(declaredRoutes(vb.app)).filter((r) => r.method === 'GET');
    const failures: string[] = [];
    let tried = 0;
    let refused = 0;
    let server = 0;
    let skipped = 0;
    const classes = new Set<string>();
    for (const route of routes) {
      const op = openapi.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.get;
      const params = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema }));
      if (!params.length) continue;
      const example = exampleOf(route, world.own, world);
      const base = Object.fromEntries(Object.entries((example.query ?? {}) as Record<string, string>).map(([k, v]) => [k, String(v)]));
      for (const c of queryCases(fillPath(route, world.own, world), params, base)) {
        tried++;
        const answer = await send(vb, { method: 'GET', url: c.opts.url!, headers: world.cast.admin.auth });
        const fault = knownFault(route, c);
        const good = answer.status >= 400 && answer.status < 500 && inErrorModel(route, answer.contentType, answer.body);
        classes.add(c.cls);
        if (answer.status >= 500) server++;
        else if (answer.status >= 400) refused++;
        if (fault) skipped++;
        if (fault && good) failures.push(`GET ${route.url} ${c.cls} (${c.field}): now refused cleanly; remove the KNOWN_FAULTS entry (fault ${fault.fault})`);
        if (!fault && !good) failures.push(`GET ${route.url} ${c.cls} (${c.field}): ${answer.status} — ${answer.body.slice(0, 160)}`);
      }
    }
    assert.ok(tried > 20, `${tried} bad query strings`);
    if (kind === 'pglite') {
      writeSection('bad-query', `Read routes, as an administrator: ${[...classes].sort().join(', ')} in every query parameter of the OpenAPI document. `
        + `${tried} tried, ${refused} refused (4xx), ${server} answered 5xx, ${skipped} known faults not asserted (fault 10, listed in the test).`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${tried} bad query strings were not refused cleanly:\n${failures.join('\n')}`);
  });
});
