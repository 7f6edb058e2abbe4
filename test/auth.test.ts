import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { desc, eq, sql } from 'drizzle-orm';
import { otpCodes, sessions, smsOutbox } from '../src/people/people.schema.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makePhone, makeStaff } from './helpers/factories.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

async function lastSmsCode(vb: TestApp, phone: string): Promise<string> {
  const [row] = await vb.platform.db.select().from(smsOutbox).where(eq(smsOutbox.phone, phone)).orderBy(desc(smsOutbox.createdAt)).limit(1);
  const m = /验证码 (\d{6})/.exec(row.text);
  assert.ok(m, row.text);
  return m[1];
}

describeOnDatabases('log-in and sessions', ({ vb, kind }) => {
  let gateway: Receiver;
  let viaGateway: TestApp;
  before(async () => {
    gateway = await startReceiver();
    viaGateway = await createTestApp(kind, { SMS_PROVIDER: 'http', SMS_HTTP_URL: gateway.url, OTP_COOLDOWN_SECONDS: '60' });
  });
  after(async () => {
    await viaGateway.destroy();
    await gateway.close();
  });

  it('staff log in with a password: cookie for the browser, bearer token for the API', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const res = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: op.username.toUpperCase(), password: op.password } });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'vb_session');
    assert.ok(cookie?.httpOnly && cookie.sameSite === 'Lax');
    const me = await vb.app.inject({ url: '/api/me', cookies: { vb_session: cookie!.value } });
    assert.equal(me.json().id, op.id);
    assert.deepEqual(me.json().scopes['regions.read'], [area.townships[0].slice(0, 9)]);
    const viaBearer = await vb.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${res.json().token}` } });
    assert.equal(viaBearer.statusCode, 200);
    await vb.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${res.json().token}` } });
    assert.equal((await vb.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${res.json().token}` } })).statusCode, 401);
  });

  it('a wrong password or unknown user is 401 INVALID_CREDENTIALS; a malformed body names the field', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    for (const payload of [{ username: op.username, password: 'wrong-password' }, { username: 'nobody-here', password: 'whatever1' }]) {
      const r = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().error.code, 'INVALID_CREDENTIALS');
    }
    const missing = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: op.username } });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().error.details.field, 'password');
    const broken = await vb.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "a",' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'MALFORMED_BODY');
    const huge = await vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'x'.repeat(2_000_000) } });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'BODY_TOO_LARGE');
    const sessionsCount = await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(sessions);
    assert.ok(sessionsCount[0].n >= 1);
  });

  it('residents log in with phone + one-time code (development provider: log + sms_outbox)', async () => {
    const phone = makePhone();
    const sent = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone: `+86 ${phone}` } });
    assert.equal(sent.statusCode, 200, sent.body);
    const code = await lastSmsCode(vb, phone);
    const wrong = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code: code === '000000' ? '111111' : '000000' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'OTP_INVALID');
    const ok = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().user.kind, 'tourist', 'a new phone becomes a tourist account');
    const again = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
    assert.equal(again.statusCode, 401, 'a code works once');
  });

  it('an expired code is refused; bad phones are 400 naming the field', async () => {
    const phone = makePhone();
    await vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
    const code = await lastSmsCode(vb, phone);
    await vb.platform.db.update(otpCodes).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(otpCodes.phone, phone));
    const r = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code } });
    assert.equal(r.statusCode, 401);
    assert.equal(r.json().error.code, 'OTP_EXPIRED');
    const bad = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone: '12345678901' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details.field, 'phone');
    const badCode = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code: '12ab56' } });
    assert.equal(badCode.statusCode, 400);
    assert.equal(badCode.json().error.details.field, 'code');
  });

  it('the HTTP SMS provider posts to the gateway; a second code within the cooldown is 429', async () => {
    const phone = makePhone();
    const r = await viaGateway.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(gateway.received.length, 1);
    const body = JSON.parse(gateway.received[0].body);
    assert.equal(body.phone, phone);
    assert.match(body.text, /验证码 \d{6}/);
    const soon = await viaGateway.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
    assert.equal(soon.statusCode, 429);
    assert.equal(soon.json().error.code, 'OTP_TOO_SOON');
  });

  it('a failing gateway is a clear error and leaves no usable code behind', async () => {
    const phone = makePhone();
    gateway.status = 500;
    try {
      const r = await viaGateway.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone } });
      assert.equal(r.statusCode, 502);
      assert.equal(r.json().error.code, 'SMS_SEND_FAILED');
      const codes = await viaGateway.platform.db.select().from(otpCodes).where(eq(otpCodes.phone, phone));
      assert.equal(codes.length, 0, 'the code row was rolled back with the failed send');
    } finally {
      gateway.status = 200;
    }
  });
});
