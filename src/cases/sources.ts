/** Where a case comes from (discovery mix in the KPIs). */
export const SOURCES = ['resident', 'tourist', 'grid_worker', 'camera', 'sensor', 'hotline', 'open311', 'patrol'] as const;
export type CaseSource = (typeof SOURCES)[number];

/**
 * Channels whose reports may be published (Open311 GET requests): what was filed through the public
 * API itself, and what staff and devices found. A resident's or tourist's app report and a hotline call
 * are the person's own words and stay private; questions (咨询) are never published, whatever the channel.
 */
export const PUBLIC_SOURCES: readonly CaseSource[] = ['open311', 'grid_worker', 'patrol', 'camera', 'sensor'];

/**
 * Channels staff may pick when they file a report themselves (POST /api/cases): manual ones. Device
 * and Open311 cases come only through their own intake paths.
 */
export const STAFF_SOURCES: readonly CaseSource[] = ['grid_worker', 'hotline', 'patrol'];
