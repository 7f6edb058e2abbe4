/**
 * A board's figures besides 智慧治理's (which follow the case stream, useScreen.ts): read when the board
 * is shown and then every minute while it stays shown; kept when a re-read fails (the panels' stale
 * badges say how old they are). A person's screen uses their session, a wall its kiosk token.
 */
import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import type { ScreenAddress } from './useScreen.ts';

const EVERY_MS = 60_000;

export function useBoard<T>(a: ScreenAddress, part: string, shown: boolean): { data: T | null; failing: boolean } {
  const [state, setState] = useState<{ data: T | null; failing: boolean }>({ data: null, failing: false });
  useEffect(() => {
    if (!shown) return;
    let gone = false;
    const path = a.kiosk ? `/api/kiosk/screen/${a.region}/${part}?kiosk=${encodeURIComponent(a.kiosk)}` : `/api/screen/${a.region}/${part}`;
    const read = () => api<T>(path).then((data) => !gone && setState({ data, failing: false }), () => !gone && setState((s) => ({ ...s, failing: true })));
    void read();
    const every = setInterval(() => void read(), EVERY_MS);
    return () => {
      gone = true;
      clearInterval(every);
    };
  }, [a, part, shown]);
  return state;
}
