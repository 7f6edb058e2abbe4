/**
 * The one place that reads environment variables. Every setting is declared here with its
 * default, parsed, validated and documented (README "Settings" mirrors this table).
 */
import os from 'node:os';
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
  reportsPerHourPerPerson: number;
  postsPerMinutePerIp: number;
  bodyLimitBytes: number;
  mediaMaxBytes: number;
  smsProvider: 'log' | 'http';
  smsHttpUrl: string | null;
  mapTileUrl: string | null;
  /** Embedded MQTT broker port (0: off); ignored when mqttUrl is set. */
  mqttPort: number;
  /** An external broker to subscribe to instead (Mosquitto, EMQX). */
  mqttUrl: string | null;
  /** Largest MQTT packet taken (embedded broker and external subscriber); larger ones are refused. */
  mqttMaxPacketBytes: number;
  /** The external subscriber's MQTT client id: stable across restarts so a restart takes its session back. */
  ingestId: string;
  seedDemo: boolean;
  cookieSecure: boolean;
  serveWeb: boolean;
  outboxPollMs: number;
  sweepIntervalMs: number;
  /** How often camera episodes are closed after silence, vendors' grace periods checked and camera health looked at; 0 = off. */
  cameraTickMs: number;
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
  };
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
    reportsPerHourPerPerson: r.int('REPORTS_PER_HOUR_PER_PERSON', 30, 1, 1_000_000),
    postsPerMinutePerIp: r.int('POSTS_PER_MINUTE_PER_IP', 300, 1, 10_000_000),
    bodyLimitBytes: r.int('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    mediaMaxBytes: r.int('MEDIA_MAX_BYTES', 10 * 1_048_576, 1024, 200 * 1_048_576),
    smsProvider,
    smsHttpUrl,
    mapTileUrl: r.url('MAP_TILE_URL', ['http:', 'https:']),
    mqttPort: r.int('MQTT_PORT', 1883, 0, 65535),
    mqttUrl: r.url('MQTT_URL', ['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:']),
    mqttMaxPacketBytes: r.int('MQTT_MAX_PACKET_BYTES', 1_048_576, 1024, 268_435_455),
    ingestId: r.str('INGEST_ID', `villagebrain-${os.hostname()}`.replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 64)),
    seedDemo: r.bool('SEED_DEMO', true),
    cookieSecure: r.bool('COOKIE_SECURE', production),
    serveWeb: r.bool('SERVE_WEB', true),
    outboxPollMs: r.int('OUTBOX_POLL_MS', 1000, 10, 60_000),
    sweepIntervalMs: r.int('SWEEP_INTERVAL_MS', 30_000, 0, 3_600_000),
    cameraTickMs: r.int('CAMERA_TICK_MS', 5000, 0, 600_000),
  };
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
  ['MQTT_PORT', '1883', 'embedded MQTT broker for device telemetry (0: off; a taken port is reported and skipped)'],
  ['MQTT_URL', '', 'subscribe to this broker instead (mqtt://host:1883); devices publish to v1/devices/<token>/telemetry there'],
  ['INGEST_ID', 'villagebrain-<host name>', 'with MQTT_URL: this process\'s MQTT client id (its persistent session); one per ingest process, kept across restarts'],
  ['MQTT_MAX_PACKET_BYTES', '1048576', 'largest MQTT packet taken; a larger one closes the device\'s connection (logged); with MQTT_URL set the broker\'s max_packet_size to the same'],
  ['REPORTS_PER_HOUR_PER_PERSON', '30', 'reports, photos and "me too" per resident, tourist or Open311 key (per process)'],
  ['POSTS_PER_MINUTE_PER_IP', '300', 'public posts per IP address and minute (per process)'],
  ['BODY_LIMIT_BYTES', '1048576', 'largest JSON/form body'],
  ['MEDIA_MAX_BYTES', '10485760', 'largest uploaded photo'],
  ['SMS_PROVIDER', 'log', 'log (code to log + sms_outbox table) or http'],
  ['SMS_HTTP_URL', '(unset)', 'gateway that receives POST {phone, text} when SMS_PROVIDER=http'],
  ['MAP_TILE_URL', '(unset)', 'optional XYZ tile URL for maps, e.g. https://tiles.example/{z}/{x}/{y}.png'],
  ['SEED_DEMO', 'true', 'seed the demo region on first start of an empty database'],
  ['COOKIE_SECURE', 'true in production', 'mark the session cookie Secure (needs HTTPS)'],
  ['SERVE_WEB', 'true', 'serve the built web app from web/dist'],
  ['OUTBOX_POLL_MS', '1000', 'how often undelivered domain events are retried'],
  ['SWEEP_INTERVAL_MS', '30000', 'how often overdue cases are swept (escalation, 催办/督办/通报); 0 = off'],
  ['CAMERA_TICK_MS', '5000', 'how often camera episodes close after silence, street vendors\' grace periods end and camera health is checked; 0 = off'],
];
