/** `vb simulate`: the demo's devices and cameras report to a running server, over MQTT or HTTP. */
import { AppError } from '../platform/errors.ts';
import type { CliCommand } from '../platform/module.ts';

export const simulateCommand: CliCommand = {
  summary: 'Demo devices report to a running server; --storm NAME makes one reservoir flood',
  usage: 'vb simulate [--url (default: the running server\'s port, else PORT or 3000)] [--via auto|mqtt|http] [--storm 杨家源水库] [--rounds 24] [--every 2000]   (each round is half an hour of readings; auto = MQTT when the server has a broker)\n' +
    'vb simulate --cameras [--url …] [--minutes 10] [--fast]   (the demo cameras: vendors warned by the speaker, bins, parking, smoke, an angler)',
  options: { url: { type: 'string' }, via: { type: 'string' }, storm: { type: 'string' }, rounds: { type: 'string' }, every: { type: 'string' }, cameras: { type: 'boolean' }, minutes: { type: 'string' }, fast: { type: 'boolean' } },
  async run({ config, values: v }) {
    if (v.cameras) {
      const { simulateCameras } = await import('./camera-sim.ts');
      const minutes = Number(v.minutes ?? 10);
      if (!(minutes > 0 && minutes <= 24 * 60)) throw new AppError('USAGE', 2, '--minutes is a number of minutes (up to a day)');
      const { defaultServerUrl } = await import('./simulator.ts');
      const url = (v.url as string | undefined) ?? defaultServerUrl(process.env, config.dataDir, config.port);
      const r = await simulateCameras({ url, minutes, fast: v.fast === true, log: (l) => console.log(l) });
      console.log(`Sent ${r.sent} camera events to ${url}; ${r.warnings} speaker warnings heard${r.failed ? `; ${r.failed} failed (is the server running?)` : ''}.`);
      if (r.warnings === 0 && r.sent > 0) {
        console.log('No warning was played: speakers stay quiet 22:00–07:00 Beijing time (事件配置 → 摄像头策略 → 0501 to change it), or the server cannot reach this simulator\'s speaker port; the vendors\' cases opened without a warning.');
      }
      if (r.sent === 0) process.exitCode = 1;
      return;
    }
    const { defaultServerUrl, pickTransport, simulate } = await import('./simulator.ts');
    const rounds = Number(v.rounds ?? 24);
    const every = Number(v.every ?? 2000);
    if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(every) || every < 0) throw new AppError('USAGE', 2, '--rounds and --every are whole numbers');
    const url = (v.url as string | undefined) ?? defaultServerUrl(process.env, config.dataDir, config.port);
    const via = (v.via as string | undefined) ?? 'auto';
    if (!['auto', 'mqtt', 'http'].includes(via)) throw new AppError('USAGE', 2, '--via is auto, mqtt or http');
    try {
      const transport = await pickTransport(url, via as 'auto', config.mqttUrl ?? null);
      const to = transport.via === 'mqtt' ? `${transport.broker} (MQTT)` : `${url} (HTTP)`;
      const r = await simulate({ url, transport, storm: (v.storm as string | undefined) ?? null, rounds, intervalMs: every, log: (l) => console.log(l) });
      console.log(`Sent ${r.sent} messages to ${to}${r.failed ? `; ${r.failed} failed (is the server running?)` : ''}.`);
      if (r.sent === 0) process.exitCode = 1;
    } catch (err) {
      throw new AppError('USAGE', 2, (err as Error).message);
    }
  },
};
