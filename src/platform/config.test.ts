import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, trustProxyOption } from './config.ts';

describe('config', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.databaseUrl, null);
    assert.ok(c.dataDir.endsWith('data'));
    assert.equal(c.smsProvider, 'log');
  });

  it('reports every bad value at once, naming the variable', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED_DEMO: 'maybe', SMS_PROVIDER: 'http', LOG_LEVEL: 'loud', MEDIA_MAX_BYTES: '10' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const msg = (err as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'SEED_DEMO', 'SMS_HTTP_URL', 'LOG_LEVEL', 'MEDIA_MAX_BYTES']) assert.match(msg, new RegExp(name));
    }
  });

  it('accepts PostgreSQL URLs', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/vb' }).databaseUrl, 'postgres://u:p@db:5432/vb');
  });

  it('trusts no proxy by default; TRUST_PROXY takes a hop count or addresses and CIDRs, and refuses "true"', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(trustProxyOption(false), false);
    assert.equal(loadConfig({ TRUST_PROXY: 'off' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    const hops = trustProxyOption(2) as (a: string, hop: number) => boolean;
    assert.deepEqual([0, 1, 2].map((h) => hops('10.0.0.1', h)), [true, true, false], 'the two hops nearest the server');
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,fd00::/8' }).trustProxy, ['10.0.0.5', '10.1.0.0/16', 'loopback', 'fd00::/8']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2', '99']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), (err: Error) => err instanceof ConfigError && /TRUST_PROXY/.test(err.message), bad);
    }
  });

  it('PostgreSQL timeouts and keepalive have defaults and bounds', () => {
    const c = loadConfig({});
    assert.deepEqual([c.dbConnectTimeoutMs, c.dbStatementTimeoutMs, c.dbIdleTimeoutMs, c.dbKeepaliveMs], [3000, 60_000, 30_000, 10_000]);
    assert.equal(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0' }).dbStatementTimeoutMs, 0, '0: no statement timeout');
    assert.throws(() => loadConfig({ DB_CONNECT_TIMEOUT_MS: '0' }), /DB_CONNECT_TIMEOUT_MS/);
  });
});
