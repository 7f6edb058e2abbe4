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
  /** listeners by event type */
  listeners: Map<string, Set<Listener>>;
  closeTimer: ReturnType<typeof setTimeout> | null;
}

const streams = new Map<string, Stream>();
const LINGER_MS = 5_000;

function streamOf(url: string): Stream {
  let s = streams.get(url);
  if (!s) {
    s = { source: new EventSource(url), listeners: new Map(), closeTimer: null };
    streams.set(url, s);
  }
  if (s.closeTimer) {
    clearTimeout(s.closeTimer);
    s.closeTimer = null;
  }
  return s;
}

/** Listen to these event types on the stream at `url`; returns the unsubscribe. */
export function subscribeLive(url: string, types: readonly string[], listener: Listener): () => void {
  const s = streamOf(url);
  for (const type of types) {
    let set = s.listeners.get(type);
    if (!set) {
      const listeners = new Set<Listener>();
      s.listeners.set(type, (set = listeners));
      s.source.addEventListener(type, (e) => {
        const frame: unknown = JSON.parse((e as MessageEvent<string>).data);
        for (const l of [...listeners]) l(type, frame);
      });
    }
    set.add(listener);
  }
  return () => {
    for (const type of types) s.listeners.get(type)?.delete(listener);
    const idle = [...s.listeners.values()].every((set) => set.size === 0);
    if (idle && !s.closeTimer) {
      s.closeTimer = setTimeout(() => {
        if (![...s.listeners.values()].every((set) => set.size === 0)) return;
        s.source.close();
        streams.delete(url);
      }, LINGER_MS);
    }
  };
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
