/**
 * Every screen has an address: `/app/<page>/<id…>` (a case, an alarm, a camera, an inspection), so a
 * reload keeps it open and a notification can link to it. The server answers every /app/* path with
 * the web app. `navigate` pushes a history entry; the back button works.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((f) => f());
addEventListener('popstate', notify);

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (location.pathname === path) return;
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
}

export function usePath(): string {
  return useSyncExternalStore((cb) => (listeners.add(cb), () => listeners.delete(cb)), () => location.pathname);
}

/** The path after /app/, split: `/app/cases/abc` → ['cases', 'abc']; `/` → []. */
export function useSegments(): string[] {
  const p = usePath();
  return p.startsWith('/app/') ? p.slice(5).split('/').filter(Boolean).map(decodeURIComponent) : [];
}

export const href = (...parts: string[]) => (parts.length === 0 ? '/' : `/app/${parts.map(encodeURIComponent).join('/')}`);
