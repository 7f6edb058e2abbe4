/**
 * A process that opens cases from a source as fast as it can, for test/from-source-crash.test.ts to kill
 * with SIGKILL: `SourceCases.open` for refs kill9:0 … kill9:<N-1>, four at a time, registered and
 * dispatched to a grid worker, each linking an audit row on the same transaction. It prints
 * `ACK <ref> <created>` once a case is acknowledged (committed) and `DONE` at the end.
 */
import { buildCore } from '../../src/app.ts';
import { writeAudit } from '../../src/platform/audit.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { createLogger } from '../../src/platform/logger.ts';

const { N, LON, LAT, PGLITE_DIR, WORKER } = process.env;
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SWEEP_INTERVAL_MS: '0', CAMERA_TICK_MS: '0', DEMO_HISTORY: 'false', DEMO_LIFE: 'false' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: PGLITE_DIR ?? null, holder: 'source-case child' });
const { services } = await buildCore(config, { database, logger: createLogger('silent', { pretty: false }), migrate: false });
const lon = Number(LON);
const lat = Number(LAT);
const place = await services.sourceCases.place(lon, lat);
const dispatch = { assigneeId: WORKER! }; // as a reservoir alarm dispatches to the asset's grid worker
let next = 0;
const total = Number(N);
async function worker(): Promise<void> {
  while (next < total) {
    const ref = `kill9:${next++}`;
    const r = await services.sourceCases.open({
      source: 'sensor', sourceRef: ref, title: '测试水库水位告警', description: 'kill -9 test', categoryCode: '1202', severity: 'urgent',
      lon, lat, place, register: {}, dispatch,
      link: (tx, made) => writeAudit(tx, { actorId: null, action: 'kill9.linked', entity: 'case', entityId: made.id, details: { ref } }),
    });
    process.stdout.write(`ACK ${ref} ${r.created}\n`);
  }
}
await Promise.all([worker(), worker(), worker(), worker()]);
process.stdout.write('DONE\n');
await database.close();
process.exit(0);
