/**
 * The one place that reads environment variables. Every setting is declared here with its
 * default, parsed, validated and documented (README "Settings" mirrors this table).
 */
import net from 'node:net';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… when set: real PostgreSQL. Otherwise embedded PGlite under dataDir/pglite. */
  databaseUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlHours: number;
  otpTtlSeconds: number;
  otpCooldownSeconds: number;
  /** Password attempts per account, and per client address, before exponential back-off. */
  loginAttemptsPerAccount: number;
  loginAttemptsPerIp: number;
  /** One-time codes sent per client address before exponential back-off. */
  otpSendsPerIp: number;
  reportsPerHourPerPerson: number;
  postsPerMinutePerIp: number;
  bodyLimitBytes: number;
  mediaMaxBytes: number;
  /** Largest image (width × height) an upload may decode to. */
  mediaMaxPixels: number;
  smsProvider: 'log' | 'http';
  smsHttpUrl: string | null;
  mapTileUrl: string | null;
  /** Embedded MQTT broker port (0: off); ignored when mqttUrl is set. */
  mqttPort: number;
  /** An external broker to subscribe to instead (Mosquitto, EMQX). */
  mqttUrl: string | null;
  /** Largest MQTT packet taken (embedded broker and external subscriber); larger ones are refused. */
  mqttMaxPacketBytes: number;
  /** External subscriber: messages taken at once, unacknowledged (its MQTT 5 Receive Maximum). */
  mqttInFlight: number;
  /** The external subscriber's MQTT client id (its persistent session): stable across restarts, shared by a partition's standby. */
  ingestId: string;
  /** Ingest processes the devices are split over (device affinity: each device's rules run in one process). */
  ingestPartitions: number;
  /** This process's partition, 0…ingestPartitions−1. */
  ingestPartition: number;
  seedDemo: boolean;
  /** Seed a year of history (cases, readings) with the demo; tests turn it off. */
  demoHistory: boolean;
  /** The demo's "village life": readings, reports, detections and camera heartbeats while it runs (never in production). */
  demoLife: boolean;
  cookieSecure: boolean;
  serveWeb: boolean;
  outboxPollMs: number;
  sweepIntervalMs: number;
  /** How often camera episodes are closed after silence, vendors' grace periods checked and camera health looked at; 0 = off. */
  cameraTickMs: number;
  /**
   * Which proxies may speak for the client in X-Forwarded-For (the per-IP limits key on the address it
   * yields): false = none (the socket's peer is the client), a hop count, or addresses/CIDRs.
   */
  trustProxy: false | number | string[];
  /** PostgreSQL: give up opening a connection after this long (a refused or black-holed database answers 503 within it). */
  dbConnectTimeoutMs: number;
  /** PostgreSQL: statement_timeout of every pooled connection (0 = none); the driver gives up a few seconds later. */
  dbStatementTimeoutMs: number;
  /** PostgreSQL: close pooled connections idle this long; also idle_in_transaction_session_timeout. */
  dbIdleTimeoutMs: number;
  /** PostgreSQL: TCP keepalive probes start after this much silence (a cut connection is noticed). */
  dbKeepaliveMs: number;
  /** Beijing-time window ("22:00-07:00", or "off") in which non-urgent SMS and robot messages wait. */
  notifyQuietHours: string;
  pointsKeepYears: number;
  shopOrderHoldDays: number;
  shopCounterHoldMinutes: number;
  /** Headless Chromium for the bulletins' PDFs; a missing file means no PDF (the Excel file is made regardless). */
  chromiumPath: string;
  /** The address people open the platform at (https://…): links in group-robot messages; null: the message names the page instead. */
  publicUrl: string | null;
  /** The households registry's key for ID numbers (32 bytes, hex or base64); null: a generated key file under DATA_DIR/keys. */
  idNumberKey: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

interface Reader {
  int(name: string, def: number, min: number, max: number): number;
  bool(name: string, def: boolean): boolean;
  str(name: string, def: string): string;
  oneOf<T extends string>(name: string, def: T, allowed: readonly T[]): T;
  url(name: string, protocols: string[]): string | null;
  trustProxy(name: string): false | number | string[];
}

