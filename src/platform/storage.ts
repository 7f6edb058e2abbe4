/**
 * Media storage: content-addressed files under DATA_DIR/media (outside any web root), type sniffed
 * from the bytes (never from the name or the client's header), size-limited, with a JPEG thumbnail.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
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

export class MediaStore {
  readonly root: string;
  constructor(
    dataDir: string,
    private maxBytes: number,
  ) {
    this.root = path.join(dataDir, 'media');
  }

  private fileFor(id: string, ext: string, variant: '' | '.thumb' = ''): string {
    return path.join(this.root, id.slice(0, 2), id.slice(2, 4), `${id}${variant}.${variant ? 'jpg' : ext}`);
  }

  /** Validate and store an image; returns its row. Storing the same bytes twice is a no-op. */
  async saveImage(db: Db, bytes: Buffer, uploadedBy: string | null): Promise<MediaInfo> {
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
      meta = await sharp(bytes).metadata();
    } catch {
      throw new AppError('MEDIA_CORRUPT', 422, 'The image cannot be decoded', { field: 'file' });
    }
    const id = crypto.createHash('sha256').update(bytes).digest('hex');
    const file = this.fileFor(id, ext);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) {
      // write-then-rename: a crash never leaves a half-written file under the final name
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
      const thumb = await sharp(bytes).rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
      fs.writeFileSync(this.fileFor(id, ext, '.thumb'), thumb);
    }
    const info: MediaInfo = { id, mime: sniffed.mime, ext, bytes: bytes.length, width: meta.width ?? null, height: meta.height ?? null };
    await db.insert(media).values({ ...info, uploadedBy }).onConflictDoNothing();
    return info;
  }

  async get(db: Db, id: string): Promise<MediaInfo> {
    if (!/^[0-9a-f]{64}$/.test(id)) throw notFound('MEDIA_NOT_FOUND', 'No such media');
    const [row] = await db.select().from(media).where(eq(media.id, id));
    if (!row) throw notFound('MEDIA_NOT_FOUND', 'No such media');
    return row;
  }

  pathOf(info: MediaInfo, thumb = false): string {
    return this.fileFor(info.id, info.ext, thumb ? '.thumb' : '');
  }
}
