import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { BrokerWatch, DROPPED_TOPIC } from './broker-watch.ts';

describe('broker watch', () => {
  const setup = () => {
    const lines: string[] = [];
    const inbound = { inFlight: 0, peak: 0, taken: 0, failed: 0, skipped: 0 };
    const watch = new BrokerWatch(pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) }), inbound, 10);
    return { lines, inbound, watch };
  };

  it('a retained counter is the baseline; a rise after it is a drop, logged and shown', () => {
    const { lines, watch } = setup();
    const t = Date.parse('2026-07-01T08:00:00Z');
    watch.onSys(DROPPED_TOPIC, Buffer.from('5000'), true, t);
    assert.equal(watch.health(t).status, 'ok');
    watch.onSys(DROPPED_TOPIC, Buffer.from('5120'), false, t + 10_000);
    assert.deepEqual([watch.health(t + 10_000).status, watch.health(t + 10_000).brokerDropped], ['dropping', 120]);
    assert.equal(lines.length, 1);
    assert.equal(watch.health(t + 20 * 60_000).status, 'ok', 'no drops for a while: ok again');
    watch.onSys('$SYS/broker/uptime', Buffer.from('12 seconds'), false, t);
    watch.onSys(DROPPED_TOPIC, Buffer.from('not a number'), false, t);
    assert.equal(watch.health(t).brokerDropped, 120);
  });

  it('a window full for 10 s is lagging, said once per stretch', () => {
    const { lines, inbound, watch } = setup();
    inbound.inFlight = 10;
    watch.tick(0);
    watch.tick(5000);
    assert.equal(watch.health(5000).status, 'ok');
    watch.tick(10_000);
    watch.tick(15_000);
    assert.equal(watch.health(15_000).status, 'lagging');
    assert.equal(lines.length, 1);
    inbound.inFlight = 3;
    watch.tick(20_000);
    assert.equal(watch.health(20_000).status, 'ok');
  });
});
