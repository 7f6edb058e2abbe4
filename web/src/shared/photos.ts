/** Photos on a slow connection: shrink in the browser (longest side 1600 px, JPEG 0.8), then upload. */
import { ApiError, type UploadedMedia } from './api.ts';
import { gpsOfJpeg } from './exif-gps.ts';

/** What a draft keeps of an upload (POST /api/media's answer, the server's contract). */
export type Uploaded = Pick<UploadedMedia, 'id' | 'thumbUrl' | 'gps'>;

export async function compress(file: File, maxSide = 1600, quality = 0.8): Promise<Blob> {
  // the server reads the GPS position from the original EXIF, so a photo that is already small and
  // JPEG goes up as it is; others are redrawn (which drops EXIF) after the position was sent along
  if (file.type === 'image/jpeg' && file.size < 400_000) return file;
  const bitmap = await createImageBitmap(file).catch(() => null);
  if (!bitmap) return file; // let the server say what is wrong with it
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b ?? file), 'image/jpeg', quality));
}

export async function uploadPhoto(file: File): Promise<Uploaded> {
  // the position is read here too: shrinking a large photo drops its EXIF before the server sees it
  const own = file.type === 'image/jpeg' ? gpsOfJpeg(await file.slice(0, 256 * 1024).arrayBuffer()) : null;
  const body = new FormData();
  body.append('file', await compress(file), file.name.replace(/\.\w+$/, '') + '.jpg');
  const res = await fetch('/api/media', { method: 'POST', body, credentials: 'same-origin' });
  const data = await res.json().catch(() => null); // a proxy's HTML error page is not JSON
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'HTTP_' + res.status, data?.error?.message ?? res.statusText, data?.error?.details ?? {});
  return { id: data.id, thumbUrl: data.thumbUrl, gps: data.gps ?? own };
}
