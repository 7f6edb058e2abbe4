/**
 * Answers asked for before their page is drawn. The shell knows the screen its address opens on before the
 * page's code has arrived and React has drawn it (≈ half a second on a slow machine): the screen may name
 * what it will ask for first, and the page takes that answer instead of asking again. Only a page's first
 * ask takes it, and only within a few seconds; an answer that failed is asked for again by the page, so its
 * error (or the log-in page) comes from the page's own request.
 */
import { api } from './api.ts';

const KEEP_MS = 10_000;
const asked = new Map<string, { at: number; answer: Promise<unknown> }>();

/** Starts asking for `url` now (a GET, or the `answer` given for it); the page's `firstAnswer(url)` takes it. */
export function prefetch(url: string, answer: Promise<unknown> = api<unknown>(url)): void {
  answer.catch(() => {}); // the page asks again and shows its own error
  asked.set(url, { at: Date.now(), answer });
}

/** The prefetched answer for `url` if there is a fresh one (taken once), else a new request. */
export function firstAnswer<T>(url: string): Promise<T> {
  const early = asked.get(url);
  asked.delete(url);
  if (!early || Date.now() - early.at > KEEP_MS) return api<T>(url);
  return (early.answer as Promise<T>).catch(() => api<T>(url));
}
