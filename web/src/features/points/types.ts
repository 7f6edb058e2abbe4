/** The points API's answers as the web reads them: the static types of the module's contract (src/points/points.contract.ts). */
export type { AccountPage, AccountView, ClaimPage, ClaimView, HistoryItem, MyHistoryItem, MyPoints, PointsReport, RuleView, Scorers, SettingsView } from '../../../../src/points/points.contract.ts';
export type { ClaimStatus, RuleLedger, RuleTrigger } from '../../../../src/points/claims-model.ts';
export type { ExpiringView, RankingView, RankListView } from '../../../../src/points/rankings.contract.ts';
