/**
 * One live stream per tab. Every part of the page that wants Server-Sent Events (the case queue, a case's
 * drawer, the bell, the reservoir and camera pages) listens through this hub instead of opening an
 * `EventSource` of its own: browsers allow six HTTP/1.1 connections per host, and three streams a tab
 * stalled a second console tab. The stream opens with its first listener and closes a few seconds after
 * its last (so moving between pages does not reconnect). Event names come from the client event map
 * (src/client-events.ts).
 */
import { useEffect, useRef } from 'react';

type Listener = (type: string, frame: unknown) => void;

interface Stream {
  source: EventSource;
  /** The last event's id: a stream opened anew (after a server restart) resumes after it. */
  lastId: string;
  /** listeners by event type */
  listeners: Map<string, Set<Listener>>;
  closeTimer: ReturnType<typeof setTimeout> | null;
  /** Events kept for the page that opened the stream early (openLiveEarly), until it subscribes. */
  early?: { waiting: Set<string>; kept: Map<string, unknown[]>; release: () => void };
}

const streams = new Map<string, Stream>();
const LINGER_MS = 5_000;
/** After a refusal: 1 s, 2 s, 4 s … up to 30 s, each ± a random half (a restarted server is not met by every tab at once). */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Refusals in a row per stream address; an opened stream starts again from the first delay. */
const refusals = new Map<string, number>();

export function retryDelay(refusedBefore: number, random = Math.random()): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** refusedBefore) * (0.5 + random / 2);
}

function streamOf(url: string, resumeAfter = ''): Stream {
  let s = streams.get(url);
  // a stream the browser gave up on (a 401 or 502 on reconnect) is opened anew, with its listeners
  if (s && s.source.readyState === EventSource.CLOSED) {
    const listeners = s.listeners;
    const lastId = s.lastId;
    streams.delete(url);
    s = streamOf(url, lastId);
    for (const [type, set] of listeners) for (const l of set) subscribeType(s, type, l);
    return s;
  }
  if (!s) {
    // the browser resumes a dropped stream with Last-Event-ID by itself; one opened anew says where it was
    const resume = resumeAfter ? `${url}${url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(resumeAfter)}` : url;
    const opened: Stream = { source: new EventSource(resume), lastId: resumeAfter, listeners: new Map(), closeTimer: null };
    // the browser retries a dropped stream by itself, but not after a refusal: try again later, and
    // later each time it is refused again
    opened.source.addEventListener('open', () => refusals.delete(url));
    opened.source.addEventListener('error', () => {
      if (opened.source.readyState !== EventSource.CLOSED) return;
      const before = refusals.get(url) ?? 0;
      refusals.set(url, before + 1);
      setTimeout(() => {
        if (streams.get(url) === opened && [...opened.listeners.values()].some((set) => set.size > 0)) streamOf(url, opened.lastId);
      }, retryDelay(before));
    });
    streams.set(url, (s = opened));
  }
  if (s.closeTimer) {
    clearTimeout(s.closeTimer);
    s.closeTimer = null;
  }
  return s;
}

function subscribeType(s: Stream, type: string, listener: Listener): void {
  let set = s.listeners.get(type);
  if (!set) {
    const listeners = new Set<Listener>();
    s.listeners.set(type, (set = listeners));
    s.source.addEventListener(type, (e) => {
      if ((e as MessageEvent).lastEventId) s.lastId = (e as MessageEvent).lastEventId;
      const frame: unknown = JSON.parse((e as MessageEvent<string>).data);
      for (const l of [...listeners]) l(type, frame);
    });
  }
  set.add(listener);
}

/**
 * Close every stream at once: on log-out. The server fixed a stream's reader when it connected, so the
 * next person in this tab (a shared command-room PC, a village kiosk) must not inherit it.
 */
export function closeAllLive(): void {
  for (const s of streams.values()) {
    if (s.closeTimer) clearTimeout(s.closeTimer);
    s.source.close();
  }
  streams.clear();
  refusals.clear();
}

/** Listen to these event types on the stream at `url`; returns the unsubscribe. */
export function subscribeLive(url: string, types: readonly string[], listener: Listener): () => void {
  const s = streamOf(url);
  for (const type of types) subscribeType(s, type, listener);
  // the first page to listen gets what happened since the stream was opened early for it
  const early = s.early;
  const mine = early ? types.filter((type) => early.waiting.has(type)) : [];
  if (early && mine.length) {
    const missed = mine.flatMap((type) => (early.kept.get(type) ?? []).map((frame) => [type, frame] as const));
    for (const type of mine) {
      early.waiting.delete(type);
      early.kept.delete(type);
    }
    if (early.waiting.size === 0) {
      s.early = undefined;
      early.release();
    }
    if (missed.length) queueMicrotask(() => missed.forEach(([type, frame]) => listener(type, frame)));
  }
  return () => {
    // the stream now open for this url: the listener moved with it if it was opened anew; none after log-out
    const cur = streams.get(url);
    if (!cur) return;
    for (const type of types) cur.listeners.get(type)?.delete(listener);
    const idle = [...cur.listeners.values()].every((set) => set.size === 0);
    if (idle && !cur.closeTimer) {
      cur.closeTimer = setTimeout(() => {
        if (streams.get(url) !== cur || ![...cur.listeners.values()].every((set) => set.size === 0)) return;
        cur.source.close();
        streams.delete(url);
      }, LINGER_MS);
    }
  };
}

/**
 * Opens the stream at `url` now, before any page listens, from the event `after` (the id a list was read at:
 * the server first sends what happened since), and keeps the events of `types` until a page subscribes to them
 * (each type's go to its first subscriber, in order) or `holdMs` passes. A page whose first rows were fetched
 * before it was drawn (shared/prefetch.ts) thus learns of every change after those rows, as it would have
 * had it been listening. A stream already open is left as it is (it has been listening all along).
 */
export function openLiveEarly(url: string, types: readonly string[], after: string, holdMs = 10_000): void {
  const open = streams.get(url);
  if (open && open.source.readyState !== EventSource.CLOSED) return;
  const s = streamOf(url, after);
  const kept = new Map<string, unknown[]>();
  const waiting = new Set(types);
  const keep: Listener = (type, frame) => {
    if (!waiting.has(type)) return; // a page took this type's events already
    const list = kept.get(type) ?? [];
    if (list.length < 500) list.push(frame);
    kept.set(type, list);
  };
  const release = subscribeLive(url, types, keep);
  s.early = { waiting, kept, release };
  setTimeout(() => {
    if (s.early?.kept === kept) s.early = undefined;
    release();
  }, holdMs);
}

/** A React hook over subscribeLive: the newest `onEvent` is called, without resubscribing when it changes. */
export function useLive(url: string, types: readonly string[], onEvent: Listener): void {
  const latest = useRef(onEvent);
  useEffect(() => {
    latest.current = onEvent;
  });
  const key = types.join(',');
  useEffect(() => subscribeLive(url, key.split(','), (type, frame) => latest.current(type, frame)), [url, key]);
}
