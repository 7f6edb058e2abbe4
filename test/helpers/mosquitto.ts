/**
 * A Mosquitto of the test's own (Debian's /usr/sbin/mosquitto) on a free port, with persistence in a
 * temporary directory: the external-broker tests restart it, configure its queue limits and publish
 * its counters every second, without sharing the machine's broker (and its queues) with other tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
export const hasMosquitto = fs.existsSync(MOSQUITTO_BIN);

export interface TestBroker {
  port: number;
  url: string;
  /** A clean stop (SIGTERM: the broker writes its persistence file), then the same port again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(port));
  });
});

export const reachable = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

/** Start one; `extra` lines go into its configuration (e.g. `max_queued_messages 100`). */
export async function startMosquitto(extra: string[] = []): Promise<TestBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-mosquitto-'));
  // started as root, mosquitto drops to its own user, which must be able to write its persistence file
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(conf, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence true', `persistence_location ${dir}/`,
    'sys_interval 1', process.env.MOSQUITTO_LOG ? `log_dest file ${process.env.MOSQUITTO_LOG}` : 'log_dest none', ...(process.env.MOSQUITTO_LOG ? ['log_type all'] : []), ...extra, '',
  ].join('\n'));
  let child: ChildProcess | null = null;
  const up = async () => {
    child = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: 'ignore' });
    const end = Date.now() + 10_000;
    while (!(await reachable(port))) {
      if (Date.now() > end) throw new Error(`mosquitto did not start on port ${port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const down = async () => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await up();
  return {
    port, url: `mqtt://127.0.0.1:${port}`,
    restart: async () => {
      await down();
      await up();
    },
    stop: async () => {
      await down();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP relay between a client and the broker that can be cut: `partition()` black-holes both ways
 * (the sockets stay open, nothing passes, as when a link drops without a reset), `heal()` lets bytes
 * through again — the stalled connections are destroyed so the client reconnects.
 */
export async function startRelay(target: number): Promise<{ port: number; partition(): void; heal(): void; close(): Promise<void> }> {
  let cut = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((inbound) => {
    if (cut) return; // accepted but never answered, like a peer behind a dead link
    const outbound = net.connect(target, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [inbound, outbound];
    pairs.add(pair);
    const end = () => {
      inbound.destroy();
      outbound.destroy();
      pairs.delete(pair);
    };
    inbound.on('data', (d) => void (cut || outbound.write(d)));
    outbound.on('data', (d) => void (cut || inbound.write(d)));
    inbound.on('close', end).on('error', end);
    outbound.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    partition: () => void (cut = true),
    heal: () => {
      cut = false;
      for (const s of sockets) s.destroy();
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
    },
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}
