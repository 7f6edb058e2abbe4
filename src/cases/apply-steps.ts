/**
 * Several transitions of one case as one (立案并派遣: register, then dispatch): one transaction that
 * locks the row, checks it is still the version the decisions were made on, writes the row once and
 * appends each step's own timeline entry and events — all of them or none.
 */
import type { Platform } from '../platform/context.ts';
import type { Db } from '../platform/db/index.ts';
import { emitEvent } from '../platform/events.ts';
import * as repo from './cases.repository.ts';

/** False when another transition got there first (the caller decides again). */
export async function applySteps(p: Platform, writes: repo.TransitionWrite[]): Promise<boolean> {
  const [first] = writes;
  return p.tx(async (tx: Db) => {
    const locked = await repo.findCase(tx, first.id, true);
    if (!locked || locked.version !== first.version) return false;
    await repo.updateCase(tx, first.id, Object.assign({}, ...writes.map((w) => w.set)));
    for (const w of writes) {
      await repo.appendTimeline(tx, { caseId: w.id, ...w.timeline });
      for (const e of w.events) await emitEvent(tx, e.type, e.payload, { regionCode: w.regionCode, aggregateId: w.id });
    }
    return true;
  });
}
