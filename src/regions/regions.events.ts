/** The regions module's domain events. */
export interface RegionsEvents {
  /** A region import committed: every process rebuilds its region index. */
  'regions.imported': { created: number; updated: number; codes: number };
}
