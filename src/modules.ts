/**
 * The application's modules, in build order: a module comes after every module it `needs`. Adding a
 * module is its folder plus one line here (its permissions, events, jobs, routes, commands and
 * services are declared in its `<module>.module.ts`; see platform/module.ts).
 */
import { bulletinsModule } from './bulletins/bulletins.module.ts';
import { camerasModule } from './cameras/cameras.module.ts';
import { casesModule } from './cases/cases.module.ts';
import { creditModule } from './credit/credit.module.ts';
import { dashboardModule } from './dashboard/dashboard.module.ts';
import { demoModule } from './demo/demo.module.ts';
import { devicesModule } from './devices/devices.module.ts';
import { ideasModule } from './ideas/ideas.module.ts';
import { householdsModule } from './households/households.module.ts';
import { inspectionsModule } from './inspections/inspections.module.ts';
import { notifyModule } from './notify/notify.module.ts';
import { open311Module } from './open311/open311.module.ts';
import { partyworkModule } from './partywork/partywork.module.ts';
import { peopleModule } from './people/people.module.ts';
import type { AnyModule } from './platform/module.ts';
import { placesModule } from './places/places.module.ts';
import { pointsModule } from './points/points.module.ts';
import { regionsModule } from './regions/regions.module.ts';
import { sensorsModule } from './sensors/sensors.module.ts';
import { shopModule } from './shop/shop.module.ts';

export const MODULES: readonly AnyModule[] = [
  regionsModule,
  peopleModule,
  casesModule,
  notifyModule,
  open311Module,
  devicesModule,
  sensorsModule,
  inspectionsModule,
  camerasModule,
  householdsModule,
  pointsModule,
  partyworkModule,
  shopModule,
  placesModule,
  creditModule,
  ideasModule,
  dashboardModule,
  bulletinsModule,
  demoModule,
];
