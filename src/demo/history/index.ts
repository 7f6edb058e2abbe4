/**
 * The demo's year of history, generated through the services from a seeded PRNG (the same seed gives
 * the same district): the people who work it, a year of cases with their timelines, reservoir
 * readings with a flood season, and what the cameras saw. Called by seedDemo on a first start. The
 * past goes in through the history paths of the telemetry ingest and the camera intake, which store it
 * at its own times and run nothing on it (no alarm rule, no speaker, no case): the cases a camera opened
 * are lived by the case history, and the camera history gives each its episode.
 */
import type { ModuleServices as Services } from '../../platform/module.ts';
import type { Platform } from '../../platform/context.ts';
import { TOWNSHIPS } from '../demo-data.ts';
import { seededRandom as mulberry } from '../demo-data.ts';
import { seedCameraHistory } from './camera-episodes.ts';
import { seedCaseHistory, type Village } from './cases.ts';
import { seedHistoryPeople } from './people.ts';
import { seedPointsHistory, type PointsHistoryResult } from './points.ts';
import { seedRankingsAndExpiry } from './points-rankings.ts';
import { seedReadingHistory } from './readings.ts';

export const DEMO_HISTORY_SEED = 20_201_226; // the day the "两难" groups were honoured (seed 003)

/**
 * The case rates in cases.ts are a busy district's (≈ 25 a village a year); the first start lives
 * 40 % of them (≈ 650 cases plus the 119 "两难") to stay well within a minute on PGlite.
 */
export const DEMO_CASE_SCALE = 0.4;

export interface HistoryOptions {
  seed?: number;
  /** The end of the history (default: now). */
  now?: Date;
  days?: number;
  /** Multiplies every case rate (default DEMO_CASE_SCALE). */
  scale?: number;
}

export interface HistoryResult {
  cases: number;
  transitions: number;
  lianNan: number;
  readings: number;
  /** Camera episodes and detections, and the episodes that opened a case of the case history. */
  cameraEpisodes: number;
  detections: number;
  cameraCases: number;
  points: PointsHistoryResult;
  ms: number;
  msBy: Record<string, number>;
}

export async function seedHistory(
  p: Platform, services: Services, codeByName: Map<string, string>, orgIds: Map<string, string>, known: Map<string, string>, opts: HistoryOptions = {},
): Promise<HistoryResult> {
  // the services log every report and transition at info: thousands of lines of a past nobody watched
  const level = p.log.level;
  if (p.log.isLevelEnabled('info')) p.log.level = 'warn';
  let result: HistoryResult;
  try {
    result = await generate(p, services, codeByName, orgIds, known, opts);
  } finally {
    p.log.level = level;
  }
  p.log.info(result, 'demo history seeded');
  return result;
}

async function generate(
  p: Platform, services: Services, codeByName: Map<string, string>, orgIds: Map<string, string>, known: Map<string, string>, opts: HistoryOptions,
): Promise<HistoryResult> {
  const started = Date.now();
  const seed = opts.seed ?? DEMO_HISTORY_SEED;
  const now = (opts.now ?? new Date()).getTime();
  const days = opts.days ?? 365;
  // one stream per part, so a change in one part leaves the others as they were
  const people = await seedHistoryPeople(services, codeByName, orgIds, mulberry(seed), known);
  const villages: Village[] = [];
  for (const t of TOWNSHIPS) {
    for (const v of t.villages) {
      const code = codeByName.get(v)!;
      const grids = await p.database.raw<{ lon: number; lat: number }>(
        'SELECT center_lon AS lon, center_lat AS lat FROM regions WHERE parent_code = $1 ORDER BY code', [code]);
      villages.push({ code, name: v, townshipCode: codeByName.get(t.name)!, grids: grids.length ? grids : await p.database.raw('SELECT center_lon AS lon, center_lat AS lat FROM regions WHERE code = $1', [code]) });
    }
  }
  const tPeople = Date.now();
  const readings = await seedReadingHistory(p, services, mulberry(seed + 1), now, days);
  const tReadings = Date.now();
  const { cameraCases, ...cases } = await seedCaseHistory(p, services, people, villages, mulberry(seed + 2), now, days, opts.scale ?? DEMO_CASE_SCALE);
  const tCases = Date.now();
  const cams = await seedCameraHistory(p, services, mulberry(seed + 3), now, days, cameraCases);
  const tCameras = Date.now();
  const points = await seedPointsHistory(p, services, codeByName, known, mulberry(seed + 4), now, days);
  p.log.info(await seedRankingsAndExpiry(p, services, codeByName, known, now), 'demo: points about to expire, last month\'s 红黑榜 of 余东村');
  return {
    ...cases, readings: readings.readings, cameraEpisodes: cams.episodes, detections: cams.detections, cameraCases: cams.linked, points, ms: Date.now() - started,
    msBy: { people: tPeople - started, readings: tReadings - tPeople, cases: tCases - tReadings, cameras: tCameras - tCases, points: Date.now() - tCameras },
  };
}
