/**
 * One way to load data on every screen: `loading` until the first answer, then `data` or `error` (a
 * reload keeps the old data on screen while it runs, so a live page does not flicker). `path: null`
 * loads nothing (a part the user may not see).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: path !== null });
  const current = useRef(path);
  current.current = path;
  const load = useCallback(() => {
    if (path === null) return;
    api<T>(path).then(
      (data) => { if (current.current === path) setState({ data, loading: false }); },
      (error: unknown) => { if (current.current === path) setState((s) => ({ data: s.data, error, loading: false })); },
    );
  }, [path]);
  useEffect(load, [load]);
  return { data: state.data, error: state.error, loading: state.loading, reload: load };
}

/**
 * Calls `f` at most once per `ms` while events keep coming (the last call is never lost): a burst of
 * case events reloads a count once, not fifty times.
 */
export function useThrottled(f: () => void, ms = 1_000): () => void {
  const latest = useRef(f);
  latest.current = f;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}
