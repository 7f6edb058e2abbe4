/** The logged-in user and what the app offers them where they work (GET /api/me/features). */
import { createContext, useContext } from 'react';
import type { Features, Me } from './api.ts';

export type { Feature, Features } from './api.ts';

export const MeContext = createContext<{ me: Me; features: Features } | null>(null);

export function useMe(): { me: Me; features: Features } {
  const v = useContext(MeContext);
  if (!v) throw new Error('useMe outside the logged-in app');
  return v;
}

/** Where a case opens for this user: the queue's drawer, my tasks, or my reports. */
export function caseHref(features: Features, id: string): string {
  const page = features.features.includes('cases') ? 'cases' : features.features.includes('tasks') ? 'tasks' : 'reports';
  return `/app/${page}/${encodeURIComponent(id)}`;
}

/** The live stream a user may open: the area's (staff with events.stream) or their own cases'. */
export function streamUrl(me: Me): string {
  return me.permissions.includes('events.stream') ? '/api/events/stream' : '/api/cases/my-events';
}
