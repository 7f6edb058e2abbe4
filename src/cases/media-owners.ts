/**
 * Who may read a case's photos (the report's and those of its timeline: feedback, before/after): staff
 * of the case's region, its reporter and its assignee. Registered with the media store in src/app.ts.
 */
import type { Database } from '../platform/db/index.ts';
import type { MediaOwnerResolver, MediaReaders } from '../platform/storage.ts';

export function caseMediaReaders(database: Database): MediaOwnerResolver {
  return async (mediaId: string): Promise<MediaReaders> => {
    const rows = await database.raw<{ region_code: string; reporter_id: string | null; assignee_id: string | null }>(`
      -- the second condition lets PostgreSQL use the partial GIN indexes (cases_media_idx, case_timeline_media_idx)
      SELECT c.region_code, c.reporter_id, c.assignee_id FROM cases c WHERE c.media @> $1::jsonb AND c.media <> '[]'::jsonb
      UNION
      SELECT c.region_code, c.reporter_id, c.assignee_id FROM case_timeline t JOIN cases c ON c.id = t.case_id WHERE t.media @> $1::jsonb AND t.media <> '[]'::jsonb`,
    [JSON.stringify([mediaId])], { prepare: true });
    return {
      regionCodes: rows.map((r) => r.region_code),
      userIds: rows.flatMap((r) => [r.reporter_id, r.assignee_id]).filter((x): x is string => !!x),
    };
  };
}
