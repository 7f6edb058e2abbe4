/**
 * The big screen (大屏) at /screen/<region>, full window, for a leader or a command room (their session)
 * or a wall (/screen/<region>?kiosk=<token>). Designed at 1920×1080 and scaled as a whole with a CSS
 * transform to fit the window, letterboxed, never stretched (a 3840×1080 wall shows it twice as large,
 * centred). Boards: 智慧治理, 数字党建 and 智慧便民 (live), and frames that say what the others will show. A wall may
 * open on a board (`?board=party`) and turn through the live ones (`?rotate=<seconds>`, at least 15).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { isKey, t, tf, type Key } from '../../shared/i18n.ts';
import { Bars, FlipCounter, Panel, ROW_HEIGHT, Scroller, shanghaiTime } from './parts.tsx';
import { PartyBoard, type PartyBoardView } from './PartyBoard.tsx';
import { PIN_LEGEND, ScreenMapView } from './ScreenMapView.tsx';
import { ServiceBoard, type ServiceBoardView } from './ServiceBoard.tsx';
import { IndustryBoard, type IndustryBoardView } from './IndustryBoard.tsx';
import { TrendChart } from './TrendChart.tsx';
import { untilNightlyReload } from './nightly.ts';
import { useBoard } from './useBoard.ts';
import { screenAddress, screenHref, useScreen, type ScreenView } from './useScreen.ts';
import './screen.css';

const W = 1920;
const H = 1080;
type Board = 'party' | 'governance' | 'service' | 'industry';
const BOARDS: Board[] = ['party', 'governance', 'service', 'industry'];
/** The boards with figures (a wall's rotation turns through these). */
const LIVE: Board[] = ['governance', 'party', 'service'];

/** `?board=` and `?rotate=` of the wall's address. */
function wallOptions(): { first: Board; rotateMs: number | null } {
  const q = new URLSearchParams(location.search);
  const b = q.get('board') as Board | null;
  const sec = Number(q.get('rotate'));
  return { first: b && BOARDS.includes(b) ? b : 'governance', rotateMs: Number.isFinite(sec) && sec > 0 ? Math.max(15, sec) * 1000 : null };
}

/**
 * The nightly reload, only when the server answers (a wall whose server is away keeps its figures and
 * its stale badges rather than a browser error page); the page is dark from its first paint (index.html),
 * so the reload shows no white flash.
 */
function useNightlyReload(): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const plan = (ms: number) => {
      timer = setTimeout(() => {
        fetch('/healthz', { cache: 'no-store' }).then((r) => (r.ok ? location.reload() : plan(5 * 60_000)), () => plan(5 * 60_000));
      }, ms);
    };
    plan(untilNightlyReload(Date.now()));
    return () => clearTimeout(timer);
  }, []);
}

/** The board shown: chosen by a click, or turned by the wall's rotation. */
function useBoardChoice(): [Board, (b: Board) => void] {
  const [{ first, rotateMs }] = useState(wallOptions);
  const [board, setBoard] = useState<Board>(first);
  useEffect(() => {
    if (!rotateMs) return;
    const i = setInterval(() => setBoard((b) => LIVE[(LIVE.indexOf(b) + 1) % LIVE.length]), rotateMs);
    return () => clearInterval(i);
  }, [rotateMs]);
  return [board, setBoard];
}

/** The stage's scale and offset for the window: the whole design fits, centred, aspect kept. */
function useFit(): { scale: number; left: number; top: number } {
  const fit = () => {
    const scale = Math.min(window.innerWidth / W, window.innerHeight / H);
    return { scale, left: (window.innerWidth - W * scale) / 2, top: (window.innerHeight - H * scale) / 2 };
  };
  const [f, setF] = useState(fit);
  useEffect(() => {
    const on = () => setF(fit());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return f;
}

/** The clock: one timer for the page (the title's time and the panels' stale badges). */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const i = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(i);
  }, []);
  return now;
}

/** A ticker row's time: hh:mm today, MM-DD hh:mm before (Asia/Shanghai). */
const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const when = (at: string, now: number) => {
  const ms = Date.parse(at);
  const hm = shanghaiTime(new Date(ms)).slice(0, 5);
  return shanghaiDay(ms) === shanghaiDay(now) ? hm : `${shanghaiDay(ms).slice(5)} ${hm}`;
};
const word = (key: string, fallback: string) => (isKey(key) ? t(key as Key) : fallback);
/** 雨情 in one line for the title bar (the area's rain gauges; a wall without gauges says so). */
function rainLine(r: ScreenView['rain']['summary']): string {
  if (r.gauges === 0) return t('sc_rainNoGauge');
  if (r.reporting === 0) return t('sc_rainSilent');
  if (!r.last24h.wettest) return t('sc_rainNone');
  const day = tf('sc_rain24', { mean: String(r.last24h.mean), max: String(r.last24h.max), where: r.last24h.wettest });
  return r.lastHour.wettest ? day + tf('sc_rainHour', { max: String(r.lastHour.max) }) : day;
}
const dateLine = (d: Date) => d.toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });

