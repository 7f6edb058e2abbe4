/** Party work in words: kinds, states, needs and flags, distances and times, the way people say them. */
import type { LogView, TaskView } from '../../../../src/partywork/partywork.contract.ts';
import { getLang, t, tf } from '../../shared/i18n.ts';

export type { LogView, TaskView };
export type Need = LogView['needs'][number];
export const NEEDS: readonly Need[] = ['health', 'safety', 'living', 'dispute', 'policy', 'other'];

export const kindText = (k: TaskView['kind']) => t(`pw_kind_${k}`);
export const stateText = (s: TaskView['state']) => t(`pw_state_${s}`);
export const needText = (n: Need) => t(`pw_need_${n}`);
export const flagText = (f: LogView['flags'][number]) => t(`pw_flag_${f}`);

export const KIND_COLOR: Record<TaskView['kind'], string> = { household: 'red', building: 'volcano', issue: 'gold' };
export const STATE_COLOR: Record<TaskView['state'], string> = { open: 'default', claimed: 'orange', active: 'green', closed: 'default' };
export const STATUS_COLOR: Record<LogView['status'], string> = { pending: 'blue', valued: 'green', rejected: 'red' };

/** Metres between two points (haversine): enough to say how far a door is. */
export function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const far = (m: number) => (m < 1000 ? tf('hm_distance', { m: Math.round(m) }) : tf('hm_distanceKm', { km: (m / 1000).toFixed(1) }));

/**
 * A time as people read it, in China's time as every other page shows it (not the phone's own zone):
 * 12月6日 14:05 (this year), with the year otherwise.
 */
export function when(iso: string): string {
  const d = new Date(iso);
  const year = (x: Date) => new Date(x.getTime() + 8 * 3_600_000).getUTCFullYear();
  return d.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai', ...(year(d) === year(new Date()) ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  });
}

/** How long, in days or hours: for "sent 3 hours late". */
export function span(ms: number): string {
  const en = getLang() === 'en';
  const h = Math.round(ms / 3_600_000);
  if (h < 48) return en ? `${Math.max(h, 1)} h` : `${Math.max(h, 1)} 小时`;
  return en ? `${Math.round(h / 24)} days` : `${Math.round(h / 24)} 天`;
}