/** proxy-addr's names for address ranges, accepted in TRUST_PROXY besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrCidr(v: string): boolean {
  if (PROXY_RANGE_NAMES.includes(v)) return true;
  const [addr, bits, ...rest] = v.split('/');
  const family = net.isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  if (!/^\d+$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

function reader(env: Env, problems: string[]): Reader {
  const raw = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    int(name, def, min, max) {
      const v = raw(name);
      if (v === undefined) return def;
      if (!/^-?\d+$/.test(v)) {
        problems.push(`${name}="${v}" is not a whole number`);
        return def;
      }
      const n = Number(v);
      if (n < min || n > max) problems.push(`${name}=${n} is out of range (${min}..${max})`);
      return n;
    },
    bool(name, def) {
      const v = raw(name);
      if (v === undefined) return def;
      if (/^(1|true|yes|on)$/i.test(v)) return true;
      if (/^(0|false|no|off)$/i.test(v)) return false;
      problems.push(`${name}="${v}" must be true or false`);
      return def;
    },
    str(name, def) {
      return raw(name) ?? def;
    },
    oneOf(name, def, allowed) {
      const v = raw(name);
      if (v === undefined) return def;
      if (!(allowed as readonly string[]).includes(v)) {
        problems.push(`${name}="${v}" must be one of: ${allowed.join(', ')}`);
        return def;
      }
      return v as typeof def;
    },
    url(name, protocols) {
      const v = raw(name);
      if (v === undefined) return null;
      try {
        const u = new URL(v);
        if (!protocols.includes(u.protocol)) {
          problems.push(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
        }
        return v;
      } catch {
        problems.push(`${name} is not a valid URL`);
        return null;
      }
    },
    trustProxy(name) {
      const v = raw(name);
      if (v === undefined || /^(0|false|no|off)$/i.test(v)) return false;
      if (/^\d+$/.test(v)) {
        const hops = Number(v);
        if (hops > 10) problems.push(`${name}=${hops}: at most 10 proxy hops`);
        return hops;
      }
      // "true" would trust any X-Forwarded-For a client writes (and so void the per-IP limits)
      const list = v.split(',').map((x) => x.trim()).filter(Boolean);
      const bad = list.filter((x) => !isAddressOrCidr(x));
      if (bad.length) {
        problems.push(`${name}="${v}": ${bad.map((b) => `"${b}"`).join(', ')} is not an address, a CIDR (10.0.0.0/8) or loopback|linklocal|uniquelocal; a number is a hop count`);
        return false;
      }
      return list;
    },
  };
}

/**
 * TRUST_PROXY as Fastify's trustProxy: false, a list for proxy-addr, or — for a hop count, which
 * Fastify 5 no longer honours as a number — a function trusting that many hops nearest the server.
 */
export function trustProxyOption(t: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof t === 'number') return t === 0 ? false : (_address, hop) => hop < t;
  return t;
}

