/**
 * The 智慧便民 board: what people asked for through their own channels (村民, 游客, 热线, Open311) today and
 * over 30 days, how fast the area first answered and how satisfied people were, and the points residents
 * earned this month by rule. Aggregates only.
 */
import type { ServiceBoard as ServiceBoardView } from '../../../../src/dashboard/dashboard.contract.ts';
import { isKey, t, tf, type Key } from '../../shared/i18n.ts';
import { Bars, FlipCounter, Panel } from './parts.tsx';
import { TrendChart } from './TrendChart.tsx';

export type { ServiceBoardView };

const word = (key: string, fallback: string) => (isKey(key) ? t(key as Key) : fallback);

/** Minutes as the wall says them: 45 分钟, 3.5 小时. */
const duration = (min: number | null) => (min === null ? '—' : min < 90 ? tf('sc_minutes', { n: Math.round(min) }) : tf('sc_hours', { n: (min / 60).toFixed(1) }));

export function ServiceBoard({ board, now, scale }: { board: ServiceBoardView; now: number; scale: number }) {
  const c = board.counts;
  const days = board.trend.days;
  const none = days.every((d) => d.reported === 0 && d.closed === 0);
  const p = board.points;
  return (
    <div className="sc-board" data-testid="board-service-body">
      <div className="sc-col">
        <Panel title={t('sc_requests')} asOf={c.asOf} intervalSec={c.intervalSec} now={now} grow={0} testId="panel-requests">
          <div className="sc-counters">
            <FlipCounter label={t('sc_requestsToday')} value={c.reportedToday} testId="counter-requests-today" />
            <FlipCounter label={t('sc_requests30')} value={c.reported30} testId="counter-requests-30" />
          </div>
          <div className="sc-facts" style={{ marginTop: 14 }}>
            <div><span>{t('sc_closed30')}</span><b data-testid="closed-30">{c.closed30}</b></div>
            <div><span>{t('sc_firstResponse')}</span><b>{duration(c.firstResponseMinutes)}</b></div>
            <div><span>{t('sc_satisfaction')}</span><b>{c.satisfaction === null ? '—' : `${Math.round(c.satisfaction)}%`}</b></div>
          </div>
        </Panel>
        <Panel title={t('sc_channels')} asOf={board.bySource.asOf} intervalSec={board.bySource.intervalSec} now={now} testId="panel-channels">
          <Bars testId="channels" items={board.bySource.items.map((s) => ({ label: word(`source_${s.source}`, s.source), count: s.count }))} />
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_requestsTrend')} asOf={board.trend.asOf} intervalSec={board.trend.intervalSec} now={now} grow={3} testId="panel-requests-trend">
          {none ? <div className="sc-empty">{t('sc_noRequests')}</div> : (
            <TrendChart testId="service-trend" x={days.map((d) => d.day.slice(5))} bars={days.map((d) => d.reported)} line={days.map((d) => d.closed)}
              barLabel={t('sc_reported')} lineLabel={t('sc_closed')} scale={scale} />
          )}
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={tf('sc_pointsMonth', { month: `${Number(p.month.slice(5))}` })} asOf={p.asOf} intervalSec={p.intervalSec} now={now} grow={0} testId="panel-points">
          <div className="sc-counters">
            <FlipCounter label={t('sc_pointsEarned')} value={p.earned} min={4} testId="counter-points" />
            <FlipCounter label={t('sc_pointsPeople')} value={p.people} testId="counter-points-people" />
          </div>
        </Panel>
        <Panel title={t('sc_pointsByRule')} asOf={p.asOf} intervalSec={p.intervalSec} now={now} testId="panel-points-rules">
          <Bars testId="points-rules" items={p.byRule.map((r) => ({ label: r.rule, count: r.points }))} />
        </Panel>
      </div>
    </div>
  );
}
