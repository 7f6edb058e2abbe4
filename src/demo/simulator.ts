/**
 * A device simulator for the demo (`vb simulate`): the demo's reservoir gauges report with their
 * well-known tokens, like real devices would — over MQTT when the server has a broker (its /healthz
 * says which: the embedded one, user name = token; or MQTT_URL's, token in the topic), else over HTTP. Calm weather by default; `--storm NAME` makes that
 * reservoir's level climb 0.2 m per simulated half hour (rain falling) until it passes the check flood
 * level, so the warning → major → critical chain can be watched in the console. The water runs fast
 * (each round is half an hour's rise), but every reading carries the time it is sent: back-dated
 * readings made the alarm list, the case and the wall clock disagree, and made devices look silent
 * ("no data") at the start of a storm. A burst of rounds seconds apart is too short a span for the
 * rise-rate rule (rules.ts), so the chain goes by the levels.
 */
import { DEMO_RESERVOIRS, demoToken } from './reservoirs.ts';

export type Transport = { via: 'http' } | { via: 'mqtt'; broker: string; tokenInTopic: boolean };

export interface SimulateOptions {
  url: string;
  transport: Transport;
  storm: string | null;
  rounds: number;
  intervalMs: number;
  log: (line: string) => void;
}

export async function simulate(o: SimulateOptions): Promise<{ sent: number; failed: number }> {
  const stormIndex = o.storm ? DEMO_RESERVOIRS.findIndex((r) => r.name === o.storm) : -1;
  if (o.storm && stormIndex < 0) throw new Error(`No demo reservoir named ${o.storm}; try ${DEMO_RESERVOIRS[0].name}`);
  let sent = 0;
  let failed = 0;
  const t = o.transport;
  // MQTT: one connection per device (its token as user name, or in the topic for an external broker)
  const mqttClients = new Map<string, import('mqtt').MqttClient>();
  const client = async (token: string) => {
    if (t.via !== 'mqtt') throw new Error('not MQTT');
    let c = mqttClients.get(token);
    if (!c) {
      const { default: mqtt } = await import('mqtt');
      c = await mqtt.connectAsync(t.broker, { username: token, clientId: `vb-sim-${token}`, reconnectPeriod: 0, connectTimeout: 5000 });
      mqttClients.set(token, c);
    }
    return c;
  };
  const post = async (token: string, body: unknown) => {
    if (t.via === 'mqtt') {
      // QoS 1: the broker acknowledges once the readings are stored
      const ok = await client(token).then((c) => c.publishAsync(t.tokenInTopic ? `v1/devices/${token}/telemetry` : 'v1/devices/me/telemetry', JSON.stringify(body), { qos: 1 })).then(() => true, () => false);
      if (ok) sent++;
      else failed++;
      return;
    }
    const r = await fetch(`${o.url}/api/v1/${token}/telemetry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).catch(() => null);
    if (r?.ok) sent++;
    else failed++;
  };
  try {
    return await rounds(o, stormIndex, post, () => ({ sent, failed }));
  } finally {
    await Promise.all([...mqttClients.values()].map((c) => c.endAsync().catch(() => undefined)));
  }
}

/** Which way to reach the server: what its /healthz says about MQTT, unless the caller chose. */
export async function pickTransport(url: string, want: 'auto' | 'http' | 'mqtt', mqttUrl: string | null): Promise<Transport> {
  if (want === 'http') return { via: 'http' };
  const health = await fetch(`${url}/healthz`).then((r) => r.json() as Promise<{ mqtt?: { mode: string; port: number | null } }>).catch(() => null);
  const m = health?.mqtt;
  if (m?.mode === 'embedded' && m.port) return { via: 'mqtt', broker: `mqtt://${new URL(url).hostname}:${m.port}`, tokenInTopic: false };
  if (m?.mode === 'external' && mqttUrl) return { via: 'mqtt', broker: mqttUrl, tokenInTopic: true };
  if (want === 'mqtt') throw new Error(health ? 'The server has no MQTT broker (MQTT_PORT=0?) and MQTT_URL is not set here' : `No server answers at ${url}`);
  return { via: 'http' };
}

async function rounds(o: SimulateOptions, stormIndex: number, post: (token: string, body: unknown) => Promise<void>, counts: () => { sent: number; failed: number }) {
  let last = 0;
  for (let round = 0; round < o.rounds; round++) {
    // now, and never the same millisecond twice (rounds sent back to back are distinct readings)
    const ts = (last = Math.max(Date.now(), last + 1));
    await Promise.all(DEMO_RESERVOIRS.map(async (r, i) => {
      const storm = i === stormIndex;
      const level = storm ? r.base - 1 + round * 0.2 : r.base - 1 + Math.sin((round + i) / 6) * 0.3;
      await post(demoToken(i, 'water_level'), { ts, values: { level: Math.round(level * 100) / 100 } });
      await post(demoToken(i, 'rainfall'), { ts, values: { rain: storm ? 6 + (round % 3) : Math.max(0, Math.round(Math.sin(round / 4) * 10) / 10) } });
      if (r.seepage) await post(demoToken(i, 'seepage_pressure'), { ts, values: { value: 120 + (storm ? round * 2 : 0) } });
    }));
    if (stormIndex >= 0) o.log(`round ${round + 1}/${o.rounds}: ${o.storm} at ${(DEMO_RESERVOIRS[stormIndex].base - 1 + round * 0.2).toFixed(1)} m`);
    if (o.intervalMs > 0 && round < o.rounds - 1) await new Promise((res) => setTimeout(res, o.intervalMs));
  }
  return counts();
}

export { defaultServerUrl, recordRunningServer, RUNNING_SERVER_FILE } from '../platform/running-server.ts';
