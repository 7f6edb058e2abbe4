/**
 * Seeds the demo region through the public services (so the demo goes through the same validation
 * as a real import): regions and grids as GeoJSON, organisations, staff of every role, residents.
 */
import type { ModuleServices as Services } from '../platform/module.ts';
import { seedCameras } from './cameras.ts';
import { seedBulletins } from './bulletins.ts';
import { seedCredit } from './credit.ts';
import { seedHouseholds } from './households.ts';
import { seedPartywork, type PartyworkDemoResult } from './partywork.ts';
import { seedPartyworkOrgs } from './partywork-orgs.ts';
import { seedHistory, type HistoryOptions, type HistoryResult } from './history/index.ts';
import { DEMO_RESERVOIRS, seedReservoirs } from './reservoirs.ts';
import { seedPlaces } from './places.ts';
import { seedShop } from './shop.ts';
import { seedIdeas } from './ideas.ts';
import { clipToOutline, DISTRICT_OUTLINE, outlineLattice } from './outline-fit.ts';
import type { Platform } from '../platform/context.ts';
import type { OrganisationKind } from '../people/index.ts';
import {
  CITY, DEMO_PASSWORD, DEMO_RESIDENTS, DEMO_STAFF, DISTRICT, gridOf, PROVINCE,
  seededRandom, subdivideLattice, TOWNSHIPS,
} from './demo-data.ts';

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: [number, number][][] } | null;
}

export interface DemoSeedResult {
  seeded: boolean;
  regions: number;
  organisations: number;
  users: number;
  /** The year of history, when seeded (DEMO_HISTORY). */
  history?: HistoryResult;
  partywork?: PartyworkDemoResult;
}

/** The demo's regions as one GeoJSON FeatureCollection (deterministic). */
export function demoRegionFeatures(): { features: Feature[]; codeByName: Map<string, string> } {
  const rand = seededRandom(330802);
  const features: Feature[] = [];
  const codeByName = new Map<string, string>();
  const poly = (ring: [number, number][]) => ({ type: 'Polygon' as const, coordinates: [ring] });
  features.push({ type: 'Feature', properties: { code: PROVINCE.code, name: PROVINCE.name, name_en: PROVINCE.nameEn }, geometry: null });
  features.push({ type: 'Feature', properties: { code: CITY.code, name: CITY.name, name_en: CITY.nameEn }, geometry: null });
  // the real district outline; townships, villages and grids are synthetic cells fitted and cut to it
  features.push({ type: 'Feature', properties: { code: DISTRICT.code, name: DISTRICT.name, name_en: DISTRICT.nameEn }, geometry: poly(DISTRICT_OUTLINE) });
  codeByName.set('district', DISTRICT.code);
  const cellsOf = (area: [number, number][], cols: number, rows: number, jitter: number) =>
    subdivideLattice(outlineLattice(area, rows), cols, rows, jitter, rand).map((cell) => {
      const ring = clipToOutline(cell, area);
      if (!ring) throw new Error('demo geometry: an empty cell'); // the fitted lattice gives none (test/demo-geometry.test.ts)
      return ring;
    });

  const townshipCells = cellsOf(DISTRICT_OUTLINE, 4, 4, 0.35);
  TOWNSHIPS.forEach((t, ti) => {
    const tCode = `330802${t.serial}000`;
    codeByName.set(t.name, tCode);
    const tRing = townshipCells[ti];
    features.push({ type: 'Feature', properties: { code: tCode, name: t.name, name_en: t.nameEn }, geometry: poly(tRing) });
    const villageCells = cellsOf(tRing, 2, 2, 0.4);
    let community = 1;
    let village = 201;
    t.villages.forEach((vName, vi) => {
      const serial = vName.endsWith('社区') ? community++ : village++;
      const vCode = `330802${t.serial}${String(serial).padStart(3, '0')}`;
      codeByName.set(vName, vCode);
      const vRing = villageCells[vi];
      features.push({ type: 'Feature', properties: { code: vCode, name: vName }, geometry: poly(vRing) });
      const gridCols = 2;
      const gridRows = rand() < 0.5 ? 1 : 2;
      cellsOf(vRing, gridCols, gridRows, 0.3).forEach((gRing, gi) => {
        const gCode = `${vCode}${String(gi + 1).padStart(3, '0')}`;
        features.push({
          type: 'Feature',
          properties: { code: gCode, name: `${vName}第${gi + 1}网格`, households: 300 + Math.floor(rand() * 200) },
          geometry: poly(gRing),
        });
      });
    });
  });
  return { features, codeByName };
}

const ORG_NAMES: Record<OrganisationKind, (place: string) => string> = {
  command_room: (p) => `${p}综合信息指挥室`,
  enforcement: (p) => `${p}综合行政执法中队`,
  water_bureau: (p) => `${p}水利局`,
  cleaning: (p) => `${p}城市环境保洁公司`,
  property: (p) => `${p}恒信物业`,
  bank: (p) => `${p}农商银行`,
  department: (p) => `${p}职能部门`,
  village_committee: (p) => (p.endsWith('社区') ? `${p}居委会` : `${p}村委会`),
  mediation: (p) => `${p}矛盾纠纷调解中心`,
  market_regulation: (p) => `${p}市场监督管理局`,
};

