import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

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
});
