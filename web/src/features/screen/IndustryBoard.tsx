/**
 * The 数字产业 board: the area's published homestays by 浙江 grade and their rooms, its other listings
 * (restaurants, sights, venues, products of 未来商城), and its enterprises and 共富工坊 — the jobs they
 * give villagers and their yearly output. Listings only: no person is named.
 */
import type { IndustryBoard as IndustryBoardView } from '../../../../src/dashboard/dashboard.contract.ts';
import { t, tf } from '../../shared/i18n.ts';
import { Bars, FlipCounter, Panel } from './parts.tsx';

export type { IndustryBoardView };

const GRADES = ['platinum', 'gold', 'silver', 'ungraded'] as const;
const LISTED = ['restaurant', 'sight', 'venue', 'shop', 'product', 'parking', 'toilet'] as const;

export function IndustryBoard({ board, now }: { board: IndustryBoardView; now: number }) {
  const h = board.homestays;
  const u = board.units;
  const listed = board.places;
  const nothing = Object.values(listed.byKind).every((n) => n === 0);
  return (
    <div className="sc-board" data-testid="board-industry-body">
      <div className="sc-col">
        <Panel title={t('sc_homestays')} asOf={h.asOf} intervalSec={h.intervalSec} now={now} grow={0} testId="panel-homestays">
          <div className="sc-counters">
            <FlipCounter label={t('sc_homestaysCount')} value={h.total} testId="counter-homestays" />
            <FlipCounter label={t('sc_rooms')} value={h.rooms} testId="counter-rooms" />
          </div>
        </Panel>
        <Panel title={t('sc_grades')} asOf={h.asOf} intervalSec={h.intervalSec} now={now} testId="panel-grades">
          {h.total === 0 ? <div className="sc-empty">{t('sc_noListings')}</div>
            : <Bars testId="grades" items={GRADES.map((g) => ({ label: t(`sc_grade_${g}`), count: h.byGrade[g] ?? 0 }))} />}
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_listings')} asOf={listed.asOf} intervalSec={listed.intervalSec} now={now} testId="panel-listings">
          {nothing ? <div className="sc-empty">{t('sc_noListings')}</div>
            : <Bars testId="listings" items={LISTED.map((k) => ({ label: t(`sc_kind_${k}`), count: listed.byKind[k] ?? 0 }))} />}
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_enterprises')} asOf={u.asOf} intervalSec={u.intervalSec} now={now} grow={0} testId="panel-enterprises">
          <div className="sc-counters">
            <FlipCounter label={t('sc_units')} value={u.totals.enterprises + u.totals.workshops} testId="counter-units" />
            <FlipCounter label={t('sc_jobs')} value={u.totals.jobsForVillagers} testId="counter-jobs" />
            <FlipCounter label={t('sc_output')} value={Math.round(u.totals.yearlyOutputWan)} unit={t('sc_wan')} testId="counter-output" />
          </div>
        </Panel>
        <Panel title={t('sc_unitList')} asOf={u.asOf} intervalSec={u.intervalSec} now={now} testId="panel-unit-list">
          {u.items.length === 0 ? <div className="sc-empty">{t('sc_noUnits')}</div> : u.items.map((x, i) => (
            <div className="sc-row" key={`${x.village}-${x.name}`} data-testid="unit-row">
              <span className={`sc-rank${i < 3 ? ' sc-top' : ''}`}>{i + 1}</span>
              <span className="sc-grow">{x.name} · {x.village}{x.kind === 'workshop' ? ` · ${t('sc_workshop')}` : ''}</span>
              <span className="sc-num">{x.jobsForVillagers === null ? '' : tf('sc_jobsN', { n: x.jobsForVillagers })}</span>
            </div>
          ))}
        </Panel>
      </div>
    </div>
  );
}
