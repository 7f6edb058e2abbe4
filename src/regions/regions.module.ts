/** The regions module: the administrative hierarchy and grids, and the point → village/grid index. */
import fs from 'node:fs';
import { AppError } from '../platform/errors.ts';
import { defineModule } from '../platform/module.ts';
import { REGIONS_ERRORS } from './regions.errors.ts';
import { REGIONS_PERMISSIONS } from './regions.permissions.ts';
import { RegionsService } from './regions.service.ts';
import { regionsRoutes } from './regions.routes.ts';

declare module '../platform/module.ts' {
  interface ModuleServices {
    regions: RegionsService;
  }
}

export const regionsModule = defineModule({
  name: 'regions',
  permissions: REGIONS_PERMISSIONS,
  errors: REGIONS_ERRORS,
  async build({ platform }) {
    const regions = new RegionsService(platform);
    await regions.rebuildIndex();
    return { regions };
  },
  everywhere: {
    // every process places points: an import in one must reach the index of all (NOTIFY fan-out)
    'regions.imported': (_e, { regions }) => regions.rebuildIndex(),
  },
  routes: (app, { regions }) => app.register(regionsRoutes, { regions, importBodyLimit: 200 * 1_048_576 }),
  commands: {
    regions: {
      summary: 'Import regions and grids from a GeoJSON file: `regions import FILE`',
      usage:
        'vb regions import FILE.geojson [--crs wgs84|gcj02|bd09] [--dry-run]\n' +
        '  Features need properties.code (12/15/18 digits) and properties.name; a bad feature rejects the\n' +
        '  whole file (each one named); overlaps and gaps are reported.',
      options: { crs: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      async run({ values: v, positionals, withCore }) {
        if (positionals[0] !== 'import' || !positionals[1]) throw new AppError('USAGE', 2, 'Usage: vb regions import FILE.geojson');
        const crs = (v.crs as string | undefined) ?? 'wgs84';
        if (!['wgs84', 'gcj02', 'bd09'].includes(crs)) throw new AppError('USAGE', 2, '--crs must be wgs84, gcj02 or bd09');
        let input: unknown;
        try {
          input = JSON.parse(fs.readFileSync(positionals[1], 'utf8'));
        } catch (err) {
          throw new AppError('IMPORT_UNREADABLE', 2, `Cannot read ${positionals[1]} as JSON: ${(err as Error).message}`);
        }
        await withCore(async ({ services }) => {
          try {
            const r = await services.regions.importGeoJson(null, input, { crs: crs as 'wgs84', dryRun: !!v['dry-run'] });
            console.log(`${r.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${r.created} new, ${r.updated} updated.`);
            for (const o of r.overlaps) console.log(`  overlap: ${o.a} and ${o.b}`);
            for (const g of r.gaps) console.log(`  gap: children of ${g.parentCode} cover ${g.coveredPct} % (${g.uncoveredKm2} km² uncovered)`);
          } catch (err) {
            const errors = (err as AppError).details?.errors as { id: string; problems: string[] }[] | undefined;
            if (errors) for (const e of errors) console.error(`  ${e.id}: ${e.problems.join('; ')}`);
            throw err;
          }
        });
      },
    },
  },
});
