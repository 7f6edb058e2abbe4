/**
 * Who may read an inspection's photos: staff of the asset's region and the inspector. Registered with
 * the media store in src/app.ts.
 */
import type { Database } from '../platform/db/index.ts';
import type { MediaOwnerResolver } from '../platform/storage.ts';

export function inspectionMediaReaders(database: Database): MediaOwnerResolver {
  return async (mediaId) => {
    const rows = await database.raw<{ region_code: string; inspector_id: string }>(`
      SELECT DISTINCT i.region_code, i.inspector_id FROM inspection_items it JOIN inspections i ON i.id = it.inspection_id
       WHERE it.media @> $1::jsonb AND it.media <> '[]'::jsonb`,
    [JSON.stringify([mediaId])], { prepare: true });
    return { regionCodes: rows.map((r) => r.region_code), userIds: rows.map((r) => r.inspector_id) };
  };
}
