/**
 * Ideas benchmark (issue 20 item 3; no figure named): the similar-idea hint — pg_trgm word_similarity on
 * two-character words, ranked nearest first through its GiST index (KNN, migration 0046) — over one village's 10,000 ideas, as a villager types;
 * beside it, in the same run on the same database, a plain indexed lookup of the same village's newest
 * five ideas (the b-tree on region and time). The ratio says what the hint costs over the cheapest read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCore } from '../src/app.ts';
import { ideas as ideasTable } from '../src/ideas/ideas.schema.ts';
import { bigrams } from '../src/ideas/search-text.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';
import { uuidv7 } from '../src/points/index.ts';
import { seededRandom } from '../src/demo/demo-data.ts';
import { areaFeatures } from '../test/helpers/factories.ts';
import { withDatabase } from './cases-bench.ts';
import { fmt, type BenchRow } from './lib.ts';

const PLACES = ['上余', '下余', '祠堂', '村口', '溪边', '文化礼堂', '美术馆', '停车场', '老年食堂', '村委会', '写生点', '小卖部'];
const THINGS = ['路灯', '垃圾分类桶', '引导牌', '停车位', '护栏', '座椅', '快递点', '健身器材', '公共厕所', '监控', '花坛', '排水沟'];
const ASKS = ['坏了需要修', '太少建议增加', '位置不方便建议挪一挪', '晚上看不清', '需要有人管理', '建议重新规划'];
const QUERIES = ['路灯坏了', '村口停车位太少', '美术馆引导牌', '垃圾分类桶', '溪边护栏', '快递代收点', '文化礼堂座椅', '修桥'];

async function once(env: Record<string, string>, label: string, n: number, queries: number): Promise<BenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-bench-ideas-'));
  const core = await buildCore(loadConfig({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { logger: createLogger('silent', { pretty: false }) });
  try {
    const s = core.services;
    const { features, area } = areaFeatures(11);
    await s.regions.importGeoJson(null, { type: 'FeatureCollection', features });
    const village = area.villages[0];
    const u = await s.users.createUser(null, { displayName: '村民', phone: `1372${String(process.pid % 1000).padStart(3, '0')}0001`, kind: 'resident', homeRegionCode: village, memberships: [{ role: 'resident', regionCode: village }] });
    const actor = await s.users.actorOf(u.id);
    // the ideas as rows (their proposal path is the API's, tested elsewhere): realistic, varied Chinese text
    const rand = seededRandom(20_261_207);
    const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
    const t0 = Date.now() - 365 * 86_400_000;
    for (let i = 0; i < n; i += 1000) {
      await core.platform.db.insert(ideasTable).values(Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
        const [place, thing, ask] = [pick(PLACES), pick(THINGS), pick(ASKS)];
        const at = new Date(t0 + (i + k) * 3_000_000);
        const [title, body] = [`${place}${thing}${ask}`.slice(0, 60), `${place}附近的${thing}${ask}，${pick(ASKS)}，希望村里考虑（第 ${i + k} 条）。`];
        return {
          id: uuidv7(at.getTime()), regionCode: village, title, body, searchText: bigrams(`${title} ${body}`),
          proposerId: u.id, state: 'collecting', supportMode: 'person', threshold: 10, supportDeadline: new Date(at.getTime() + 30 * 86_400_000), createdAt: at, updatedAt: at,
        };
      }));
    }
    await core.platform.database.raw('ANALYZE ideas', []);
    let found = 0;
    const h0 = performance.now();
    for (let q = 0; q < queries; q++) found += (await s.ideas.similar(actor, { text: QUERIES[q % QUERIES.length] })).items.length;
    const hintMs = (performance.now() - h0) / queries;
    const b0 = performance.now();
    for (let q = 0; q < queries; q++) await s.ideas.list(actor, { region: undefined, limit: 5 });
    const listMs = (performance.now() - b0) / queries;
    return {
      name: `ideas: similar-idea hint over one village's ${n.toLocaleString('en')} ideas (${label})`,
      value: `${fmt(hintMs, 2)} ms a hint (${fmt(found / queries, 1)} found on average)`,
      baseline: `${fmt(listMs, 2)} ms: the village's newest 5 ideas through the service (b-tree on region, time)`,
      ratio: fmt(hintMs / listMs, 2),
      target: 'under 100 ms while typing',
      ok: hintMs < 100,
    };
  } finally {
    await core.platform.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchIdeas(smoke: boolean): Promise<BenchRow[]> {
  const [n, q] = smoke ? [1_000, 16] : [10_000, 80];
  return [await once({}, 'PGlite', n, q), await withDatabase((url) => once({ DATABASE_URL: url }, 'PostgreSQL', n, q))];
}
