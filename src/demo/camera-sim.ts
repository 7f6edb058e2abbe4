/**
 * The demo's cameras in motion (`vb simulate --cameras`): each condition of the scenario below is seen
 * about once a second by its camera, pushed like real devices do — Hikvision ISAPI XML in multipart with
 * the JPEG `Picture` for the parking camera, generic JSON detections (Dahua codes for the bins, analytics
 * names for the rest) with a base64 snapshot now and then — plus a heartbeat a minute from every camera.
 * The simulator is also the street cameras' IP speaker (port 3901): a vendor who hears the warning
 * leaves or not, as the scenario says. Snapshots are drawn for each detection (sharp, SVG → JPEG).
 *
 * Real time by default (the scenario takes `minutes`). `fast` sends it all at once with the timestamps of
 * the coming minutes; the platform's clocks (grace periods, silence) then play it out as that time comes.
 */
import http from 'node:http';
import sharp from 'sharp';
import { DEMO_CAMERAS, demoCameraToken, SIM_SPEAKER_PORT } from './cameras.ts';

interface Condition {
  cam: number;
  /** The type the camera reports (generic analytics name, Dahua code, or ISAPI eventType). */
  type: string;
  label: string;
  region: string;
  from: number;
  to: number;
  /** A vendor who leaves this many seconds after hearing the warning (undefined: ignores it). */
  leavesAfterWarning?: number;
  isapi?: boolean;
}

const cam = (name: string) => DEMO_CAMERAS.findIndex((c) => c.name === name);

/** Ten minutes in 府山街道, 沟溪乡 and at 杨家源水库. Seconds from the start. */
export const SCENARIO: Condition[] = [
  { cam: cam('府山街口1'), type: 'street_vendor', label: 'VENDOR A', region: '1', from: 10, to: 590, leavesAfterWarning: 15 },
  { cam: cam('府山街口2'), type: 'street_vendor', label: 'VENDOR B', region: '1', from: 40, to: 590 },
  { cam: cam('府山1号垃圾桶点'), type: '895', label: 'BIN FULL', region: '1', from: 60, to: 330 },
  { cam: cam('府山3号垃圾桶点'), type: '895', label: 'BIN FULL', region: '1', from: 420, to: 600 },
  { cam: cam('府山停车点1'), type: 'illegalParking', label: 'PARKED CAR', region: '1', from: 0, to: 420, isapi: true },
  { cam: cam('沟溪哨兵1'), type: 'smoke_fire', label: 'SMOKE', region: '1', from: 120, to: 160 },
  { cam: cam('杨家源水库岸边'), type: 'person_at_water', label: 'ANGLER', region: '1', from: 480, to: 600 },
  // noise: a plastic bag the street camera is not sure about (below the confidence threshold)
  { cam: cam('府山街口3'), type: 'street_vendor', label: 'BAG?', region: '2', from: 200, to: 230 },
];
const WEAK = new Set(['BAG?']);

export interface CameraSimOptions {
  url: string;
  minutes: number;
  fast: boolean;
  log: (line: string) => void;
}

/** A snapshot: a street-coloured frame with the detected object boxed and labelled. */
export async function snapshot(label: string, ts: number, seed: number): Promise<Buffer> {
  const x = 120 + (seed * 37) % 300;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360">
    <rect width="640" height="360" fill="#6b6f73"/><rect y="250" width="640" height="110" fill="#8a8d90"/>
    <rect x="0" y="0" width="640" height="28" fill="#000" opacity="0.55"/>
    <text x="10" y="19" font-family="monospace" font-size="14" fill="#fff">${new Date(ts).toISOString().slice(0, 19).replace('T', ' ')}  CAM ${seed}</text>
    <rect x="${x}" y="150" width="150" height="120" fill="#d9a441" stroke="#ff3b30" stroke-width="4" fill-opacity="0.8"/>
    <text x="${x + 6}" y="170" font-family="sans-serif" font-size="16" fill="#fff">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
}

