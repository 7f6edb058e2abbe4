/** Where a case comes from (discovery mix in the KPIs). */
export const SOURCES = ['resident', 'tourist', 'grid_worker', 'camera', 'sensor', 'hotline', 'open311', 'patrol'] as const;
export type CaseSource = (typeof SOURCES)[number];
