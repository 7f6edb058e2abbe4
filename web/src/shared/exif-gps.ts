/**
 * The GPS position in a JPEG's EXIF, read in the browser (pure, DataView only): the page keeps the
 * photo's position even when it shrinks a large photo before upload, which drops the EXIF block. Reads
 * the APP1 "Exif" segment, the TIFF header, IFD0's GPS pointer (0x8825), then GPSLatitudeRef/GPSLatitude/
 * GPSLongitudeRef/GPSLongitude (1–4; latitude and longitude as three RATIONALs). Anything odd → null.
 */
export function gpsOfJpeg(buf: ArrayBuffer): { lat: number; lon: number } | null {
  try {
    const v = new DataView(buf);
    if (v.getUint16(0) !== 0xffd8) return null;
    let p = 2;
    while (p + 4 <= v.byteLength) {
      const marker = v.getUint16(p);
      const len = v.getUint16(p + 2);
      if (marker === 0xffe1 && v.getUint32(p + 4) === 0x45786966 /* Exif */) return fromTiff(v, p + 10);
      if ((marker & 0xff00) !== 0xff00 || marker === 0xffda) return null; // start of scan: no EXIF before the image data
      p += 2 + len;
    }
    return null;
  } catch {
    return null;
  }
}

function fromTiff(v: DataView, t: number): { lat: number; lon: number } | null {
  const little = v.getUint16(t) === 0x4949;
  const u16 = (o: number) => v.getUint16(t + o, little);
  const u32 = (o: number) => v.getUint32(t + o, little);
  if (u16(2) !== 42) return null;
  const entries = (ifd: number) => Array.from({ length: u16(ifd) }, (_, i) => ifd + 2 + i * 12);
  const gpsPtr = entries(u32(4)).find((e) => u16(e) === 0x8825);
  if (gpsPtr === undefined) return null;
  const tags = new Map(entries(u32(gpsPtr + 8)).map((e) => [u16(e), e]));
  const ref = (tag: number) => {
    const e = tags.get(tag);
    return e === undefined ? null : String.fromCharCode(v.getUint8(t + e + 8));
  };
  const dms = (tag: number) => {
    const e = tags.get(tag);
    if (e === undefined || u16(e + 2) !== 5 || u32(e + 4) !== 3) return NaN;
    const at = u32(e + 8);
    const r = (i: number) => u32(at + i * 8) / u32(at + i * 8 + 4);
    return r(0) + r(1) / 60 + r(2) / 3600;
  };
  const lat = dms(2) * (ref(1) === 'S' ? -1 : 1);
  const lon = dms(4) * (ref(3) === 'W' ? -1 : 1);
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && !(lat === 0 && lon === 0) ? { lat, lon } : null;
}
