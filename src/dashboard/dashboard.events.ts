/** The dashboard module's events. */
export interface DashboardEvents {
  /** a kiosk token was revoked: every server process ends the walls' streams it holds for it, at once */
  'screen.kiosk_revoked': { kioskId: string };
}
