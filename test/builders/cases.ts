/**
 * Cases builders: a reported case, made through the cases service by a real reporter (their actor,
 * their scope), as the app does — never rows written by hand.
 */
import type { VillageBrain } from '../../src/app.ts';
import type { ReportInput } from '../../src/cases/index.ts';

export type Case = Awaited<ReturnType<VillageBrain['services']['cases']['report']>>;

/**
 * A case reported by `reporter` at a point: by default an ordinary 0201 (市容环境) report from the
 * grid worker's round, with a title of its own.
 */
export async function makeCase(
  vb: VillageBrain,
  reporter: { id: string },
  opts: { at: [number, number]; title?: string } & Partial<Omit<ReportInput, 'lon' | 'lat'>>,
): Promise<Case> {
  const { at, title, ...rest } = opts;
  const actor = await vb.services.users.actorOf(reporter.id);
  return vb.services.cases.report(actor, { title: title ?? `测试事件 ${crypto.randomUUID().slice(0, 6)}`, categoryCode: '0201', source: 'grid_worker', lon: at[0], lat: at[1], ...rest });
}
