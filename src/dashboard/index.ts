/** Public surface of the dashboard module. */
export { RollupService } from './rollup.service.ts';
export { ScreenService } from './screen.service.ts';
export { KiosksService } from './kiosks.ts';
export type { ScreenView, ScreenMap, Kiosk, NewKiosk, ScreenFrame } from './dashboard.contract.ts';
