/**
 * 走亲打卡 without a connection: a visit is written to the phone first (localStorage, per user) with its
 * own id, time and position, then sent. The server stores a log once per id (a repeat answers 200 with
 * the log as stored), so sending again after a lost answer, a reload or a day offline is safe; the
 * server judges the visit by its own time (visitedAt), not by when it arrived.
 */
import { api, ApiError } from '../../shared/api.ts';
import { errorText } from '../../shared/errors.ts';

export interface QueuedVisit {
  id: string;
  taskId: string;
  visitedAt: string;
  lat: number;
  lon: number;
  accuracyM: number;
  note: string;
  needs: string[];
  photoId?: string;
  /** the task's name, for the list while the visit waits */
  subject: string;
  /** set when the server refused it (too soon, task ended …): shown until the member deletes it */
  refused?: string;
}

const key = (userId: string) => `vb.partywork.queue.${userId}`;

export function readQueue(userId: string): QueuedVisit[] {
  try {
    return JSON.parse(localStorage.getItem(key(userId)) ?? '[]') as QueuedVisit[];
  } catch {
    return [];
  }
}

function writeQueue(userId: string, q: QueuedVisit[]): void {
  if (q.length) localStorage.setItem(key(userId), JSON.stringify(q));
  else localStorage.removeItem(key(userId));
}

export function enqueue(userId: string, v: QueuedVisit): void {
  writeQueue(userId, [...readQueue(userId).filter((x) => x.id !== v.id), v]);
}

export function discard(userId: string, id: string): void {
  writeQueue(userId, readQueue(userId).filter((x) => x.id !== id));
}

/** A failure that says nothing about the visit (no connection, a proxy's 5xx): try again later. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true; // fetch's TypeError: offline
  return e.status >= 500 || e.status === 408 || e.status === 429 || e.code.startsWith('HTTP_');
}

export function send(v: QueuedVisit): Promise<unknown> {
  const { subject: _s, refused: _r, ...body } = v;
  return api('/api/partywork/logs', { body });
}

/**
 * Send every waiting visit, oldest first; stop at the first transient failure (still offline). A visit
 * the server refuses keeps its place with the reason, for the member to read and delete.
 */
export async function flush(userId: string): Promise<{ sent: number; waiting: number }> {
  let sent = 0;
  for (const v of readQueue(userId).filter((x) => !x.refused).sort((a, b) => a.visitedAt.localeCompare(b.visitedAt))) {
    try {
      await send(v);
      discard(userId, v.id);
      sent++;
    } catch (e) {
      if (isTransient(e)) break;
      writeQueue(userId, readQueue(userId).map((x) => (x.id === v.id ? { ...x, refused: errorText(e) } : x)));
    }
  }
  return { sent, waiting: readQueue(userId).filter((x) => !x.refused).length };
}
