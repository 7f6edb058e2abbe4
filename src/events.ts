/**
 * The application's event map: every module's `<module>.events.ts`, joined. The platform declares an
 * empty `EventMap` interface and this file fills it (declaration merging), so `emitEvent`, `subscribe`
 * and `subscribeEverywhere` check type and payload everywhere while platform/ imports no module.
 * A new module adds its events file here (one line).
 */
import type { CamerasEvents } from './cameras/cameras.events.ts';
import type { CaseEvents } from './cases/case.events.ts';
import type { DashboardEvents } from './dashboard/dashboard.events.ts';
import type { InspectionsEvents } from './inspections/inspections.events.ts';
import type { NotifyEvents } from './notify/notify.events.ts';
import type { PartyworkEvents } from './partywork/partywork.events.ts';
import type { PointsEvents } from './points/points.events.ts';
import type { RegionsEvents } from './regions/regions.events.ts';
import type { SensorsEvents } from './sensors/sensors.events.ts';

export type AppEvents = CaseEvents & SensorsEvents & CamerasEvents & InspectionsEvents & RegionsEvents & NotifyEvents & PartyworkEvents & DashboardEvents & PointsEvents;

declare module './platform/events.ts' {
  interface EventMap extends AppEvents {}
}
