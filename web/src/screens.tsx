/**
 * Every screen of the app, in navigation order: the features' registries put together (as src/modules.ts
 * puts the server's modules together). Adding a screen is an entry in its feature's `screens.tsx`; adding
 * a feature is its folder and one line here.
 */
import { caseSettingsTabs } from './features/cases/settings.tsx';
import { casesScreens } from './features/cases/screens.tsx';
import { camerasSettingsTabs } from './features/cameras/settings.tsx';
import { open311SettingsTabs } from './features/open311/settings.tsx';
import { sensorsSettingsTabs } from './features/sensors/settings.tsx';
import { camerasScreens } from './features/cameras/screens.tsx';
import { bulletinsScreens } from './features/bulletins/screens.tsx';
import { creditScreens } from './features/credit/screens.tsx';
import { householdsScreens } from './features/households/screens.tsx';
import { intakeScreens } from './features/intake/screens.tsx';
import { peopleScreens } from './features/people/screens.tsx';
import { myPointsScreens, pointsScreens } from './features/points/screens.tsx';
import { partyworkScreens } from './features/partywork/screens.tsx';
import { regionsScreens } from './features/regions/screens.tsx';
import { screenScreens } from './features/screen/screens.tsx';
import { sensorsScreens } from './features/sensors/screens.tsx';
import { shopScreens } from './features/shop/screens.tsx';
import { placesScreens } from './features/places/screens.tsx';
import { ideasScreens } from './features/ideas/screens.tsx';
import { lazyPage, type Screen, type SettingsTab } from './shared/screens.ts';

const SettingsPage = lazyPage(() => import('./features/settings/SettingsPage.tsx'), 'SettingsPage');

/** The settings page's tabs, in order: each feature's own. */
export const SETTINGS_TABS: readonly SettingsTab[] = [...caseSettingsTabs, ...open311SettingsTabs, ...sensorsSettingsTabs, ...camerasSettingsTabs];

export const SCREENS: readonly Screen[] = [
  ...casesScreens,
  ...myPointsScreens,
  ...sensorsScreens,
  ...camerasScreens,
  ...intakeScreens,
  ...regionsScreens,
  ...peopleScreens,
  ...householdsScreens,
  ...pointsScreens,
  ...partyworkScreens,
  ...shopScreens,
  ...placesScreens,
  ...ideasScreens,
  ...creditScreens,
  ...screenScreens,
  ...bulletinsScreens,
  // settings last: shown when any of its tabs is the user's
  { key: 'settings', label: 'caseSettings', shell: 'staff', visible: (can) => SETTINGS_TABS.some((x) => x.visible(can)), render: () => <SettingsPage tabs={SETTINGS_TABS} />, preload: SettingsPage.preload },
];
