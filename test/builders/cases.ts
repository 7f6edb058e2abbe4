/**
 * Cases builders: a reported case, made through the cases service by a real reporter (their actor,
 * their scope), as the app does — never rows written by hand.
 */
import type { VillageBrain } from '../../src/app.ts';
import type { ReportInput } from '../../src/cases/index.ts';

export type Case = Awaited<ReturnType<VillageBrain['services']['cases']['report']>>;

/** The command room's two steps after a report: registered (by `registeredBy`, else `by`), then dispatched by `by` to `to`. */
export interface Dispatch {
  by: { id: string };
  to: { id: string };
  registeredBy?: { id: string };
}

/**
 * A case reported by `reporter` at a point: by default an ordinary 0201 (市容环境) report from the
 * grid worker's round, with a title of its own. With `dispatch` it is registered and dispatched too,
 * for tests about what comes after (signing, deadlines, the clocks); the case returned is as reported.
 */
export async function makeCase(
  vb: VillageBrain,
  reporter: { id: string },
  opts: { at: [number, number]; title?: string; dispatch?: Dispatch } & Partial<Omit<ReportInput, 'lon' | 'lat'>>,
): Promise<Case> {
  const { at, title, dispatch, ...rest } = opts;
  const actor = await vb.services.users.actorOf(reporter.id);
  const c = await vb.services.cases.report(actor, { title: title ?? `测试事件 ${crypto.randomUUID().slice(0, 6)}`, categoryCode: '0201', source: 'grid_worker', lon: at[0], lat: at[1], ...rest });
  if (dispatch) {
    await vb.services.cases.act(await vb.services.users.actorOf((dispatch.registeredBy ?? dispatch.by).id), c.id, { action: 'register' });
    await vb.services.cases.act(await vb.services.users.actorOf(dispatch.by.id), c.id, { action: 'dispatch', assigneeId: dispatch.to.id });
  }
  return c;
}
