/**
 * The 数字党建 board: the area's members and branches, visits (网格走亲打卡) today and this month, the
 * twelve months' visits with those the review valued, and this month's branches by their members'
 * average service index (党员服务力). Aggregates only: a wall names no member.
 */
import type { PartyBoard as PartyBoardView } from '../../../../src/dashboard/dashboard.contract.ts';
import { t, tf } from '../../shared/i18n.ts';
import { FlipCounter, Panel, ROW_HEIGHT, Scroller } from './parts.tsx';
import { TrendChart } from './TrendChart.tsx';

export type { PartyBoardView };

export function PartyBoard({ board, now, scale }: { board: PartyBoardView; now: number; scale: number }) {
  const c = board.counts;
  const months = board.trend.months;
  const none = months.every((m) => m.visits === 0);
  const valuedRate = c.visitsMonth ? (c.valuedMonth / c.visitsMonth) * 100 : null;
  const branches = board.branches.items.map((b) => (
    <div className="sc-row" key={`${b.rank}-${b.name}`} data-testid="branch-row">
      <span className={`sc-rank${b.rank <= 3 ? ' sc-top' : ''}`}>{b.rank}</span>
      <span className="sc-grow">{b.name}</span>
      <span className="sc-time">{tf('sc_branchLine', { n: b.members, v: b.valuedLogs })}</span>
      <span className="sc-num">{b.average.toFixed(1)}</span>
    </div>
  ));
  return (
    <div className="sc-board" data-testid="board-party-body">
      <div className="sc-col">
        <Panel title={t('sc_partyCounts')} asOf={c.asOf} intervalSec={c.intervalSec} now={now} grow={0} testId="panel-party-counts">
          <div className="sc-counters">
            <FlipCounter label={t('sc_members')} value={c.members} testId="counter-members" />
            <FlipCounter label={t('sc_branches')} value={c.branches} min={2} testId="counter-branches" />
            <FlipCounter label={t('sc_visitsToday')} value={c.visitsToday} testId="counter-visits-today" />
            <FlipCounter label={t('sc_visitsMonth')} value={c.visitsMonth} testId="counter-visits-month" />
          </div>
        </Panel>
        <Panel title={t('sc_partyMonth')} asOf={c.asOf} intervalSec={c.intervalSec} now={now} testId="panel-party-month">
          <div className="sc-facts">
            <div><span>{t('sc_valuedMonth')}</span><b data-testid="valued-month">{c.valuedMonth}</b></div>
            <div><span>{t('sc_valuedRate')}</span><b>{valuedRate === null ? '—' : `${Math.round(valuedRate)}%`}</b></div>
            <div><span>{t('sc_retired')}</span><b>{c.retired}</b></div>
          </div>
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_partyTrend')} asOf={board.trend.asOf} intervalSec={board.trend.intervalSec} now={now} grow={3} testId="panel-party-trend">
          {none ? <div className="sc-empty">{t('sc_noVisits')}</div> : (
            <TrendChart testId="party-trend" x={months.map((m) => `${Number(m.month.slice(5))}月`)} bars={months.map((m) => m.visits)} line={months.map((m) => m.valued)}
              barLabel={t('sc_visits')} lineLabel={t('sc_valued')} scale={scale} />
          )}
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_branchRank')} asOf={board.branches.asOf} intervalSec={board.branches.intervalSec} now={now} testId="panel-branches">
          {branches.length ? <Scroller rows={branches} visible={Math.floor(780 / ROW_HEIGHT)} testId="branches" /> : <div className="sc-empty">{t('sc_noData')}</div>}
        </Panel>
      </div>
    </div>
  );
}
