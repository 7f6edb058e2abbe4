/**
 * Media storage: content-addressed files under DATA_DIR/media (outside any web root), type sniffed
 * from the bytes (never from the name or the client's header), size-limited, with a JPEG thumbnail.
 * Photos carrying metadata (EXIF, XMP, IPTC) are re-encoded without it before they are stored — a
 * phone photo's GPS position is someone's home more often than not. The position is read first and
 * handed back once, as a hint for the report form; it is not stored.
 *
 * Who may read a file is decided by what owns it — a case, a camera episode, an inspection — which the
 * platform does not know: each module that keeps media ids registers an owner resolver answering
 * "which regions and which people may read media X" with its own SQL (see src/app.ts). The uploader
 * may always read it (a report in progress); otherwise staff whose scope covers an owner's region or
 * one of the people the owner names. Anyone else gets the same 404 as for a missing file.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import exifReader from 'exif-reader';
import sharp, { type Metadata } from 'sharp';
import { staffIn, type Actor } from './access.ts';
import type { Db } from './db/index.ts';
import { media } from './db/platform.schema.ts';
import { AppError, badRequest, notFound } from './errors.ts';

export const IMAGE_TYPES = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/heic', 'heic'],
  ['image/gif', 'gif'],
]);

export interface MediaInfo {
  id: string;
  mime: string;
  ext: string;
  bytes: number;
  width: number | null;
  height: number | null;
}

/** What an upload returns: the stored media and, once, the photo's own GPS position (WGS-84). */
export interface SavedImage extends MediaInfo {
  gps: { lat: number; lon: number } | null;
}

/** The GPS position in a photo's EXIF block, if any (degrees, WGS-84 as cameras record it). */
export function gpsOfExif(exif: Buffer | undefined): { lat: number; lon: number } | null {
  if (!exif) return null;
  try {
    const g = exifReader(exif).GPSInfo;
    const dms = (v: number[] | undefined) => (v && v.length === 3 ? v[0] + v[1] / 60 + v[2] / 3600 : NaN);
    const lat = dms(g?.GPSLatitude) * (g?.GPSLatitudeRef === 'S' ? -1 : 1);
    const lon = dms(g?.GPSLongitude) * (g?.GPSLongitudeRef === 'W' ? -1 : 1);
    return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
  } catch {
    return null;
  }
}

/** Who may read a stored file, as one owner of it says: staff of these regions, these people. */
export interface MediaReaders {
  regionCodes: string[];
  userIds: string[];
}

/** A module's answer for a media id (empty lists when the module does not hold it). */
export type MediaOwnerResolver = (mediaId: string) => Promise<MediaReaders>;

export class MediaStore {
  readonly root: string;
  private owners = new Map<string, MediaOwnerResolver>();
  constructor(
    dataDir: string,
    private maxBytes: number,
    /** Largest width × height decoded (MEDIA_MAX_PIXELS): a small file can unpack to gigabytes. */
    private maxPixels = 60_000_000,
  ) {
    this.root = path.join(dataDir, 'media');
  }