const isapiXml = (type: string, ts: number, region: string) => `<?xml version="1.0" encoding="UTF-8"?>
<EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><channelID>1</channelID>
<dateTime>${new Date(ts).toISOString()}</dateTime><activePostCount>1</activePostCount><eventType>${type}</eventType><eventState>active</eventState>
<DetectionRegionList><DetectionRegionEntry><regionID>${region}</regionID></DetectionRegionEntry></DetectionRegionList></EventNotificationAlert>`;

export async function simulateCameras(o: CameraSimOptions): Promise<{ sent: number; failed: number; warnings: number }> {
  const seconds = Math.round(o.minutes * 60);
  const warnedAt = new Map<string, number>(); // camera token → sim second the speaker played
  let simNow = 0;
  // the street cameras' speaker: a vendor hears the warning
  const speaker = http.createServer((req, res) => {
    const token = (req.url ?? '').split('/').pop() ?? '';
    req.resume();
    req.on('end', () => {
      if (!warnedAt.has(token)) o.log(`speaker ${token}: warning played at ${simNow} s`);
      warnedAt.set(token, warnedAt.get(token) ?? simNow);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  const listening = await new Promise<boolean>((resolve) => {
    speaker.once('error', () => resolve(false));
    speaker.listen(SIM_SPEAKER_PORT, '127.0.0.1', () => resolve(true));
  });
  if (!listening) o.log(`port ${SIM_SPEAKER_PORT} is taken: the street cameras' speakers will not answer (their cases open without the warning)`);
  let sent = 0;
  let failed = 0;
  const post = async (token: string, body: BodyInit, type: string) => {
    const r = await fetch(`${o.url}/api/v1/cameras/${token}/events`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body }).catch(() => null);
    if (r?.ok) sent++;
    else failed++;
  };
  const start = Date.now();
  try {
    for (let s = 0; s <= seconds; s++) {
      simNow = s;
      const ts = start + s * 1000;
      const active = SCENARIO.filter((c) => {
        if (c.cam < 0 || s < c.from || s > c.to) return false;
        const w = c.leavesAfterWarning !== undefined ? warnedAt.get(demoCameraToken(c.cam)) : undefined;
        return w === undefined || s <= w + c.leavesAfterWarning!;
      });
      await Promise.all(active.map(async (c) => {
        const token = demoCameraToken(c.cam);
        const withPicture = s === c.from || (s - c.from) % 30 === 0;
        const picture = withPicture ? await snapshot(c.label, ts, c.cam + 1) : null;
        if (c.isapi) {
          const form = new FormData();
          form.append(c.type, new Blob([isapiXml(c.type, ts, c.region)], { type: 'application/xml' }), `${c.type}.xml`);
          if (picture) form.append('Picture', new Blob([new Uint8Array(picture)], { type: 'image/jpeg' }), 'Picture.jpg');
          return post(token, form, '');
        }
        const det = { type: c.type, confidence: WEAK.has(c.label) ? 0.42 : 0.88 + (s % 10) / 100, time: ts, region: c.region, ...(picture ? { picture: picture.toString('base64') } : {}) };
        return post(token, JSON.stringify(det), 'application/json');
      }));
      // a heartbeat a minute from every camera
      if (s % 60 === 0) await Promise.all(DEMO_CAMERAS.map((_, i) => post(demoCameraToken(i), '{"heartbeat": true}', 'application/json')));
      if (s % 60 === 0) o.log(`${s / 60} min: ${active.map((c) => `${DEMO_CAMERAS[c.cam].name} ${c.label}`).join(', ') || 'quiet'}`);
      if (!o.fast) await new Promise((r) => setTimeout(r, Math.max(0, start + (s + 1) * 1000 - Date.now())));
    }
  } finally {
    await new Promise<void>((resolve) => speaker.close(() => resolve()));
  }
  return { sent, failed, warnings: warnedAt.size };
}
