/**
 * Thin fetch wrapper: JSON in and out, the session cookie rides along, errors become ApiError. An ApiError's
 * `message` is the server's English for API clients: show people `errorText(err)` (./errors.ts), worded by code.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

/** Fired on window when an API call answers 401: the shell then asks the person to log in again. */
export const SESSION_ENDED = 'vb:session-ended';

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return (await apiAnswer<T>(path, init)).data;
}

/** As `api`, with the answer's headers (the case queue's `x-event-head`). */
export async function apiAnswer<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ data: T; headers: Headers }> {
  const res = await fetch(path, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    credentials: 'same-origin',
    headers: init.body ? { 'content-type': 'application/json' } : {},
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (err) {
    if (res.ok) throw err;
    // a proxy's own error page (HTML): the status is all there is to say
  }
  if (!res.ok) {
    // the session ended (expired, logged out in another tab): the app shows the log-in page where the
    // user is, and after logging in they are back on the same screen
    if (res.status === 401 && !path.startsWith('/api/auth/')) dispatchEvent(new Event(SESSION_ENDED));
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.details ?? {});
  }
  return { data: data as T, headers: res.headers };
}

export type { RegionSummary, RegionFeature, RegionFeatureCollection, RegionDetail } from '../../../src/regions/regions.contract.ts';
export type { Membership, Me, UserView, Organisation, Features, Feature, LoginAnswer } from '../../../src/people/people.contract.ts';
export type { PublicConfig, UploadedMedia, Health, AuditEntry, ClientConfig } from '../../../src/platform/platform.contract.ts';
// value families the contracts send as plain strings; their words' keys are typed by these (`role_${Role}`)
export type { Role } from '../../../src/platform/access.ts';
export type { RegionLevel } from '../../../src/regions/region-codes.ts';
