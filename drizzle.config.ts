import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration into migrations/ from the *.schema.ts files.
// Migrations are committed and applied by `vb migrate` (and at start). Never `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/platform.schema.ts', './src/platform/db/scheduler.schema.ts', './src/regions/regions.schema.ts', './src/people/people.schema.ts', './src/cases/cases.schema.ts', './src/notify/notify.schema.ts', './src/open311/open311.schema.ts', './src/sensors/sensors.schema.ts', './src/inspections/inspections.schema.ts', './src/cameras/cameras.schema.ts'],
  out: './migrations',
});
