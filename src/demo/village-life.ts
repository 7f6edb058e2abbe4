/**
 * "Village life": while the demo runs (`npm start`, DEMO_LIFE, never in production), the district keeps
 * moving through the same entry points as real devices and people — a reading from every reservoir
 * device each tick (a minute), a few reports and camera detections an hour, and every demo camera's
 * heartbeat so it stays online. Levels continue from the last stored reading.
 */
import type { ModuleServices as Services } from '../platform/module.ts';
import type { Actor } from '../platform/access.ts';
import type { Platform } from '../platform/context.ts';
import { DEMO_CAMERAS, demoCameraToken } from './cameras.ts';
import { seededRandom } from './demo-data.ts';
import { readingKeys } from '../sensors/index.ts';
import { DEMO_RESERVOIRS, demoToken } from './reservoirs.ts';

export interface VillageLifeOptions {
  /** Tick length (default a minute). */
  intervalMs?: number;
  /** Expected reports and detections an hour (default 3 and 2). */
  reportsPerHour?: number;
  detectionsPerHour?: number;
  seed?: number;
}

const REPORTS = [
  { category: '0102', title: '路边暴露垃圾' }, { category: '0201', title: '电线杆上小广告' }, { category: '1501', title: '咨询医保办理' },
  { category: '1301', title: '邻里噪音纠纷' }, { category: '0101', title: '院外违建棚子' },
];
const DETECTIONS: { camera: string; type: string }[] = [
  { camera: '府山1号垃圾桶点', type: '895' }, { camera: '府山3号垃圾桶点', type: '895' }, { camera: '沟溪哨兵2', type: 'smoke_fire' },
  { camera: '杨家源水库岸边', type: 'person_at_water' }, { camera: '府山街口2', type: 'street_vendor' },
];

export class VillageLife {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rand: () => number;
  private levels = new Map<string, number>(); // water-level token → last level
  private residents: Actor[] | null = null;
  ticks = 0;

  constructor(private p: Platform, private services: Services, private o: VillageLifeOptions = {}) {
    this.rand = seededRandom(o.seed ?? Date.now());
  }

  start(): void {
    if (this.timer) return;
    const ms = this.o.intervalMs ?? 60_000;
    this.timer = setInterval(() => void this.tick(), ms);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One tick; never overlaps the previous one, never throws (a failed tick is logged and skipped). */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.once().catch((err: unknown) => this.p.log.warn({ err }, 'village life tick failed')).finally(() => (this.running = null));
    return this.running;
  }

  private async once(): Promise<void> {
    const now = Date.now();
    const hoursPerTick = (this.o.intervalMs ?? 60_000) / 3_600_000;
    await this.readings(now);
    for (const [i] of DEMO_CAMERAS.entries()) {
      await this.services.cameraIntake.take('http', demoCameraToken(i), { kind: 'json', text: '{"heartbeat": true}' }).catch(() => undefined);
    }
    if (this.rand() < (this.o.reportsPerHour ?? 3) * hoursPerTick) await this.report();
    if (this.rand() < (this.o.detectionsPerHour ?? 2) * hoursPerTick) await this.detect(now);
    this.ticks++;
  }

  private async readings(now: number): Promise<void> {
    const month = new Date(now + 8 * 3_600_000).getUTCMonth() + 1;
    const raining = this.rand() < (month >= 4 && month <= 9 ? 0.15 : 0.05);
    for (const [i, r] of DEMO_RESERVOIRS.entries()) {
      const token = demoToken(i, 'water_level');
      let level = this.levels.get(token) ?? (await this.lastLevel(token)) ?? r.base - 1;
      const rain = raining ? Math.round(this.rand() * 3 * 10) / 10 : 0;
      level = Math.round((level + rain * 0.005 - 0.0004 + (this.rand() - 0.5) * 0.002) * 1000) / 1000;
      this.levels.set(token, level);
      const send = (kind: string, values: Record<string, number>) =>
        this.services.ingest.take('http', demoToken(i, kind), JSON.stringify({ ts: now, values })).catch(() => undefined);
      await send('water_level', { level }); // the documented keys (reading-keys.ts), as a real gauge sends them
      await send('rainfall', { rain });
      if (r.seepage) await send('seepage_pressure', { value: Math.round((18 + (level - r.base) * 6) * 100) / 100 });
    }
  }

  private async lastLevel(token: string): Promise<number | null> {
    const device = await this.services.ingest.deviceOf(token);
    if (!device) return null;
    const [row] = await this.p.database.raw<{ value: number }>(
      "SELECT value FROM sensor_readings WHERE device_id = $1 AND key = ANY($2::text[]) ORDER BY ts DESC LIMIT 1", [device.id, readingKeys('water_level')]);
    return row ? Number(row.value) : null;
  }

  private async report(): Promise<void> {
    this.residents ??= await this.loadResidents();
    if (this.residents.length === 0) return;
    const who = this.residents[Math.floor(this.rand() * this.residents.length)];
    const what = REPORTS[Math.floor(this.rand() * REPORTS.length)];
    const [place] = await this.p.database.raw<{ lon: number; lat: number; name: string }>(
      'SELECT center_lon AS lon, center_lat AS lat, name FROM regions WHERE code = $1', [who.homeRegionCode]);
    if (!place) return;
    // near the village centre, inside a grid (the demo's grids are cut to the real district outline)
    const near = { lon: place.lon + (this.rand() - 0.5) * 0.002, lat: place.lat + (this.rand() - 0.5) * 0.002 };
    const at = (await this.services.regions.locate(near.lon, near.lat).catch(() => null)) ? near : place;
    await this.services.cases.report(who, {
      title: `${place.name}${what.title}`, categoryCode: what.category, source: 'resident', lon: at.lon, lat: at.lat,
    });
  }

  private async loadResidents(): Promise<Actor[]> {
    const rows = await this.p.database.raw<{ id: string }>(
      "SELECT id FROM users WHERE kind = 'resident' AND home_region_code IS NOT NULL ORDER BY created_at LIMIT 200", []);
    return Promise.all(rows.map((r) => this.services.users.actorOf(r.id)));
  }

  private async detect(now: number): Promise<void> {
    const d = DETECTIONS[Math.floor(this.rand() * DETECTIONS.length)];
    const i = DEMO_CAMERAS.findIndex((c) => c.name === d.camera);
    if (i < 0) return;
    const body = JSON.stringify({ type: d.type, confidence: 0.9, time: now, region: '1' });
    await this.services.cameraIntake.take('http', demoCameraToken(i), { kind: 'json', text: body });
  }
}
