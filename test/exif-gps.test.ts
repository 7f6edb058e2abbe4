/** The browser's EXIF GPS reader (web/src/shared/exif-gps.ts) against photos sharp writes, and the server's reader. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { gpsOfExif } from '../src/platform/storage.ts';
import { gpsOfJpeg } from '../web/src/shared/exif-gps.ts';

const toDms = (deg: number) => {
  const a = Math.abs(deg);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = Math.round(((a - d) * 60 - m) * 60 * 1000);
  return `${d}/1 ${m}/1 ${s}/1000`;
};
const photo = (lat: number, lon: number) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 120, g: 90, b: 60 } } }).jpeg()
  .withExif({ IFD0: { Make: 'TestPhone' }, IFD3: { GPSLatitudeRef: lat < 0 ? 'S' : 'N', GPSLatitude: toDms(lat), GPSLongitudeRef: lon < 0 ? 'W' : 'E', GPSLongitude: toDms(lon) } }).toBuffer();
const ab = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('EXIF GPS in the browser', () => {
  it('reads the position of a phone photo, as the server does', async () => {
    const jpeg = await photo(28.975, 118.87);
    const g = gpsOfJpeg(ab(jpeg));
    assert.ok(g && Math.abs(g.lat - 28.975) < 1e-6 && Math.abs(g.lon - 118.87) < 1e-6, JSON.stringify(g));
    const server = gpsOfExif((await sharp(jpeg).metadata()).exif);
    assert.ok(server && Math.abs(server.lat - g.lat) < 1e-9 && Math.abs(server.lon - g.lon) < 1e-9);
  });

  it('no GPS, not a JPEG, or cut short: null, never a throw', async () => {
    const plain = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'gray' } }).jpeg().toBuffer();
    assert.equal(gpsOfJpeg(ab(plain)), null);
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'gray' } }).png().toBuffer();
    assert.equal(gpsOfJpeg(ab(png)), null);
    const jpeg = await photo(30, 120);
    for (const n of [2, 10, 40, 100]) assert.equal(gpsOfJpeg(ab(jpeg.subarray(0, n))), null);
  });

  it('any position on earth round-trips (property; south and west too)', async () => {
    const deg = (max: number) => fc.tuple(fc.integer({ min: 100, max: max * 10_000 }), fc.boolean()).map(([v, neg]) => (neg ? -v : v) / 10_000);
    await fc.assert(fc.asyncProperty(deg(89), deg(179), async (lat, lon) => {
      const g = gpsOfJpeg(ab(await photo(lat, lon)));
      assert.ok(g && Math.abs(g.lat - lat) < 1e-5 && Math.abs(g.lon - lon) < 1e-5, `${lat},${lon} → ${JSON.stringify(g)}`);
    }), { numRuns: 60 });
  });
});
