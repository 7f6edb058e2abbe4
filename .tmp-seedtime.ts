import { createTestApp } from '/work/wt-demo/test/helpers/app.ts';
import { seedDemo } from '/work/wt-demo/src/demo/seed-demo.ts';
const t = await createTestApp('pglite');
const s = Date.now();
const r = await seedDemo(t.platform, t.services, { history: { now: new Date('2026-11-29T03:00:00Z'), scale: Number(process.env.SCALE ?? 1) } });
console.log(JSON.stringify(r.history), 'total', Date.now() - s);
const k = await t.platform.database.raw("SELECT state, count(*)::int n FROM cases GROUP BY 1 ORDER BY 1", []);
console.log(k);
process.exit(0);
