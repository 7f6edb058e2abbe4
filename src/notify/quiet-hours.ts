/**
 * Quiet hours (e.g. 22:00–07:00 Beijing time): non-urgent SMS and group-robot messages wait until they
 * end; urgent ones always go; the in-app list gets every message at once (it makes no sound). Pure.
 */

/** Minutes after midnight, Beijing time: [from, to). from === to: never quiet. */
export interface QuietHours {
  from: number;
  to: number;
}

const BEIJING_OFFSET_MS = 8 * 3_600_000; // China has no daylight saving
const DAY_MS = 86_400_000;

/** "22:00-07:00" → window; "off" or "" → null. Throws on anything else (config reports it). */
export function parseQuietHours(text: string): QuietHours | null {
  const t = text.trim();
  if (t === '' || /^(off|none|false|0)$/i.test(t)) return null;
  const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(t);
  if (!m) throw new Error(`quiet hours "${text}" must look like 22:00-07:00 (or off)`);
  const [h1, m1, h2, m2] = m.slice(1).map(Number);
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new Error(`quiet hours "${text}": hours 0–23, minutes 0–59`);
  return { from: h1 * 60 + m1, to: h2 * 60 + m2 };
}

/** Minutes since Beijing midnight of an instant, and that midnight's instant. */
function beijingClock(at: Date): { minute: number; midnight: number } {
  const local = at.getTime() + BEIJING_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  return { minute: Math.floor((local - dayStart) / 60_000), midnight: dayStart - BEIJING_OFFSET_MS };
}

export function isQuietAt(at: Date, q: QuietHours | null): boolean {
  if (!q || q.from === q.to) return false;
  const { minute } = beijingClock(at);
  return q.from < q.to ? minute >= q.from && minute < q.to : minute >= q.from || minute < q.to;
}

/** When a message that is not urgent may go: `at` itself outside quiet hours, else the end of them. */
export function sendableAt(at: Date, q: QuietHours | null): Date {
  if (!isQuietAt(at, q)) return at;
  const { minute, midnight } = beijingClock(at);
  // the window's end today, or tomorrow when it wraps past midnight and we are before midnight
  const endsTomorrow = q!.from > q!.to && minute >= q!.from;
  return new Date(midnight + (endsTomorrow ? DAY_MS : 0) + q!.to * 60_000);
}
