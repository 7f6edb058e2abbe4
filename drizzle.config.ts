import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a new SQL migration into migrations/ from the *.schema.ts files.
// Migrations are committed and applied by `vb migrate` (and at start). Never `drizzle-kit push`.
export default defineConfig({
  dialect: 'postgresql',
  // every module's tables: a new module's <module>.schema.ts is found without editing this file
  schema: ['./src/*/*.schema.ts', './src/platform/db/*.schema.ts'],
  out: './migrations',
});
