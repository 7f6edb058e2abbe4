/** The cases feature's tabs of 设置: categories, vendors' event codes, the calendar (loaded when 设置 opens). */
import { lazyPage, type SettingsTab } from '../../shared/screens.ts';

const CategoriesTab = lazyPage(() => import('./CaseSettings.tsx'), 'CategoriesTab');
const VendorCodesTab = lazyPage(() => import('./CaseSettings.tsx'), 'VendorCodesTab');
const CalendarTab = lazyPage(() => import('./CaseSettings.tsx'), 'CalendarTab');

export const caseSettingsTabs: SettingsTab[] = [
  { key: 'categories', label: 'categoriesTab', visible: (can) => can('categories.write'), render: () => <CategoriesTab /> },
  { key: 'vendors', label: 'vendorCodesTab', visible: (can) => can('categories.write'), render: () => <VendorCodesTab /> },
  { key: 'calendar', label: 'calendarTab', visible: (can) => can('categories.write'), render: () => <CalendarTab /> },
];
