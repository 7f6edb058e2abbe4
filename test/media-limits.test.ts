/**
 * Issue 11, faults 11 and 15 (parts): an upload's pixel count is limited (MEDIA_MAX_PIXELS) and refused
 * from its header; a broken multipart body is a 400, not a 500; the router's own 414 and bad-URL 400
 * answer in the error model.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { media } from '../src/platform/db/platform.schema.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makeStaff, type TestUser } from './helpers/factories.ts';

const B = '----vblimits';
const filePart = (bytes: Buffer | string, type = 'image/png') =>
  Buffer.concat([Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: ${type}\r\n\r\n`), Buffer.from(bytes), Buffer.from(`\r\n--${B}--\r\n`)]);

describeOnDatabases('upload limits and framework errors', { env: { MEDIA_MAX_PIXELS: '20000' } }, ({ vb }) => {
  let op: TestUser;
  before(async () => {
    const area = await makeArea(vb);
    op = await makeStaff(vb, 'operator', area.townships[0]);
  });

  const mediaCount = async () => (await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(media))[0].n;
  const upload = (payload: Buffer | string, contentType = `multipart/form-data; boundary=${B}`) =>
    vb.app.inject({ method: 'POST', url: '/api/media', headers: { ...op.auth, 'content-type': contentType }, payload });

  it('an image over MEDIA_MAX_PIXELS is 413 MEDIA_TOO_MANY_PIXELS and nothing is stored; one under it is taken', async () => {
    assert.equal(vb.config.mediaMaxPixels, 20000);
    const big = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#336699' } }).png().toBuffer();
    const before = await mediaCount();
    const r = await upload(filePart(big));
    assert.equal(r.statusCode, 413, r.body);
    assert.equal(r.json().error.code, 'MEDIA_TOO_MANY_PIXELS');
    assert.deepEqual([r.json().error.details.field, r.json().error.details.limit, r.json().error.details.pixels], ['file', 20000, 30000]);
    assert.equal(await mediaCount(), before);
    const small = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#336699' } }).png().toBuffer();
    assert.equal((await upload(filePart(small))).statusCode, 201);
  });

  it('the default limit is documented and set', async () => {
    const { loadConfig, SETTINGS_DOC } = await import('../src/platform/config.ts');
    assert.equal(loadConfig({}).mediaMaxPixels, 60_000_000);
    assert.ok(SETTINGS_DOC.some(([name]) => name === 'MEDIA_MAX_PIXELS'));
  });

  it('a broken multipart body is 400 MULTIPART_MALFORMED, nothing stored', async () => {
    const before = await mediaCount();
    for (const [payload, type] of [
      [`--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nabc`, undefined], // cut off
      ['garbage', 'multipart/form-data'], // no boundary
      ['garbage', undefined], // no part
    ] as const) {
      const r = await upload(payload, type);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, 'MULTIPART_MALFORMED');
      assert.equal(r.json().error.details.field, 'file');
    }
    assert.equal(await mediaCount(), before);
  });

  it('a path segment past the router\'s limit is 414 URI_TOO_LONG, a bad percent-encoding 400 BAD_URL, in the error model', async () => {
    const long = await vb.app.inject({ url: `/api/cases/${'a'.repeat(5000)}`, headers: op.auth });
    assert.equal(long.statusCode, 414);
    assert.deepEqual(Object.keys(long.json()), ['error']);
    assert.equal(long.json().error.code, 'URI_TOO_LONG');
    assert.equal(typeof long.json().error.message, 'string');
    const bad = await vb.app.inject({ url: '/api/regions/%E0%A4%A', headers: op.auth });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'BAD_URL');
    assert.deepEqual(bad.json().error.details, {});
  });
});
