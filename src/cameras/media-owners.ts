/**
 * Who may read a camera's pictures (episode snapshots, detection pictures): staff of the camera's
 * region. A case opened from an episode shares its snapshot; the cases module answers for that.
 * Registered with the media store in src/app.ts.
 */
import type { Database } from '../platform/db/index.ts';
import type { MediaOwnerResolver } from '../platform/storage.ts';

export function cameraMediaReaders(database: Database): MediaOwnerResolver {
  return async (mediaId) => {
    const rows = await database.raw<{ region_code: string }>(`
      SELECT c.region_code FROM camera_episodes e JOIN cameras c ON c.id = e.camera_id WHERE e.snapshot = $1
      UNION
      SELECT c.region_code FROM camera_detections d JOIN cameras c ON c.id = d.camera_id WHERE d.media_id = $1`,
    [mediaId], { prepare: true });
    return { regionCodes: rows.map((r) => r.region_code), userIds: [] };
  };
}