/** `history`: a year of history too (default: the DEMO_HISTORY setting; options fix seed and end). */
export async function seedDemo(p: Platform, services: Services, opts: { history?: boolean | HistoryOptions } = {}): Promise<DemoSeedResult> {
  if (await services.regions.exists(DISTRICT.code)) {
    return { seeded: false, regions: await services.regions.count(), organisations: 0, users: 0 };
  }
  const { features, codeByName } = demoRegionFeatures();
  const report = await services.regions.importGeoJson(null, { type: 'FeatureCollection', features });
  if (report.overlaps.length || report.gaps.length) p.log.warn({ overlaps: report.overlaps.length, gaps: report.gaps.length }, 'demo geometry warnings');

  // organisations: district-level bodies, a command room and an enforcement squad per township, a committee per village
  const orgIds = new Map<string, string>(); // `${regionCode}:${kind}` → id
  const addOrg = async (regionCode: string, place: string, kind: OrganisationKind) => {
    const o = await services.users.createOrganisation(null, { name: ORG_NAMES[kind](place), kind, regionCode });
    orgIds.set(`${regionCode}:${kind}`, o.id);
  };
  for (const kind of ['command_room', 'enforcement', 'water_bureau', 'cleaning', 'property', 'bank', 'mediation', 'market_regulation'] as const) {
    await addOrg(DISTRICT.code, '柯城区', kind);
  }
  for (const t of TOWNSHIPS) {
    const tCode = codeByName.get(t.name)!;
    await addOrg(tCode, t.name, 'command_room');
    await addOrg(tCode, t.name, 'enforcement');
    if (t.name === '府山街道') await addOrg(tCode, t.name, 'cleaning'); // the area's cleaning company, measured by its bins
    for (const v of t.villages) await addOrg(codeByName.get(v)!, v, 'village_committee');
  }

  const known = new Map<string, string>(); // username or phone → id, for the history's people
  for (const s of DEMO_STAFF) {
    const regionCode = codeByName.get(s.at)!;
    const u = await services.users.createUser(null, {
      username: s.username, displayName: s.displayName, password: DEMO_PASSWORD, kind: 'staff', homeRegionCode: regionCode, phone: s.phone ?? null,
      memberships: [{ role: s.role, regionCode, organisationId: s.org ? orgIds.get(`${regionCode}:${s.org}`) ?? null : null }],
    });
    known.set(s.username, u.id);
  }
  const sensors = await seedReservoirs(p, services, codeByName);
  p.log.info({ reservoirs: DEMO_RESERVOIRS.length, devices: sensors }, 'demo reservoirs seeded');
  const cams = await seedCameras(p, services, codeByName, orgIds);
  p.log.info({ cameras: cams }, 'demo cameras seeded');
  for (const r of DEMO_RESIDENTS) {
    const regionCode = r.at ? codeByName.get(r.at)! : null;
    const u = await services.users.createUser(null, {
      displayName: r.displayName, phone: r.phone, kind: r.kind, homeRegionCode: regionCode && r.grid ? gridOf(regionCode, r.grid) : regionCode,
      memberships: regionCode ? [{ role: r.kind, regionCode }] : [],
    });
    known.set(r.phone, u.id);
  }
  p.log.info({ regions: features.length, organisations: orgIds.size, users: DEMO_STAFF.length + DEMO_RESIDENTS.length }, 'demo data seeded');
  const wantHistory = opts.history ?? p.config.demoHistory;
  const history = wantHistory ? await seedHistory(p, services, codeByName, orgIds, known, typeof wantHistory === 'object' ? wantHistory : {}) : undefined;
  // households last: they group the history's residents too
  p.log.info({ households: await seedHouseholds(services, codeByName, known, wantHistory ? (typeof wantHistory === 'object' && wantHistory.now) || new Date() : null) }, 'demo households seeded');
  // party work after the households (its 联户 tasks name them); its visits live on the history's clock
  const partywork = await seedPartywork(p, services, codeByName, known, wantHistory ? { now: (typeof wantHistory === 'object' && wantHistory.now) || new Date() } : null);
  p.log.info(partywork, 'demo party work seeded');
  p.log.info(await seedPartyworkOrgs(p, services, codeByName, known, wantHistory ? { now: (typeof wantHistory === 'object' && wantHistory.now) || new Date() } : null), 'demo area indices seeded');
  p.log.info(await seedShop(p, services, codeByName, known, wantHistory ? { now: (typeof wantHistory === 'object' && wantHistory.now) || new Date() } : null), 'demo points shop seeded');
  p.log.info(await seedPlaces(p, services, codeByName, known, orgIds), 'demo places seeded');
  p.log.info(await seedCredit(p, services, codeByName, known, wantHistory ? (typeof wantHistory === 'object' && wantHistory.now) || new Date() : new Date()), 'demo credit seeded');
  p.log.info(await seedIdeas(services, codeByName, known, wantHistory ? (typeof wantHistory === 'object' && wantHistory.now) || new Date() : new Date()), 'demo ideas and polls seeded');
  // bulletins last: they count the history's cases (without history there is nothing to rank)
  if (wantHistory) p.log.info(await seedBulletins(services, codeByName, (typeof wantHistory === 'object' && wantHistory.now) || new Date()), 'demo bulletins seeded');
  return { seeded: true, regions: features.length, organisations: orgIds.size, users: DEMO_STAFF.length + DEMO_RESIDENTS.length, history, partywork };
}

/** Lines printed at start so a new user knows how to log in. */
export function demoLoginLines(): string[] {
  return [
    `  Staff (password "${DEMO_PASSWORD}"):`,
    ...DEMO_STAFF.map((s) => `    ${s.username.padEnd(18)} ${s.role.padEnd(12)} ${s.displayName}`),
    '  Residents / tourists (phone + one-time code; in development the code is printed in this log):',
    ...DEMO_RESIDENTS.map((r) => `    ${r.phone.padEnd(18)} ${r.kind.padEnd(12)} ${r.displayName}`),
  ];
}
