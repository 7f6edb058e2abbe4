/** Credit points (信用积分): the double-entry ledger, accounts and corrections. */
export { PointsService, LedgerRefusal, yearStart, type CorrectionInput } from './points.service.ts';
export { pointsRoutes } from './points.routes.ts';
export {
  applyBatch, availableOf, balanceOf, earnedIn, LEDGERS, MAX_AMOUNT, SPENDABLE_LEDGERS, TRANSFER_CODES,
  type Account, type Balances, type Ledger, type Transfer, type TransferCode, type TransferInput, type TransferResult,
} from './ledger.ts';
export { uuidv7, isUuidV7 } from './uuidv7.ts';
export { ExpiryService, expiryTransferId, keyedUuid } from './expiry.service.ts';
export { RankingsService } from './rankings.service.ts';
export { periodOf as rankPeriodOf, previousPeriod, hashOf as rankHashOf } from './rankings-model.ts';
export { EarnedQueries, type EarnedRow } from './earned.queries.ts';
