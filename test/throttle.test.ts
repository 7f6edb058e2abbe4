/**
 * Issue 11, fault 7: no throttling of password log-in or of one-time codes. Now: exponential back-off
 * per account and per client address (429 TOO_MANY_ATTEMPTS with Retry-After), codes sent per address
 * limited the same way, and a code is compared at most OTP_MAX_ATTEMPTS times even under parallel guesses.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { inArray, sql } from 'drizzle-orm';
import { otpCodes, smsOutbox } from '../src/people/people.schema.ts';
import { describeOnDatabases } from './helpers/on-databases.ts';
import { makeArea, makePhone, makeStaff } from './helpers/factories.ts';

let ipCounter = 0;
const freshIp = () => `10.${Math.floor(++ipCounter / 250) % 250}.${ipCounter % 250}.${1 + (process.pid % 200)}`;

describeOnDatabases('log-in and code throttling', ({ vb, kind }) => {
  const login = (username: string, password: string, ip = freshIp()) =>
    vb.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  it('60 wrong passwords in a burst for one account: at most the free attempts are checked, the rest 429 with Retry-After; the right one waits too', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const answers = await Promise.all(Array.from({ length: 60 }, () => login(op.username, 'wrong-password')));
    const by = (s: number) => answers.filter((r) => r.statusCode === s);
    assert.equal(by(401).length + by(429).length, 60);
    assert.ok(by(401).length <= vb.config.loginAttemptsPerAccount + 1, `${by(401).length} passwords were checked`);
    const refused = by(429)[0];
    assert.equal(refused.json().error.code, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After');
    assert.equal(refused.json().error.details.retryAfterSeconds, Number(refused.headers['retry-after']));
    const right = await login(op.username.toUpperCase(), op.password);
    assert.equal(right.statusCode, 429, 'the account waits, whoever knows the password');
  });

  it('one address guessing many accounts is held back; another address is not', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < vb.config.loginAttemptsPerIp + 5; i++) statuses.push((await login(`nobody-${kind}-${i}`, 'x', ip)).statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, vb.config.loginAttemptsPerIp + 1);
    assert.equal(statuses.at(-1), 429);
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    assert.equal((await login(op.username, op.password, ip)).statusCode, 429, 'not even a right password from that address');
    assert.equal((await login(op.username, op.password)).statusCode, 200, 'from elsewhere the account is fine');
  });

  it('successful log-ins from one address (an office) do not add up', async () => {
    const area = await makeArea(vb);
    const op = await makeStaff(vb, 'operator', area.townships[0]);
    const ip = freshIp();
    for (let i = 0; i < vb.config.loginAttemptsPerIp + 10; i++) assert.equal((await login(op.username, op.password, ip)).statusCode, 200);
  });

  it('50 codes to 50 numbers from one address in a burst: only the free ones are sent', async () => {
    const ip = freshIp();
    const phones = Array.from({ length: 50 }, () => makePhone());
    const answers = await Promise.all(phones.map((phone) => vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone }, remoteAddress: ip })));
    const sent = answers.filter((r) => r.statusCode === 200).length;
    assert.ok(sent <= vb.config.otpSendsPerIp + 1, `${sent} codes sent`);
    const refused = answers.find((r) => r.statusCode === 429)!;
    assert.equal(refused.json().error.code, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(refused.headers['retry-after']) >= 1);
    const [{ n }] = await vb.platform.db.select({ n: sql<number>`count(*)::int` }).from(smsOutbox).where(inArray(smsOutbox.phone, phones));
    assert.equal(n, sent, 'no SMS for a refused request');
    const other = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone: makePhone() }, remoteAddress: freshIp() });
    assert.equal(other.statusCode, 200, 'another address is served');
  });

  it('200 parallel wrong codes (from many addresses) are compared at most 5 times; the right code is then refused too', async () => {
    const phone = makePhone();
    assert.equal((await vb.app.inject({ method: 'POST', url: '/api/auth/otp/request', payload: { phone }, remoteAddress: freshIp() })).statusCode, 200);
    const [row] = await vb.platform.db.select().from(smsOutbox).where(inArray(smsOutbox.phone, [phone]));
    const code = /验证码 (\d{6})/.exec(row.text)![1];
    const wrong = code === '000000' ? '000001' : '000000';
    const answers = await Promise.all(Array.from({ length: 200 }, () =>
      vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code: wrong }, remoteAddress: freshIp() })));
    const compared = answers.filter((r) => r.statusCode === 401 && r.json().error.message === 'Wrong code').length;
    assert.ok(compared <= 5, `${compared} guesses were compared`);
    assert.ok(answers.every((r) => r.statusCode === 401), 'every guess is a 401');
    const [otp] = await vb.platform.db.select().from(otpCodes).where(inArray(otpCodes.phone, [phone]));
    assert.equal(otp.attempts, 5);
    const right = await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone, code }, remoteAddress: freshIp() });
    assert.equal(right.statusCode, 401);
    assert.equal(right.json().error.code, 'OTP_EXPIRED');
  });

  it('wrong codes from one address are held back', async () => {
    const ip = freshIp();
    let last = 0;
    for (let i = 0; i < vb.config.loginAttemptsPerIp + 3; i++) {
      last = (await vb.app.inject({ method: 'POST', url: '/api/auth/otp/verify', payload: { phone: makePhone(), code: '123456' }, remoteAddress: ip })).statusCode;
    }
    assert.equal(last, 429);
  });
});
