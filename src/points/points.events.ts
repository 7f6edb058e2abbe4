/** The points module's domain events, emitted in the transaction of the change. */
export interface PointsEvents {
  /**
   * A posted transfer was corrected (reversed, wholly or in part): modules that keep read models of
   * what a ledger paid (the party-member index of party service points) follow it. `holderIds`: the
   * people whose accounts the correction touches; `at`: the ledger's time of the correction.
   */
  'points.corrected': { transferId: string; reversesId: string; ledger: string; amount: number; holderIds: string[]; at: string };
}