/** Parse and validate the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const r = reader(env, problems);
  const production = r.str('NODE_ENV', 'development') === 'production';
  const smsProvider = r.oneOf('SMS_PROVIDER', 'log', ['log', 'http'] as const);
  const smsHttpUrl = r.url('SMS_HTTP_URL', ['http:', 'https:']);
  if (smsProvider === 'http' && !smsHttpUrl) problems.push('SMS_PROVIDER=http needs SMS_HTTP_URL');
  const config: Config = {
    port: r.int('PORT', 3000, 0, 65535),
    host: r.str('HOST', '0.0.0.0'),
    dataDir: path.resolve(r.str('DATA_DIR', './data')),
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    logLevel: r.oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    sessionTtlHours: r.int('SESSION_TTL_HOURS', 12, 1, 24 * 90),
    otpTtlSeconds: r.int('OTP_TTL_SECONDS', 300, 30, 3600),
    otpCooldownSeconds: r.int('OTP_COOLDOWN_SECONDS', 60, 0, 3600),
    loginAttemptsPerAccount: r.int('LOGIN_ATTEMPTS_PER_ACCOUNT', 5, 1, 1000),
    loginAttemptsPerIp: r.int('LOGIN_ATTEMPTS_PER_IP', 30, 1, 1_000_000),
    otpSendsPerIp: r.int('OTP_SENDS_PER_IP', 10, 1, 1_000_000),
    reportsPerHourPerPerson: r.int('REPORTS_PER_HOUR_PER_PERSON', 30, 1, 1_000_000),
    postsPerMinutePerIp: r.int('POSTS_PER_MINUTE_PER_IP', 300, 1, 10_000_000),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    mediaMaxBytes: r.int('MEDIA_MAX_BYTES', 10 * 1_048_576, 1024, 200 * 1_048_576),
    mediaMaxPixels: r.int('MEDIA_MAX_PIXELS', 60_000_000, 1, 1_000_000_000),
    smsProvider,
    smsHttpUrl,
    mapTileUrl: r.url('MAP_TILE_URL', ['http:', 'https:']),
    mqttPort: r.int('MQTT_PORT', 1883, 0, 65535),
    mqttUrl: r.url('MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttMaxPacketBytes: r.int('MQTT_MAX_PACKET_BYTES', 1_048_576, 1024, 268_435_455),
    mqttInFlight: r.int('MQTT_INFLIGHT', 500, 1, 65_535),
    ingestPartitions: r.int('INGEST_PARTITIONS', 1, 1, 64),
    ingestPartition: r.int('INGEST_PARTITION', 0, 0, 63),
    ingestId: '',
    seedDemo: r.bool('SEED_DEMO', true),
    demoHistory: r.bool('DEMO_HISTORY', true),
    demoLife: r.bool('DEMO_LIFE', !production) && !production,
    cookieSecure: r.bool('COOKIE_SECURE', production),
    serveWeb: r.bool('SERVE_WEB', true),
    outboxPollMs: r.int('OUTBOX_POLL_MS', 1000, 10, 60_000),
    sweepIntervalMs: r.int('SWEEP_INTERVAL_MS', 30_000, 0, 3_600_000),
    cameraTickMs: r.int('CAMERA_TICK_MS', 5000, 0, 600_000),
    trustProxy: r.trustProxy('TRUST_PROXY'),
    dbConnectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 3000, 100, 600_000),
    dbStatementTimeoutMs: r.int('DB_STATEMENT_TIMEOUT_MS', 60_000, 0, 86_400_000),
    dbIdleTimeoutMs: r.int('DB_IDLE_TIMEOUT_MS', 30_000, 1000, 86_400_000),
    dbKeepaliveMs: r.int('DB_KEEPALIVE_MS', 10_000, 1000, 3_600_000),
    notifyQuietHours: r.str('NOTIFY_QUIET_HOURS', '22:00-07:00'),
    pointsKeepYears: r.int('POINTS_KEEP_YEARS', 1, 0, 10),
    shopOrderHoldDays: r.int('SHOP_ORDER_HOLD_DAYS', 7, 1, 90),
    shopCounterHoldMinutes: r.int('SHOP_COUNTER_HOLD_MINUTES', 15, 1, 24 * 60),
    chromiumPath: r.str('CHROMIUM_PATH', '/usr/bin/chromium'),
    publicUrl: r.url('PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, '') ?? null,
    idNumberKey: r.str('ID_NUMBER_KEY', '') || null,
  };
  if (!/^(off|([01]?\d|2[0-3]):[0-5]\d\s*-\s*([01]?\d|2[0-3]):[0-5]\d)$/i.test(config.notifyQuietHours)) {
    problems.push(`NOTIFY_QUIET_HOURS="${config.notifyQuietHours}" must look like 22:00-07:00 (Beijing time) or off`);
  }
  if (config.ingestPartition >= config.ingestPartitions) problems.push(`INGEST_PARTITION=${config.ingestPartition} must be below INGEST_PARTITIONS=${config.ingestPartitions}`);
  // the session belongs to the partition, so a standby on another host takes over its queued messages
  config.ingestId = r.str('INGEST_ID', `villagebrain-ingest-${config.ingestPartition}of${config.ingestPartitions}`);
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The settings table printed by `vb help` and mirrored in the README. */
export const SETTINGS_DOC: [string, string, string][] = [
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '0.0.0.0', 'HTTP bind address'],
  ['DATA_DIR', './data', 'embedded database, uploaded media'],
  ['DATABASE_URL', '(unset)', 'postgres://user:pass@host:5432/db — use PostgreSQL instead of embedded PGlite'],
  ['LOG_LEVEL', 'info', 'fatal|error|warn|info|debug|trace|silent'],
  ['SESSION_TTL_HOURS', '12', 'log-in session lifetime'],
  ['OTP_TTL_SECONDS', '300', 'lifetime of a one-time SMS code'],
  ['OTP_COOLDOWN_SECONDS', '60', 'minimum gap between two codes to one phone'],
  ['LOGIN_ATTEMPTS_PER_ACCOUNT', '5', 'password attempts per account before exponential back-off (2 s, 4 s, … 15 min; 429 TOO_MANY_ATTEMPTS)'],
  ['LOGIN_ATTEMPTS_PER_IP', '30', 'failed password or code attempts per client address before back-off (per process)'],
  ['OTP_SENDS_PER_IP', '10', 'one-time codes sent per client address before back-off (10 s, 20 s, … 1 h; per process)'],
  ['MQTT_PORT', '1883', 'embedded MQTT broker for device telemetry (0: off; a taken port is reported and skipped)'],
  ['MQTT_URL', '', 'subscribe to this broker instead (mqtt://host:1883); devices publish to v1/devices/<token>/telemetry there'],
  ['MQTT_INFLIGHT', '500', 'with MQTT_URL: messages taken at once, each acknowledged once stored (the MQTT 5 Receive Maximum); the broker\'s per-client in-flight limit must allow as many'],
  ['INGEST_PARTITIONS', '1', 'with MQTT_URL: ingest processes the devices are split over (each device\'s rules run in exactly one); the same number on every process'],
  ['INGEST_PARTITION', '0', 'with MQTT_URL: this process\'s partition, 0…INGEST_PARTITIONS−1; a second process with the same partition stands by (PostgreSQL lease) and takes over'],
  ['INGEST_ID', 'villagebrain-ingest-<partition>of<partitions>', 'with MQTT_URL: the MQTT client id (persistent session) of this partition, kept across restarts and shared by its standby'],
  ['MQTT_MAX_PACKET_BYTES', '1048576', 'largest MQTT packet taken; a larger one closes the device\'s connection (logged); with MQTT_URL set the broker\'s max_packet_size to the same'],
  ['REPORTS_PER_HOUR_PER_PERSON', '30', 'reports, photos and "me too" per resident, tourist or Open311 key (per process)'],
  ['POSTS_PER_MINUTE_PER_IP', '300', 'public posts per IP address and minute (per process)'],
  ['BODY_LIMIT_BYTES', '1048576', 'largest JSON/form body'],
  ['MEDIA_MAX_BYTES', '10485760', 'largest uploaded photo'],
  ['MEDIA_MAX_PIXELS', '60000000', 'largest uploaded image in pixels (width × height); larger ones are refused (413 MEDIA_TOO_MANY_PIXELS) before they are decoded'],
  ['SMS_PROVIDER', 'log', 'log (code to log + sms_outbox table) or http'],
  ['SMS_HTTP_URL', '(unset)', 'gateway that receives POST {phone, text} when SMS_PROVIDER=http'],
  ['MAP_TILE_URL', '(unset)', 'optional XYZ tile URL for maps, e.g. https://tiles.example/{z}/{x}/{y}.png'],
  ['SEED_DEMO', 'true', 'seed the demo region on first start of an empty database'],
  ['DEMO_HISTORY', 'true', 'with the demo seed, a year of history (cases with their timelines and ratings, hourly reservoir readings); false = the bare region'],
  ['DEMO_LIFE', 'true (never in production)', 'while the demo runs, keep the district moving: readings every minute, a few reports and detections an hour, camera heartbeats'],
  ['COOKIE_SECURE', 'true in production', 'mark the session cookie Secure (needs HTTPS)'],
  ['SERVE_WEB', 'true', 'serve the built web app from web/dist'],
  ['OUTBOX_POLL_MS', '1000', 'how often undelivered domain events are retried'],
  ['SWEEP_INTERVAL_MS', '30000', 'how often overdue cases are swept (escalation, 催办/督办/通报); 0 = off'],
  ['TRUST_PROXY', '(unset: none)', 'proxies whose X-Forwarded-For is believed: a hop count (1 = one proxy in front) or addresses/CIDRs (10.0.0.5,10.1.0.0/16, loopback)'],
  ['DB_CONNECT_TIMEOUT_MS', '3000', 'PostgreSQL: give up opening a connection after this long; requests answer 503 DATABASE_UNAVAILABLE'],
  ['DB_STATEMENT_TIMEOUT_MS', '60000', 'PostgreSQL: longest statement (statement_timeout; 0 = none)'],
  ['DB_IDLE_TIMEOUT_MS', '30000', 'PostgreSQL: close pooled connections idle this long; also ends transactions left idle'],
  ['DB_KEEPALIVE_MS', '10000', 'PostgreSQL: TCP keepalive starts after this much silence'],
  ['POINTS_KEEP_YEARS', '1', 'points earned in year Y expire at the end of Y + this (0: at the end of Y); each person is told 30 days before'],
  ['SHOP_ORDER_HOLD_DAYS', '7', 'a 积分超市 order placed on the phone holds its points and stock this long, then lapses unless the shopkeeper has confirmed it'],
  ['SHOP_COUNTER_HOLD_MINUTES', '15', 'an order made at the counter (the household card scanned) lapses after this long unless confirmed'],
  ['NOTIFY_QUIET_HOURS', '22:00-07:00', 'Beijing-time window in which non-urgent SMS and group-robot messages wait (the in-app list gets them at once; urgent ones always go); off = none'],
  ['CAMERA_TICK_MS', '5000', 'how often camera episodes close after silence, street vendors\' grace periods end and camera health is checked; 0 = off'],
  ['PUBLIC_URL', '(unset)', 'the address people open the platform at (https://brain.example.gov.cn): links in group-robot (DingTalk) messages such as a new bulletin; unset, the message names the page in the console instead'],
  ['ID_NUMBER_KEY', '(unset: DATA_DIR/keys/id-number.key)', 'the households registry\'s key for 身份证号 (AES-256-GCM at rest, HMAC lookup hash): 32 bytes as 64 hex or 44 base64 characters; unset, a key file is made on first use (mode 0600). Keep it with the backups: without it ID numbers cannot be read'],
  ['CHROMIUM_PATH', '/usr/bin/chromium', 'headless Chromium that renders the bulletins\' PDFs (optional: without it bulletins are archived with their Excel file and a PDF download answers 503 BULLETIN_PDF_UNAVAILABLE)'],
];