export function ScreenPage() {
  const address = useMemo(screenAddress, []);
  const { view, map, refused, failing } = useScreen(address);
  const { scale, left, top } = useFit();
  const now = useNow();
  const [board, setBoard] = useBoardChoice();
  useNightlyReload();
  const party = useBoard<PartyBoardView>(address, 'party', board === 'party' && !refused);
  const service = useBoard<ServiceBoardView>(address, 'service', board === 'service' && !refused);
  const industry = useBoard<IndustryBoardView>(address, 'industry', board === 'industry' && !refused);
  const regionName = view?.region.name ?? map?.region.name ?? '';
  // a township or village clicked on the map: its screen, with the way back to this one
  const drill = useCallback((code: string) => location.assign(screenHref(code, address.region)), [address]);

  useEffect(() => {
    document.title = tf('sc_title', { region: regionName });
  }, [regionName]);

  return (
    <div className="sc-wall">
      <div className="sc-stage" style={{ transform: `translate(${left}px, ${top}px) scale(${scale})` }} data-testid="screen-stage">
        {refused ? (
          <div className="sc-message" data-testid="screen-refused">
            <h1>{t('sc_refused')}</h1>
            <p>{errorText(refused)}</p>
            {/* a kiosk's refusal already says whom to ask */}
            {refused.status === 401 && !address.kiosk ? <a href="/">{t('sc_login')}</a> : refused.status === 401 ? null : <p>{t('sc_refusedHint')}</p>}
          </div>
        ) : (
          <>
            <header className="sc-title">
              <div className="sc-side sc-left">
                {address.from && <a className="sc-back" href={screenHref(address.from, null)} data-testid="screen-back">{t('sc_back')}</a>}
                <span>{dateLine(new Date(now))}</span>{view && <span className="sc-rain" data-testid="screen-rain" title={rainLine(view.rain.summary)}>{rainLine(view.rain.summary)}</span>}
              </div>
              <h1 data-testid="screen-title">{tf('sc_title', { region: regionName })}</h1>
              <div className="sc-side sc-right">
                {failing && <span style={{ color: '#f5a623' }}>{t('sc_offline')}</span>}
                <span className="sc-clock" data-testid="screen-clock">{shanghaiTime(new Date(now))}</span>
              </div>
            </header>
            <nav className="sc-tabs">
              {BOARDS.map((b) => (
                <div key={b} className={`sc-tab${b === board ? ' sc-on' : ''}`} onClick={() => setBoard(b)} data-testid={`board-${b}`}>{t(`sc_board_${b}`)}</div>
              ))}
            </nav>
            {board === 'governance' ? (
              view ? <Governance view={view} map={map} now={now} scale={scale} onDrill={drill} /> : <Waiting failing={failing} />
            ) : board === 'party' ? (
              party.data ? <PartyBoard board={party.data} now={now} scale={scale} /> : <Waiting failing={party.failing} />
            ) : board === 'service' ? (
              service.data ? <ServiceBoard board={service.data} now={now} scale={scale} /> : <Waiting failing={service.failing} />
            ) : (
              industry.data ? <IndustryBoard board={industry.data} now={now} /> : <Waiting failing={industry.failing} />
            )}
          </>
        )}
      </div>
    </div>
  );
}

const Waiting = ({ failing }: { failing: boolean }) => <div className="sc-message"><p>{failing ? t('sc_errorRetry') : t('sc_loading')}</p></div>;

