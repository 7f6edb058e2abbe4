/** What the bulletins routes answer (TypeBox schemas and their static types, shared with the web). */
import { Type, type Static } from 'typebox';
import { AnyObject, DateTime, Nullable } from '../platform/contract.ts';

export const Bulletin = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('weekly'), Type.Literal('monthly'), Type.Literal('yearly')]),
  kindZh: Type.String(), kindEn: Type.String(),
  regionCode: Type.String(), regionName: Type.String(),
  periodStart: Type.String(), periodEnd: Type.String(),
  /** 沟溪乡〔2026〕第48期 */
  number: Type.String(), title: Type.String(),
  contentHash: Type.String({ description: 'SHA-256 of the canonical content (sorted-key JSON, no generation time): the same period re-rendered gives the same hash' }),
  xlsxSha256: Type.String(), pdfSha256: Nullable(Type.String()), hasPdf: Type.Boolean(),
  generatedAt: DateTime,
  /** Counted in the bulletin: units on the red and black lists, overdue and 督办 cases. */
  red: Type.Integer(), black: Type.Integer(), overdue: Type.Integer(), supervised: Type.Integer(),
  xlsxUrl: Type.String(), pdfUrl: Type.String(),
});
export type Bulletin = Static<typeof Bulletin>;

/** One bulletin with its full content (rankings, lists, thresholds) for the page. */
export const BulletinDetail = Type.Object({ bulletin: Bulletin, content: AnyObject });
export type BulletinDetail = Static<typeof BulletinDetail>;

export const Generated = Type.Object({ bulletin: Bulletin, created: Type.Boolean({ description: 'false: the period\'s bulletin was already archived, answered as it is' }) });
export type Generated = Static<typeof Generated>;
