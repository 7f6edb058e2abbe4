/**
 * The screen's data: its figures, re-read when the region's stream says a case changed (at most once a
 * second, the last change always read) and every minute without news (so every panel's data time stays
 * honest); the map once. A person's screen uses their session, a wall its kiosk token (`?kiosk=`).
 * One stream per tab (shared/live.ts), which reconnects with backoff and resumes after the last event.
 */
import { useEffect, useRef, useState } from 'react';
import type { ScreenMap, ScreenView } from '../../../../src/dashboard/dashboard.contract.ts';
import { CASE_STREAM_EVENTS } from '../../../../src/client-events.ts';
import { api, ApiError } from '../../shared/api.ts';
import { subscribeLive } from '../../shared/live.ts';

export type { ScreenMap, ScreenView };

/** Case events the screen's stream carries (as small frames): every case event the queue reloads on, and more. */
// (and a wall's revocation: its last frame, after which the wall reads again and says why)
const SCREEN_EVENTS = [...CASE_STREAM_EVENTS, 'case.rework_ordered', 'case.archived', 'case.suspended', 'case.resumed', 'case.severity_raised', 'screen.kiosk_revoked'];
const THROTTLE_MS = 1_000;
const QUIET_REREAD_MS = 60_000;
/** While the server does not answer (restarting): try again this often, so the wall catches up soon after. */
const FAILING_RETRY_MS = 5_000;

export interface ScreenAddress {
  region: string;
  kiosk: string | null;
  /** the screen this one was drilled down from (its map), for the way back */
  from: string | null;
}

/** `/screen/<region>?kiosk=<token>&from=<region>` */
export function screenAddress(): ScreenAddress {
  const region = decodeURIComponent(location.pathname.split('/')[2] ?? '');
  const q = new URLSearchParams(location.search);
  const from = q.get('from');
  return { region, kiosk: q.get('kiosk'), from: from && /^\d{12}$/.test(from) ? from : null };
}

/** Another region's screen with the same kiosk token, board and rotation (a drill-down, or the way back). */
export function screenHref(code: string, from: string | null): string {
  const q = new URLSearchParams(location.search);
  q.delete('from');
  if (from) q.set('from', from);
  const rest = q.toString();
  return `/screen/${code}${rest ? `?${rest}` : ''}`;
}

const base = (a: ScreenAddress) => (a.kiosk ? `/api/kiosk/screen/${a.region}` : `/api/screen/${a.region}`);
const withKiosk = (path: string, a: ScreenAddress) => (a.kiosk ? `${path}?kiosk=${encodeURIComponent(a.kiosk)}` : path);

export interface ScreenState {
  view: ScreenView | null;
  map: ScreenMap | null;
  /** A refusal (401, 404): the wall says so instead of its figures. */
  refused: ApiError | null;
  /** The last re-read failed (the server restarting): the figures stay, the stale badges show. */
  failing: boolean;
}

export function useScreen(a: ScreenAddress): ScreenState {
  const [state, setState] = useState<ScreenState>({ view: null, map: null, refused: null, failing: false });
  const running = useRef(false);
  const again = useRef(false);

  useEffect(() => {
    let gone = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const refuse = (err: unknown) => err instanceof ApiError && (err.status === 401 || err.status === 403 || err.status === 404 || err.status === 400);
    const read = async () => {
      if (running.current) {
        again.current = true;
        return;
      }
      running.current = true;
      try {
        const view = await api<ScreenView>(withKiosk(base(a), a));
        if (!gone) setState((s) => ({ ...s, view, refused: null, failing: false }));
      } catch (err) {
        if (!gone) setState((s) => (refuse(err) ? { ...s, refused: err as ApiError } : { ...s, failing: true }));
        if (!gone && !refuse(err)) {
          clearTimeout(retry);
          retry = setTimeout(() => void read(), FAILING_RETRY_MS);
        }
      } finally {
        running.current = false;
        if (again.current && !gone) {
          again.current = false;
          timer = setTimeout(() => void read(), THROTTLE_MS);
        }
      }
    };
    // a change: read now unless a read is due within the throttle; a burst of changes is one read more
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (pending) return;
      const wait = Math.max(0, last + THROTTLE_MS - Date.now());
      pending = setTimeout(() => {
        pending = undefined;
        last = Date.now();
        void read();
      }, wait);
    };
    void read();
    api<ScreenMap>(withKiosk(`${base(a)}/map`, a)).then((map) => !gone && setState((s) => ({ ...s, map })), () => {});
    const off = subscribeLive(withKiosk(`${base(a)}/stream`, a), SCREEN_EVENTS, changed);
    const quiet = setInterval(() => void read(), QUIET_REREAD_MS);
    return () => {
      gone = true;
      off();
      clearInterval(quiet);
      clearTimeout(timer);
      clearTimeout(retry);
      clearTimeout(pending);
    };
  }, [a]);

  return state;
}
