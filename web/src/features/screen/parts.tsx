/** The screen's small parts: a panel frame with its data time, flip counters, bars, a scrolling list. */
import { useEffect, useState, type ReactNode } from 'react';
import { t, tf } from '../../shared/i18n.ts';

/** hh:mm:ss in Asia/Shanghai, whatever the wall's own time zone. */
export const shanghaiTime = (d: Date) => d.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** A panel: title, "数据截至 hh:mm:ss", and a stale badge once its data is older than twice its interval. */
export function Panel({ title, asOf, intervalSec, now, children, grow = 1, testId }: {
  title: string; asOf?: string; intervalSec?: number; now: number; children: ReactNode; grow?: number; testId?: string;
}) {
  const at = asOf ? new Date(asOf) : null;
  const stale = at && intervalSec ? now - at.getTime() > 2 * intervalSec * 1000 : false;
  return (
    <section className="sc-panel" style={{ flex: grow === 0 ? '0 0 auto' : `${grow} 1 0` }} data-testid={testId}>
      <div className="sc-ph">
        <h2>{title}</h2>
        {at && (
          <span className="sc-asof" data-testid={testId ? `${testId}-asof` : undefined}>
            {tf('sc_asOf', { time: shanghaiTime(at) })}
            {stale && <span className="sc-stale" data-testid="stale">{t('sc_stale')}</span>}
          </span>
        )}
      </div>
      <div className="sc-body">{children}</div>
    </section>
  );
}

/** One digit that flips when it changes. */
function Digit({ d }: { d: string }) {
  const [shown, setShown] = useState(d);
  const [flip, setFlip] = useState(0);
  useEffect(() => {
    if (d === shown) return;
    setShown(d);
    setFlip((n) => n + 1);
  }, [d, shown]);
  return <span key={flip} className={`sc-digit${flip ? ' sc-flip' : ''}`}>{shown}</span>;
}

/** A flip counter: the number's digits in boxes (at least `min`), or a dash when there is no figure. */
export function FlipCounter({ label, sub, value, unit, min = 3, testId }: { label: string; sub?: string; value: number | null; unit?: string; min?: number; testId: string }) {
  const text = value === null ? null : String(Math.round(value)).padStart(min, '0');
  return (
    <div className="sc-counter" data-testid={testId} data-value={value ?? ''}>
      <div className="sc-cl">{label}{sub && <small>{sub}</small>}</div>
      <div className="sc-digits">
        {text === null ? <span className="sc-dash">—</span> : [...text].map((d, i) => <Digit key={text.length - i} d={d} />)}
        {unit && text !== null && <span className="sc-unit">{unit}</span>}
      </div>
    </div>
  );
}

/** Horizontal bars, widest first. */
export function Bars({ items, testId }: { items: { label: string; count: number }[]; testId: string }) {
  const max = Math.max(1, ...items.map((i) => i.count));
  if (items.length === 0) return <div className="sc-empty">{t('sc_noData')}</div>;
  return (
    <div className="sc-bars" data-testid={testId}>
      {items.map((i) => (
        <div className="sc-bar" key={i.label}>
          <span className="sc-bl">{i.label}</span>
          <span className="sc-track"><span className="sc-fill" style={{ display: 'block', width: `${(i.count / max) * 100}%` }} /></span>
          <span className="sc-bn">{i.count}</span>
        </div>
      ))}
    </div>
  );
}

const ROW_PX = 40;

/**
 * A list that scrolls upwards without end when it is longer than its box (its rows twice, moved by half
 * with a CSS animation: no timer, nothing grows); a short list stands still.
 */
export function Scroller({ rows, visible, testId }: { rows: ReactNode[]; visible: number; testId: string }) {
  const rolls = rows.length > visible;
  return (
    <div className="sc-scroll" data-testid={testId}>
      <div className={rolls ? 'sc-roll' : undefined} style={rolls ? { animationDuration: `${rows.length * 3}s` } : undefined}>
        {rows}
        {rolls && rows.map((r, i) => <div key={`again-${i}`} aria-hidden>{r}</div>)}
      </div>
    </div>
  );
}

export const ROW_HEIGHT = ROW_PX;
