/**
 * Every dictionary of the app, put together (as screens.tsx puts the features' screens together): the
 * shared words and each feature's `i18n.ts`. Adding a feature's words is its import and one line in PARTS.
 * main.tsx registers the merged result at start; shared/i18n.ts gets the keys' type from here (below), so
 * `t` checks every key while shared/ imports no feature.
 */
import { bulletinsEn, bulletinsZh } from './features/bulletins/i18n.ts';
import { camerasEn, camerasZh } from './features/cameras/i18n.ts';
import { casesEn, casesZh } from './features/cases/i18n.ts';
import { creditEn, creditZh } from './features/credit/i18n.ts';
import { homeEn, homeZh } from './features/home/i18n.ts';
import { householdsEn, householdsZh } from './features/households/i18n.ts';
import { intakeEn, intakeZh } from './features/intake/i18n.ts';
import { notifyEn, notifyZh } from './features/notify/i18n.ts';
import { open311En, open311Zh } from './features/open311/i18n.ts';
import { partyworkEn, partyworkZh } from './features/partywork/i18n.ts';
import { peopleEn, peopleZh } from './features/people/i18n.ts';
import { pointsEn, pointsZh } from './features/points/i18n.ts';
import { regionsEn, regionsZh } from './features/regions/i18n.ts';
import { screenEn, screenZh } from './features/screen/i18n.ts';
import { sensorsEn, sensorsZh } from './features/sensors/i18n.ts';
import { settingsEn, settingsZh } from './features/settings/i18n.ts';
import { shopEn, shopZh } from './features/shop/i18n.ts';
import { placesEn, placesZh } from './features/places/i18n.ts';
import { ideasEn, ideasZh } from './features/ideas/i18n.ts';
import { mergeDictionaries, sharedEn, sharedZh } from './shared/i18n.ts';
import { mapsEn, mapsZh } from './shared/map/i18n.ts';

export const PARTS = [
  { name: 'shared', zh: sharedZh, en: sharedEn },
  { name: 'map', zh: mapsZh, en: mapsEn },
  { name: 'cases', zh: casesZh, en: casesEn },
  { name: 'intake', zh: intakeZh, en: intakeEn },
  { name: 'home', zh: homeZh, en: homeEn },
  { name: 'people', zh: peopleZh, en: peopleEn },
  { name: 'regions', zh: regionsZh, en: regionsEn },
  { name: 'households', zh: householdsZh, en: householdsEn },
  { name: 'points', zh: pointsZh, en: pointsEn },
  { name: 'sensors', zh: sensorsZh, en: sensorsEn },
  { name: 'cameras', zh: camerasZh, en: camerasEn },
  { name: 'notify', zh: notifyZh, en: notifyEn },
  { name: 'open311', zh: open311Zh, en: open311En },
  { name: 'settings', zh: settingsZh, en: settingsEn },
  { name: 'partywork', zh: partyworkZh, en: partyworkEn },
  { name: 'shop', zh: shopZh, en: shopEn },
  { name: 'places', zh: placesZh, en: placesEn },
  { name: 'ideas', zh: ideasZh, en: ideasEn },
  { name: 'credit', zh: creditZh, en: creditEn },
  { name: 'screen', zh: screenZh, en: screenEn },
  { name: 'bulletins', zh: bulletinsZh, en: bulletinsEn },
] as const;

/** Every key of every dictionary: the type of `t`'s key. */
export type DictionaryKey = (typeof PARTS)[number] extends infer P ? (P extends { zh: infer Z } ? keyof Z & string : never) : never;

declare module './shared/i18n.ts' {
  interface Registered {
    keys: DictionaryKey;
  }
}

/** All the words, per language (throws when two dictionaries define the same key). */
export const DICTIONARIES = mergeDictionaries(PARTS);