function Governance({ view, map, now, scale, onDrill }: { view: ScreenView; map: ReturnType<typeof useScreen>['map']; now: number; scale: number; onDrill: (code: string) => void }) {
  const c = view.counters;
  const none = view.trend.days.every((d) => d.reported === 0 && d.closed === 0);
  const things = (items: { state: string; count: number }[], prefix: string) =>
    items.map((s) => `${word(`${prefix}${s.state}`, s.state)} ${s.count}`).join(' · ') || t('sc_noData');
  const ticker = view.ticker.items.map((i) => (
    <div className="sc-row" key={`${i.kind}-${i.caseId}`} data-testid="ticker-row" data-case={i.no} data-kind={i.kind}>
      <span className={`sc-tag${i.kind === 'closed' ? ' sc-done' : ''}`}>{i.kind === 'closed' ? t('sc_done') : t('sc_new')}</span>
      <span className="sc-grow">{i.village ?? ''} · {i.category ?? word(`state_${i.state}`, i.state)}</span>
      <span className="sc-time">{when(i.at, now)}</span>
    </div>
  ));
  const villages = view.villages.items.map((v, n) => (
    <div className="sc-row" key={v.code}>
      <span className={`sc-rank${n < 3 ? ' sc-top' : ''}`}>{n + 1}</span>
      <span className="sc-grow">{v.name}</span>
      <span className="sc-time">{tf('sc_villageLine', { n: v.open })}</span>
      <span className="sc-num">{v.reported}</span>
    </div>
  ));
  return (
    <div className="sc-board" data-testid="board-governance-body">
      <div className="sc-col">
        <Panel title={t('sc_kpis')} asOf={c.asOf} intervalSec={c.intervalSec} now={now} grow={0} testId="panel-counters">
          <div className="sc-counters">
            <FlipCounter label={t('sc_reportedToday')} value={c.reportedToday} testId="counter-reported" />
            <FlipCounter label={t('sc_closedToday')} value={c.closedToday} testId="counter-closed" />
            <FlipCounter label={t('sc_onTimeRate')} sub={t('sc_last30')} value={c.onTimeRate} unit="%" min={2} testId="counter-ontime" />
            <FlipCounter label={t('sc_satisfaction')} sub={t('sc_last30')} value={c.satisfaction} unit="%" min={2} testId="counter-satisfaction" />
          </div>
        </Panel>
        <Panel title={t('sc_bySource')} asOf={view.bySource.asOf} intervalSec={view.bySource.intervalSec} now={now} testId="panel-sources">
          <Bars testId="sources" items={view.bySource.items.map((s) => ({ label: word(`source_${s.source}`, s.source), count: s.count }))} />
        </Panel>
        <Panel title={t('sc_byState')} asOf={view.byState.asOf} intervalSec={view.byState.intervalSec} now={now} testId="panel-states">
          <Bars testId="states" items={view.byState.items.slice(0, 7).map((s) => ({ label: word(`state_${s.state}`, s.state), count: s.count }))} />
        </Panel>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_map')} asOf={view.pins.asOf} intervalSec={view.pins.intervalSec} now={now} grow={3} testId="panel-map">
          <ScreenMapView map={map} view={view} onDrill={onDrill} />
          <div className="sc-legend">
            {PIN_LEGEND.map(([color, key]) => <span key={key}><i style={{ background: color }} />{t(key)}</span>)}
            <span><i style={{ background: '#2de3a4', border: '1px solid #fff' }} />{t('sc_reservoirs')}</span>
            <span><i style={{ border: '2px solid #2de3a4', width: 9, height: 9 }} />{t('sc_cameras')}</span>
          </div>
        </Panel>
        <div className="sc-things">
          <Panel title={t('sc_reservoirs')} asOf={view.reservoirs.asOf} intervalSec={view.reservoirs.intervalSec} now={now} grow={0} testId="panel-reservoirs">
            <div className="sc-thing"><b>{view.reservoirs.total}</b><span className="sc-states">{things(view.reservoirs.byState, 'sc_res_')}</span></div>
          </Panel>
          <Panel title={t('sc_cameras')} asOf={view.cameras.asOf} intervalSec={view.cameras.intervalSec} now={now} grow={0} testId="panel-cameras">
            <div className="sc-thing"><b>{view.cameras.total}</b><span className="sc-states">{things(view.cameras.byState, 'sc_cam_')}</span></div>
          </Panel>
        </div>
      </div>
      <div className="sc-col">
        <Panel title={t('sc_trend')} asOf={view.trend.asOf} intervalSec={view.trend.intervalSec} now={now} testId="panel-trend">
          {none ? <div className="sc-empty">{t('sc_noCases')}</div> : <TrendChart x={view.trend.days.map((d) => d.day.slice(5))} bars={view.trend.days.map((d) => d.reported)} line={view.trend.days.map((d) => d.closed)} barLabel={t('sc_reported')} lineLabel={t('sc_closed')} scale={scale} />}
        </Panel>
        <Panel title={t('sc_villages')} asOf={view.villages.asOf} intervalSec={view.villages.intervalSec} now={now} testId="panel-villages">
          {villages.length ? <Scroller rows={villages} visible={Math.floor(220 / ROW_HEIGHT)} testId="villages" /> : <div className="sc-empty">{t('sc_noData')}</div>}
        </Panel>
        <Panel title={t('sc_ticker')} asOf={view.ticker.asOf} intervalSec={view.ticker.intervalSec} now={now} grow={1.3} testId="panel-ticker">
          {ticker.length ? <Scroller rows={ticker} visible={Math.floor(290 / ROW_HEIGHT)} testId="ticker" /> : <div className="sc-empty">{t('sc_noData')}</div>}
        </Panel>
      </div>
    </div>
  );
}