  private fileFor(id: string, ext: string, variant: '' | '.thumb' = ''): string {
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), `${id}${variant}.${variant ? 'jpg' : ext}`);
  }

  /** Validate and store an image; returns its row. Storing the same bytes twice is a no-op. */
  async saveImage(db: Db, bytes: Buffer, uploadedBy: string | null): Promise<SavedImage> {
    if (bytes.length === 0) throw badRequest('MEDIA_EMPTY', 'The file is empty', { field: 'file' });
    if (bytes.length > this.maxBytes) {
      throw new AppError('FILE_TOO_LARGE', 413, `The file is ${bytes.length} bytes; the limit is ${this.maxBytes}`, { field: 'file', limit: this.maxBytes });
    }
    const sniffed = await fileTypeFromBuffer(bytes);
    const ext = sniffed && IMAGE_TYPES.get(sniffed.mime);
    if (!sniffed || !ext) {
      throw new AppError('MEDIA_TYPE_NOT_ALLOWED', 415, `Not an accepted image (detected: ${sniffed?.mime ?? 'unknown'})`, {
        field: 'file',
        allowed: [...IMAGE_TYPES.keys()],
      });
    }
    let meta: Metadata;
    try {
      // the header only (no pixel decoded), so the size check below can say what is wrong
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      throw new AppError('MEDIA_CORRUPT', 422, 'The image cannot be decoded', { field: 'file' });
    }
    // refused from the header, before any pixel is decoded (sharp's own limit below is the safety net)
    const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0) * Math.max(1, meta.pages ?? 1);
    if (pixels > this.maxPixels) {
      throw new AppError('MEDIA_TOO_MANY_PIXELS', 413, `The image is ${meta.width} × ${meta.height} pixels; the limit is ${this.maxPixels} pixels`, {
        field: 'file', limit: this.maxPixels, pixels,
      });
    }
    const decode = () => sharp(bytes, { limitInputPixels: this.maxPixels });
    const gps = gpsOfExif(meta.exif);
    if (meta.exif || meta.xmp || meta.iptc) {
      // re-encode without metadata (rotated upright first, since the orientation tag goes too)
      try {
        const fmt = meta.format === 'jpeg' || meta.format === 'png' || meta.format === 'webp' ? meta.format : 'jpeg';
        bytes = await decode().rotate().toFormat(fmt, fmt === 'jpeg' ? { quality: 90 } : {}).toBuffer();
      } catch {
        throw new AppError('MEDIA_METADATA', 422, 'The photo\'s location data cannot be removed; send it as JPEG', { field: 'file' });
      }
    }
    const stored = IMAGE_TYPES.get((await fileTypeFromBuffer(bytes))?.mime ?? '') ?? ext;
    const id = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = this.fileFor(id, stored);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) {
      // write-then-rename: a crash never leaves a half-written file under the final name
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
      const thumb = await decode().rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
      fs.writeFileSync(this.fileFor(id, stored, '.thumb'), thumb);
    }
    const mime = [...IMAGE_TYPES].find(([, e]) => e === stored)![0];
    const info: MediaInfo = { id, mime, ext: stored, bytes: bytes.length, width: meta.width ?? null, height: meta.height ?? null };
    await db.insert(media).values({ ...info, uploadedBy }).onConflictDoNothing();
    return { ...info, gps };
  }

  /** Which of these media ids were uploaded (one query). */
  async existing(db: Db, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.select({ id: media.id }).from(media).where(inArray(media.id, ids));
    return new Set(rows.map((r) => r.id));
  }

  /** Who uploaded these media and what they are (one query): a form may attach only its writer's own pictures. */
  async uploads(db: Db, ids: string[]): Promise<Map<string, { mime: string; uploadedBy: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await db.select({ id: media.id, mime: media.mime, uploadedBy: media.uploadedBy }).from(media).where(inArray(media.id, ids));
    return new Map(rows.map((r) => [r.id, { mime: r.mime, uploadedBy: r.uploadedBy }]));
  }

  /** A module that keeps media ids says who may read them (one resolver per owner kind). */
  registerOwner(name: string, resolve: MediaOwnerResolver): void {
    this.owners.set(name, resolve);
  }

  /** Everyone every owner of the file lets read it. */
  async readers(id: string): Promise<MediaReaders> {
    const all = await Promise.all([...this.owners.values()].map((r) => r(id)));
    return { regionCodes: [...new Set(all.flatMap((a) => a.regionCodes))], userIds: [...new Set(all.flatMap((a) => a.userIds))] };
  }

  /** 404 (as for a missing file) unless the actor uploaded it, or an owner of it lets the actor read it. */
  async assertReadable(actor: Actor, info: MediaInfo & { uploadedBy: string | null }): Promise<void> {
    if (info.uploadedBy === actor.id) return;
    const r = await this.readers(info.id);
    if (r.userIds.includes(actor.id) || r.regionCodes.some((code) => staffIn(actor, code))) return;
    throw notFound('MEDIA_NOT_FOUND', 'No such media');
  }

  async get(db: Db, id: string): Promise<MediaInfo & { uploadedBy: string | null }> {
    if (!/^[0-9a-f]{64}$/.test(id)) throw notFound('MEDIA_NOT_FOUND', 'No such media');
    const [row] = await db.select().from(media).where(eq(media.id, id));
    if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such media');
    return row;
  }

  pathOf(info: MediaInfo, thumb = false): string {
    return this.fileFor(info.id, info.ext, thumb ? '.thumb' : '');
  }
}
