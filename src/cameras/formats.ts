/**
 * Camera event formats → one shape (pure). Hikvision ISAPI `EventNotificationAlert` in XML or JSON
 * (channelID, dateTime, eventType, eventState, activePostCount, DetectionRegionList with TargetRect),
 * and a generic JSON detection (`{type, confidence, time, channel, region, boxes, picture}` or an array of
 * those) that edge boxes and other vendors send. A heartbeat — `videoloss` or any `inactive` state,
 * `activePostCount` 0, `{"heartbeat": true}` — is no detection: it only says the camera is alive.
 */
import { XMLParser } from 'fast-xml-parser';

export interface CameraEvent {
  channel: number;
  /** The vendor's event code (eventType, Dahua's numeric code, or a generic name). */
  code: string;
  ts: number;
  confidence: number;
  region: string;
  boxes: { x: number; y: number; w: number; h: number; label?: string }[] | null;
  /** A picture carried in the JSON itself (base64). Multipart pictures come separately. */
  picture: Buffer | null;
}

export interface Parsed {
  events: CameraEvent[];
  heartbeat: boolean;
  problems: string[];
}

const xml = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: true, trimValues: true, isArray: (name) => name === 'DetectionRegionEntry' });
const MAX_AHEAD = 86_400_000;
const MAX_BEHIND = 7 * 86_400_000;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

function time(v: unknown, now: number): number | string {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? (/^\d+$/.test(v) ? Number(v) : Date.parse(v)) : NaN;
  if (!Number.isFinite(t)) return 'time is missing or not a date';
  if (t > now + MAX_AHEAD || t < now - MAX_BEHIND) return `time ${new Date(t).toISOString()} is too far from now`;
  return t;
}

/** Hikvision ISAPI, already parsed from XML or JSON. */
function fromIsapi(a: Record<string, unknown>, now: number): Parsed {
  const type = String(a.eventType ?? '');
  const state = String(a.eventState ?? 'active').toLowerCase();
  const posts = num(a.activePostCount);
  if (!type) return { events: [], heartbeat: false, problems: ['eventType is missing'] };
  if (type === 'videoloss' || state === 'inactive' || posts === 0) return { events: [], heartbeat: true, problems: [] };
  const ts = time(a.dateTime, now);
  if (typeof ts === 'string') return { events: [], heartbeat: false, problems: [ts] };
  const channel = num(a.channelID ?? a.dynChannelID ?? 1) ?? 1;
  const list = (a.DetectionRegionList as { DetectionRegionEntry?: Record<string, unknown>[] } | undefined)?.DetectionRegionEntry ?? [];
  const regions = list.length ? list : [{}];
  const events = regions.map((r) => {
    const rect = r.TargetRect as Record<string, unknown> | undefined;
    const conf = num(r.confidence ?? a.confidence);
    return {
      channel, code: type, ts, confidence: conf === null ? 1 : conf > 1 ? conf / 100 : conf, region: String(r.regionID ?? ''),
      boxes: rect ? [{ x: num(rect.X) ?? 0, y: num(rect.Y) ?? 0, w: num(rect.width) ?? 0, h: num(rect.height) ?? 0, label: r.detectionTarget ? String(r.detectionTarget) : undefined }] : null,
      picture: null,
    };
  });
  return { events, heartbeat: false, problems: [] };
}

/** The generic detection, one object. */
function fromGeneric(o: Record<string, unknown>, now: number, i: number): CameraEvent | string {
  const at = i >= 0 ? `[${i}] ` : '';
  const type = o.type ?? o.code;
  if (typeof type !== 'string' && typeof type !== 'number') return `${at}type is missing`;
  const ts = time(o.time ?? o.ts ?? now, now);
  if (typeof ts === 'string') return at + ts;
  const conf = o.confidence === undefined ? 1 : num(o.confidence);
  if (conf === null || conf < 0 || conf > 100) return `${at}confidence must be a number from 0 to 1`;
  let boxes: CameraEvent['boxes'] = null;
  if (o.boxes !== undefined) {
    if (!Array.isArray(o.boxes) || o.boxes.some((b) => !b || typeof b !== 'object' || [b.x, b.y, b.w, b.h].some((x) => num(x) === null))) return `${at}boxes must be [{x, y, w, h}]`;
    boxes = (o.boxes as Record<string, unknown>[]).slice(0, 20).map((b) => ({ x: num(b.x)!, y: num(b.y)!, w: num(b.w)!, h: num(b.h)!, ...(b.label ? { label: String(b.label).slice(0, 40) } : {}) }));
  }
  let picture: Buffer | null = null;
  if (o.picture !== undefined && o.picture !== null) {
    if (typeof o.picture !== 'string') return `${at}picture must be base64`;
    picture = Buffer.from(o.picture.replace(/^data:[^,]*,/, ''), 'base64');
  }
  return { channel: num(o.channel) ?? 1, code: String(type).slice(0, 40), ts, confidence: conf > 1 ? conf / 100 : conf, region: String(o.region ?? '').slice(0, 24), boxes, picture };
}

/** Parse a body by its content type (`xml` or `json`); never throws. */
export function parseCameraBody(kind: 'xml' | 'json', text: string, now = Date.now()): Parsed {
  let body: unknown;
  try {
    if (kind === 'xml') {
      if (!/<\s*(\w+:)?EventNotificationAlert[\s>]/.test(text)) return { events: [], heartbeat: false, problems: ['malformed XML: no EventNotificationAlert'] };
      const doc = xml.parse(text, true) as Record<string, unknown>;
      return fromIsapi(doc.EventNotificationAlert as Record<string, unknown>, now);
    }
    body = JSON.parse(text);
  } catch (err) {
    return { events: [], heartbeat: false, problems: [`malformed ${kind.toUpperCase()}: ${(err as Error).message.slice(0, 120)}`] };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    if (o.heartbeat === true) return { events: [], heartbeat: true, problems: [] };
    if (o.EventNotificationAlert && typeof o.EventNotificationAlert === 'object') return fromIsapi(o.EventNotificationAlert as Record<string, unknown>, now);
    if ('eventType' in o) return fromIsapi(o, now);
  }
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0 || list.length > 1000) return { events: [], heartbeat: false, problems: ['expected 1 to 1000 detections'] };
  const out: Parsed = { events: [], heartbeat: false, problems: [] };
  list.forEach((o, i) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return void out.problems.push(`[${i}] is not an object`);
    const r = fromGeneric(o as Record<string, unknown>, now, Array.isArray(body) ? i : -1);
    if (typeof r === 'string') out.problems.push(r);
    else out.events.push(r);
  });
  return out;
}
