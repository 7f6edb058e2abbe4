/**
 * The villages of a staff member's area (their memberships' scopes are region-code prefixes), from
 * `/api/places`, with the one chosen on a page (the first until the person picks another): the points
 * and the credit console pick a village the same way.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Place } from '../../../src/regions/regions.contract.ts';
import { api, type Me } from './api.ts';

export interface Village { code: string; name: string; township: string }

export function useMyVillages(me: Me): { villages: Village[]; village: string | undefined; setVillage: (code: string) => void } {
  const [places, setPlaces] = useState<Place[]>([]);
  useEffect(() => void api<{ items: Place[] }>('/api/places').then((r) => setPlaces(r.items), () => undefined), []);
  const villages = useMemo(() => places.filter((p) => me.memberships.some((m) => p.code.startsWith(m.scope))).map((p) => ({ code: p.code, name: p.name, township: p.township })), [places, me]);
  const [village, setVillage] = useState<string | undefined>(undefined);
  useEffect(() => { if (!village && villages.length) setVillage(villages[0].code); }, [villages, village]);
  return { villages, village, setVillage };
}
